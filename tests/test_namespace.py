"""The closed namespace module is generated from the current ontology."""

from __future__ import annotations

from pathlib import Path

import pytest

from cybergraph.core.resources import ROOT
from cybergraph.rdf import vocabgen as codegen
from cybergraph.rdf.vocab import CG


def test_namespace_module_is_current() -> None:
    generated = codegen.render(ROOT / "ontology" / "cybergraph.ttl")
    current = (Path(codegen.__file__).with_name("vocab.py")).read_text(encoding="utf-8")
    assert current == generated, "vocab.py is out of date: run `make namespace`"


def test_namespace_is_closed() -> None:
    assert str(CG.Convention) == "https://w3id.org/cybergraph/def#Convention"
    with pytest.raises(AttributeError):
        _ = CG.Covention

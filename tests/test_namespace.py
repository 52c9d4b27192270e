"""The closed namespace module is generated from the current ontology."""

from __future__ import annotations

from pathlib import Path

import pytest

from cybergraph import codegen
from cybergraph.namespace import CG
from cybergraph.resources import ROOT


def test_namespace_module_is_current() -> None:
    generated = codegen.render(ROOT / "ontology" / "cybergraph.ttl")
    current = (Path(codegen.__file__).with_name("namespace.py")).read_text(encoding="utf-8")
    assert current == generated, "namespace.py is out of date: run `make namespace`"


def test_namespace_is_closed() -> None:
    assert str(CG.Convention) == "https://w3id.org/cybergraph/def#Convention"
    with pytest.raises(AttributeError):
        _ = CG.Covention

"""The closed vocabulary module is generated from the current ontology."""

from __future__ import annotations

from pathlib import Path

import pytest

from cybergraph.core.resources import ROOT
from cybergraph.rdf import vocabgen
from cybergraph.rdf.terms import RDFS, SKOS
from cybergraph.rdf.vocab import CG, STANDARD_TERMS


def test_vocabulary_module_is_current() -> None:
    generated = vocabgen.render(ROOT / "ontology" / "cybergraph.ttl")
    current = Path(vocabgen.__file__).with_name("vocab.py").read_text(encoding="utf-8")
    assert current == generated, "src/cybergraph/rdf/vocab.py is out of date: run `make namespace`"


def test_vocabulary_is_closed() -> None:
    assert CG.Convention.value == "https://w3id.org/cybergraph/def#Convention"
    with pytest.raises(AttributeError):
        _ = CG.Covention  # type: ignore[attr-defined]


def test_standard_vocabularies_know_their_terms() -> None:
    assert "label" in STANDARD_TERMS[RDFS]
    assert "prefLabel" in STANDARD_TERMS[SKOS]
    assert "prefLable" not in STANDARD_TERMS[SKOS]

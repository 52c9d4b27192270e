"""Terms in N-Triples form: the text that VALUES blocks, TSV results and N-Triples output are made of."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from cybergraph.rdf.terms import iri_ref, ntriples


def test_literals_escape_what_could_end_them() -> None:
    value = 'a "quoted" } UNION { ?s ?p ?o }\n\\u0022\t\x01\x7f'
    assert ntriples(ox.Literal(value)) == r'"a \"quoted\" } UNION { ?s ?p ?o }\n\\u0022\t\u0001\u007F"'
    # What oxigraph's own parser reads back is the value itself.
    triple = f"<http://e/s> <http://e/p> {ntriples(ox.Literal(value))} ."
    assert next(iter(ox.parse(triple.encode(), format=ox.RdfFormat.N_TRIPLES))).object.value == value


def test_language_and_datatype() -> None:
    assert ntriples(ox.Literal("x", language="en-GB")) == '"x"@en-gb'
    assert ntriples(ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))) == (
        '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'
    )
    assert ntriples(ox.BlankNode("b0")) == "_:b0"


@pytest.mark.parametrize(
    "iri", ["http://e/> } UNION { <http://e/x", "http://e/a b", 'http://e/"', "http://e/\\u0020"]
)
def test_iris_that_could_end_the_brackets_are_refused(iri: str) -> None:
    with pytest.raises(ValueError, match="not a valid IRI"):
        iri_ref(iri)

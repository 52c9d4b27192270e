"""Complex result paths: the text a finding carries (SPARQL property-path syntax) and back to SHACL's RDF."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from cybergraph.rdf.rdflib_bridge import from_ox
from cybergraph.validation import paths
from cybergraph.validation.shapes import path_text

EX = "http://example.org/"
PREFIXES = f"@prefix sh: <{SH}> . @prefix ex: <{EX}> .\n"

# SHACL path (Turtle) -> the text a finding carries
CASES = {
    "ex:a": f"{EX}a",
    "[ sh:inversePath ex:a ]": f"(^<{EX}a>)",
    "( ex:a ex:b )": f"(<{EX}a>/<{EX}b>)",
    "[ sh:alternativePath ( ex:a [ sh:inversePath ex:b ] ) ]": f"(<{EX}a>|^<{EX}b>)",
    "[ sh:inversePath ( ex:a ex:b ) ]": f"(^(<{EX}a>/<{EX}b>))",
    "[ sh:zeroOrMorePath [ sh:alternativePath ( ex:a ex:b ) ] ]": f"(<{EX}a>|<{EX}b>)*",
    "( [ sh:oneOrMorePath ex:a ] [ sh:zeroOrOnePath ex:b ] )": f"(<{EX}a>+/<{EX}b>?)",
}


def shacl_path(turtle: str) -> tuple[Graph, object]:
    graph = Graph().parse(data=f"{PREFIXES}<{EX}s> sh:path {turtle} .", format="turtle")
    return graph, graph.value(URIRef(f"{EX}s"), SH.path)


@pytest.mark.parametrize("turtle", sorted(CASES))
def test_a_path_is_written_as_sparql_and_read_back_to_the_same_shacl_path(turtle: str) -> None:
    graph, node = shacl_path(turtle)
    text = path_text(graph, node)  # type: ignore[arg-type]
    assert text == CASES[turtle]
    if not paths.is_complex(text):
        return
    counter = iter(range(1000))
    term, triples = paths.to_rdf(paths.parse(text), lambda: ox.BlankNode(f"b{next(counter)}"))
    rebuilt = Graph()
    for t in triples:
        rebuilt.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    assert path_text(rebuilt, from_ox(term)) == text


def test_a_path_is_shortened_for_a_person() -> None:
    text = f"(<{EX}a>|^<{EX}b>)"
    assert paths.shorten(text, lambda iri: "ex:" + iri[len(EX) :]) == "(ex:a|^ex:b)"


@pytest.mark.parametrize("text", ["(<a>|", "(<a>))", "(<a> <b>)", "(a)", "()", "(<a>|*)"])
def test_a_text_that_is_not_a_path_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a property path"):
        paths.parse(text)

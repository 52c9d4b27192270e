"""The Turtle scanner: statements split where a reader would, and the line where each entity is described."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from cybergraph.core.resources import ROOT
from cybergraph.validation.statements import scan, split

CGID = "https://w3id.org/cybergraph/id/"

TEXT = """@prefix cg: <https://w3id.org/cybergraph/def#> .
@prefix cgid: <https://w3id.org/cybergraph/id/> .
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

# A comment with a dot. And "a quote
cgid:a a cg:State ;
    rdfs:label "A. B. C."@en , '''x . y
z'''@en ;
    cg:value 1.5 .
<https://w3id.org/cybergraph/id/b> cg:memberOf cgid:a.
cgid:c.d cg:memberOf [ cg:memberOf cgid:a ] .
"""


def test_statements_end_at_dots_outside_strings_iris_and_comments() -> None:
    statements = split(TEXT)
    assert [(s.line, s.column, s.text.split()[0]) for s in statements] == [
        (1, 1, "@prefix"),
        (2, 1, "@prefix"),
        (3, 1, "PREFIX"),  # a SPARQL-style PREFIX has no dot: it runs into the next statement
        (10, 1, "<https://w3id.org/cybergraph/id/b>"),
        (11, 1, "cgid:c.d"),
    ]
    assert statements[2].text.endswith("cg:value 1.5 .")


def test_subject_lines_are_the_first_line_where_each_iri_is_a_subject() -> None:
    layout = scan(TEXT)
    assert layout.subject_lines == {URIRef(CGID + "a"): 6, URIRef(CGID + "b"): 10, URIRef(CGID + "c.d"): 11}
    assert layout.mention_lines[URIRef("https://w3id.org/cybergraph/def#memberOf")] == 10
    assert layout.prefixes["rdfs"] == "http://www.w3.org/2000/01/rdf-schema#"


def test_an_unterminated_string_ends_with_its_line() -> None:
    text = 'cgid:a cg:x "open .\ncgid:b cg:y "z" .\ncgid:c cg:z "w" .\n'
    assert [s.line for s in split(text)] == [1, 3]


@pytest.mark.parametrize(
    "path",
    [*sorted((ROOT / "data").rglob("*.ttl")), ROOT / "ontology" / "cybergraph.ttl"],
    ids=lambda p: p.name,
)
def test_every_subject_of_the_project_files_is_found(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    graph = Graph().parse(data=text, format="turtle")
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef)}
    assert set(scan(text).subject_lines) == subjects


def test_a_statement_splits_into_its_predicate_object_parts() -> None:
    from cybergraph.validation.statements import segments, subject_token

    text = 'cgid:a a cg:X ; rdfs:label "x ; y"@en ; cg:p [ cg:q 1 ; cg:r 2 ] ; .'
    assert [part.strip() for _offset, part in segments(text)] == [
        "cgid:a a cg:X",
        'rdfs:label "x ; y"@en',
        "cg:p [ cg:q 1 ; cg:r 2 ]",
    ]
    assert subject_token(text) == "cgid:a"
    assert subject_token("[ a cg:X ] .") is None

"""The lexer that finds where a query's WHERE clause opens, whether it calls SERVICE, and its IRIs."""

from __future__ import annotations

import pytest

from cybergraph.core.errors import InputError
from cybergraph.query.sparql import Query, check_syntax, tokens
from cybergraph.rdf.terms import PREFIXES


def test_strings_comments_and_iris_hide_braces_and_keywords() -> None:
    text = """# a comment with { and SERVICE
PREFIX ex: <http://e/{x}>
SELECT ?x WHERE { ?x ex:p "} UNION { SERVICE" , '''{''' , \"\"\"a "b" }\"\"\" } ORDER BY ?x"""
    q = Query(text)
    assert [t.kind for t in tokens(text)].count("string") == 3
    assert q.form == "SELECT"
    assert q.ordered
    assert q.where_open is not None and text[q.where_open - 1] == "{"
    assert q.where_close is not None and text[q.where_close :] == "} ORDER BY ?x"


def test_construct_where_opens_after_the_template() -> None:
    text = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    q = Query(text)
    assert text[: q.where_open] == "CONSTRUCT { ?s ?p ?o } WHERE {"
    assert not q.is_short_construct
    assert Query("CONSTRUCT WHERE { ?s ?p ?o }").is_short_construct


def test_projection_braces_do_not_open_the_where_clause() -> None:
    text = "SELECT (EXISTS { ?a ?b ?c } AS ?e) FROM <http://g/> WHERE { ?s ?p ?o }"
    q = Query(text)
    assert text[: q.where_open].endswith("WHERE {")


def test_a_where_clause_that_is_a_subselect() -> None:
    q = Query("SELECT * { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s }")
    assert q.where_is_subselect
    assert not q.ordered  # the ORDER BY is inside the sub-select


def test_describe_without_where() -> None:
    q = Query("DESCRIBE <http://e/x>")
    assert q.form == "DESCRIBE" and q.where_open is None


def test_update_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        Query("PREFIX ex: <http://e/>\nDELETE WHERE { ?s ?p ?o }", origin="u.rq").form  # noqa: B018
    assert "a SPARQL update (DELETE)" in caught.value.message
    assert str(caught.value.position) == "u.rq:2:1"


def test_iris_expand_the_query_prefixes_then_the_defaults() -> None:
    q = Query("PREFIX cg: <http://other/> SELECT * WHERE { ?s cg:p cgid:x , <http://e/a> ; rdfs:label ?o . }")
    assert [iri for iri, _ in q.iris(PREFIXES)] == [
        "http://other/p",
        "https://w3id.org/cybergraph/id/x",
        "http://e/a",
        "http://www.w3.org/2000/01/rdf-schema#label",
    ]
    assert q.declared_prefixes == {"cg": "http://other/"}
    assert q.used_prefixes() == {"cg", "cgid", "rdfs"}


def test_a_prefixed_name_before_the_final_dot() -> None:
    assert [t.text for t in tokens("?s a cg:Convention.")] == ["?s", "a", "cg:Convention", "."]


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("SELECT * WHERE { ?s foo:bar ?o }", "q.rq:1:21", "SPARQL syntax error: unknown prefix foo:"),
        ('SELECT *\nWHERE {\n  ?s ?p ?o .\n  FILTER(?o = "x)\n}', "q.rq:4:15", "a string is not closed"),
        ("SELECT ?x WHERE { ?x ?p ?o } GROUP BY ?p", "q.rq:1:40", "variable that is unbound"),
        ("SELECT * WHERE { ?s ?p }", "q.rq:1:18", "SPARQL syntax error: unexpected '?s'"),
        (
            "SELECT * WHERE { ?s ?p ?o ",
            "q.rq:1:25",
            "SPARQL syntax error: the query ends before it is complete",
        ),
    ],
)
def test_syntax_errors_name_line_and_column(text: str, where: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        check_syntax(Query(text, origin="q.rq"), prefixes=PREFIXES)
    assert str(caught.value.position) == where
    assert message in caught.value.message

"""The first wall: SERVICE and FROM are found by a complete parse, wherever the text hides them."""

from __future__ import annotations

import pytest

from cybergraph.core.errors import InputError
from cybergraph.query.guard import MAX_NESTING, MAX_QUERY_BYTES, Unreadable, guard, inspect


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://x/> {}" }',
        "SELECT ?service WHERE { ?service ?p ?o }",
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:service ?o }",
        "SELECT * WHERE { ?s <http://e/SERVICE> ?o } # SERVICE <http://x/> { }",
        "SELECT * FROM <https://w3id.org/cybergraph/graph/ontology> WHERE { ?s ?p ?o }",
    ],
)
def test_words_that_are_not_service_pass(text: str) -> None:
    guard(text, origin="q", allow_service=False)


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("SELECT * WHERE { service <http://e/sparql> { ?s ?p ?o } }", "http://e/sparql"),
        ("SELECT * WHERE { SERVICE SILENT ?where { ?s ?p ?o } }", "?where"),
        (r"SELECT * WHERE { \u0053ERVICE <http://e/> { ?s ?p ?o } }", "http://e/"),
        (r"SELECT * WHERE { SERVICE <http://e/\u0041> { ?s ?p ?o } }", "http://e/A"),
        (
            "PREFIX e: <http://e/> SELECT * WHERE { { SELECT * WHERE { SERVICE e:s { ?a ?b ?c } } } }",
            "http://e/s",
        ),
        ("ASK { OPTIONAL { SERVICE <http://e/> { ?a ?b ?c } } }", "http://e/"),
    ],
)
def test_service_is_found_however_it_is_written(text: str, service: str) -> None:
    assert inspect(text).services == [service]
    with pytest.raises(InputError, match="the query calls a SERVICE"):
        guard(text, origin="q", allow_service=False)
    guard(text, origin="q", allow_service=True)


def test_a_remote_from_is_refused_and_the_datasets_own_graphs_pass() -> None:
    with pytest.raises(InputError, match=r"names the graph <http://e/g> in FROM"):
        guard("SELECT * FROM NAMED <http://e/g> WHERE { ?s ?p ?o }", origin="q", allow_service=False)


def test_a_query_over_the_size_limit_is_refused_before_it_is_parsed() -> None:
    text = "SELECT * WHERE { VALUES ?x { " + "1 " * (MAX_QUERY_BYTES // 2) + "} }"
    with pytest.raises(InputError, match="over the limit of 1,048,576 bytes"):
        guard(text, origin="q", allow_service=False)


def test_deep_nesting_is_refused_with_its_limit() -> None:
    text = "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o " + "} " * 3000
    with pytest.raises(InputError, match=f"more than {MAX_NESTING} levels"):
        guard(text, origin="q", allow_service=False)


def test_many_triple_patterns_are_read() -> None:
    text = "SELECT * WHERE { " + " ".join(f"?s{i} <http://e/p> ?o{i} ." for i in range(2000)) + " }"
    assert inspect(text).services == []


def test_a_text_the_grammar_cannot_read_is_unreadable_with_its_position() -> None:
    with pytest.raises(Unreadable) as caught:
        inspect("SELECT * WHERE {\n  ?s ?p ")
    assert caught.value.line == 2

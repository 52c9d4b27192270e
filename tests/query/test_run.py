"""Running queries: parameters bound as terms whatever their text, entities resolved, SERVICE refused,
time limits, and the same answers from every engine."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest

from cybergraph.core.errors import InputError, QueryTimeout, UsageError
from cybergraph.core.sandbox import within
from cybergraph.graph.dataset import fill_default_graph
from cybergraph.query.binding import complete, values_block
from cybergraph.query.catalogue import from_text
from cybergraph.query.engine import Embedded
from cybergraph.query.entities import resolve_entity
from cybergraph.query.results import Boolean, Solutions, Triples
from cybergraph.query.run import prepare, run_query
from cybergraph.query.sparql import Query, tokens
from tests.equivalence import Rdflib

ID = "https://w3id.org/cybergraph/id/"
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")


@pytest.fixture(scope="module")
def small() -> ox.Store:
    """Four entities, two of them both labelled "Council", in the graphs of two sections (and, as in a
    built store, in the default graph)."""
    store = ox.Store()
    g1, g2 = ox.NamedNode(ID + "sec-1"), ox.NamedNode(ID + "sec-2")
    facts = [
        ("itu", LABEL, ox.Literal("International Telecommunication Union", language="en"), g1),
        ("itu", ALT, ox.Literal("ITU", language="en"), g1),
        ("council-of-europe", LABEL, ox.Literal("Council", language="en"), g1),
        ("eu-council", LABEL, ox.Literal("Council", language="en"), g2),
        ("interpol", LABEL, ox.Literal('Interpol "ICPO"', language="en"), g2),
    ]
    for slug, p, o, g in facts:
        store.add(ox.Quad(ox.NamedNode(ID + slug), p, o, g))
    fill_default_graph(store)  # as a build does: each fact once in the default graph
    return store


ECHO = "# param: text (literal) any text\nSELECT ?text WHERE { }"
MATCH = "# param: text (literal) any text\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(STR(?o) = ?text) }"
HOSTILE = [
    'x" } UNION { ?s ?p ?o } #',
    "x' } UNION { ?s ?p ?o } #",
    '"""} UNION {"""',
    "}",
    "{ ?s ?p ?o",
    "line one\n} UNION {\r\n?s ?p ?o",
    "\\u0022 } UNION { ?s ?p ?o } # \\",
    "\\",
    "> } UNION { <http://e/x",
    "tab\there\x00\x01",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_plain_values(small: ox.Store, value: str) -> None:
    echoed = run_query(from_text(ECHO), params={"text": value}, store=small)
    assert isinstance(echoed, Solutions) and echoed.rows == ((ox.Literal(value),),)
    count = run_query(from_text(MATCH), params={"text": value}, store=small)
    assert isinstance(count, Solutions) and count.rows[0][0] == ox.Literal(
        "0", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    )


@pytest.mark.parametrize("value", HOSTILE)
def test_a_value_is_one_token_of_the_query(value: str) -> None:
    """The bound text is the query's own tokens plus a VALUES block with one string token."""
    query = Query(MATCH)
    text = complete(query, {"text": ox.Literal(value)})
    before = [t.text for t in tokens(MATCH)]
    after = [t.text for t in tokens(text)]
    added = ["VALUES", "(", "?text", ")", "{", "(", after[before.index("{") + 7], ")", "}"]
    assert after == before[: before.index("{") + 1] + added + before[before.index("{") + 1 :]
    assert [t.kind for t in tokens(text)][before.index("{") + 7] == "string"


def test_same_answers_from_rdflib(small: ox.Store) -> None:
    from cybergraph.rdf.rdflib_bridge import to_dataset

    engine = Rdflib(to_dataset(small))
    for value in HOSTILE[:6]:
        prepared = prepare(from_text(ECHO), engine=engine, params={"text": value})
        assert prepared.run() == Solutions(("text",), ((ox.Literal(value),),))


def test_values_block_sorts_names() -> None:
    block = values_block({"to": ox.Literal("b"), "from": ox.NamedNode("http://e/a")})
    assert block == 'VALUES (?from ?to) { (<http://e/a> "b") }'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "SELECT * WHERE { ?s ?p ?x }",
            'SELECT * WHERE { VALUES (?x) { ("v") }  ?s ?p ?x }',
        ),
        (
            "CONSTRUCT { ?s ?p ?x } WHERE { ?s ?p ?x }",
            'CONSTRUCT { ?s ?p ?x } WHERE { VALUES (?x) { ("v") }  ?s ?p ?x }',
        ),
        (
            "SELECT * { SELECT ?x WHERE { ?s ?p ?x } }",
            'SELECT * { VALUES (?x) { ("v") } { SELECT ?x WHERE { ?s ?p ?x } } }',
        ),
        (
            "ASK { ?s rdfs:label ?x }",
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            'ASK { VALUES (?x) { ("v") }  ?s rdfs:label ?x }',
        ),
    ],
)
def test_where_the_values_go(text: str, expected: str) -> None:
    assert complete(Query(text), {"x": ox.Literal("v")}) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("CONSTRUCT WHERE { ?s ?p ?x }", "the short form CONSTRUCT WHERE { … } cannot take parameters"),
        ("DESCRIBE ?x", "a query without a WHERE clause cannot take parameters"),
    ],
)
def test_queries_that_cannot_take_parameters(text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        complete(Query(text), {"x": ox.Literal("v")})
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("given", "slug"),
    [
        ("itu", "itu"),
        ("International Telecommunication Union", "itu"),
        ("international telecommunication UNION", "itu"),
        ("ITU", "itu"),
        ("cgid:interpol", "interpol"),
        (ID + "eu-council", "eu-council"),
        ('Interpol "ICPO"', "interpol"),
    ],
)
def test_entity_by_slug_label_or_iri(small: ox.Store, given: str, slug: str) -> None:
    assert resolve_entity(given, Embedded(small)) == ox.NamedNode(ID + slug)


def test_ambiguous_label_lists_the_candidates(small: ox.Store) -> None:
    with pytest.raises(UsageError) as caught:
        resolve_entity("council", Embedded(small))
    assert caught.value.message == (
        "'council' names 2 entities: cgid:council-of-europe (Council); cgid:eu-council (Council)"
    )
    assert caught.value.hint == "give the slug or the IRI of the one you mean"


def test_unknown_entity_suggests_near_labels(small: ox.Store) -> None:
    with pytest.raises(UsageError) as caught:
        resolve_entity("Telecommunication", Embedded(small))
    assert caught.value.message == "no entity has the slug, label or IRI 'Telecommunication'"
    assert caught.value.hint == "did you mean: cgid:itu (International Telecommunication Union)"
    with pytest.raises(UsageError, match="the graph has nothing about cgid:nobody"):
        resolve_entity("cgid:nobody", Embedded(small))
    with pytest.raises(UsageError, match="is not a valid IRI"):
        resolve_entity("http://e/a b", Embedded(small))


def test_service_is_refused_unless_allowed(small: ox.Store) -> None:
    text = "SELECT * WHERE {\n  SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o }\n}"
    with pytest.raises(InputError) as caught:
        run_query(text, store=small)
    assert str(caught.value.position) == "<--sparql>:2:3"
    assert caught.value.hint == "run it with --allow-service if you mean it to"


def test_syntax_error_position(small: ox.Store) -> None:
    with pytest.raises(InputError) as caught:
        run_query("SELECT ?s\nWHERE { ?s ?p }", store=small)
    assert str(caught.value.position) == "<--sparql>:2:9"
    assert caught.value.message == "SPARQL syntax error: unexpected '?s'"


def test_answers_of_each_form(small: ox.Store) -> None:
    assert run_query("ASK { ?s rdfs:label 'Council'@en }", store=small) == Boolean(True)
    graph = run_query("CONSTRUCT { ?s a ?o } WHERE { ?s skos:altLabel ?o }", store=small)
    assert isinstance(graph, Triples) and len(graph.triples) == 1
    rows = run_query("SELECT ?s WHERE { ?s rdfs:label ?l } ORDER BY ?s", store=small)
    assert isinstance(rows, Solutions) and rows.ordered and len(rows.rows) == 4


def test_within_gives_up_on_time() -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as caught:
        within(0.2, lambda: time.sleep(1.5))
    assert time.monotonic() - started < 1.0
    assert caught.value.message == "the query did not finish within 0.2 s and was given up"
    assert within(1.0, lambda: 42) == 42

"""The site's entity data files: `Descriptions` gives, for every entity, the graph the stored `describe`
query answers, on a store built to hold each case the query's rules distinguish."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from cybergraph.publishing.export import graph_quads, serialize
from cybergraph.query.engine import InWorker
from cybergraph.query.run import prepare
from cybergraph.rdf.terms import ENTITIES, GRAPHS, RDFS, TERMS
from cybergraph.web.described import Descriptions

A, B, C, D = (ox.NamedNode(ENTITIES + n) for n in ("a", "b", "c", "d"))
S1, S2 = ox.NamedNode(ENTITIES + "section-1"), ox.NamedNode(ENTITIES + "section-2")
KNOWS, LABEL = ox.NamedNode(TERMS + "knows"), ox.NamedNode(RDFS + "label")


def _store() -> ox.Store:
    store = ox.Store()
    facts = [
        (A, KNOWS, B, S1),
        (A, KNOWS, B, S2),  # one fact, two sections: two statements
        (A, KNOWS, A, S1),  # the entity at both ends: matched by both branches of the query
        (C, KNOWS, A, S2),
        (A, ox.NamedNode(TERMS + "note"), ox.Literal("a note", language="en"), S1),
        (A, KNOWS, D, ox.NamedNode(GRAPHS + "inferred")),  # not a section: left out
        (B, KNOWS, C, S1),  # not about A
        (A, LABEL, ox.Literal("A"), S1),
        (B, LABEL, ox.Literal("B"), ox.NamedNode(GRAPHS + "sources")),
        (D, LABEL, ox.Literal("D"), S2),
        (KNOWS, LABEL, ox.Literal("knows"), ox.NamedNode(GRAPHS + "ontology")),
        (S1, LABEL, ox.Literal("Section one"), ox.NamedNode(GRAPHS + "sources")),
        (S2, LABEL, ox.Literal("Section two"), ox.NamedNode(GRAPHS + "sources")),
    ]
    for s, p, o, g in facts:
        store.add(ox.Quad(s, p, o, g))
        store.add(ox.Quad(s, p, o))  # the default graph is the union of every graph, as in a build
    return store


@pytest.mark.parametrize("entity", [A, B, C, D, ox.NamedNode(ENTITIES + "unknown")])
def test_each_entity_gets_what_the_describe_query_answers(entity: ox.NamedNode) -> None:
    store = _store()
    answer = prepare("describe", params={"entity": entity}, engine=InWorker(store)).run()
    expected = graph_quads(getattr(answer, "triples", ()))
    got = graph_quads(Descriptions(store).triples(entity.value))
    assert len(got) == len(expected)
    for fmt in ("ntriples", "turtle", "jsonld", "rdfxml"):
        assert serialize(got, format=fmt) == serialize(expected, format=fmt)


def test_a_self_loop_has_a_statement_from_each_side() -> None:
    triples = Descriptions(_store()).triples(A.value)
    statements = [t for t in triples if t.predicate.value.endswith("#subject") and t.object == A]
    # a knows b (S1, S2), a knows a (S1, twice), c knows a is not "subject a", a note (S1), a label (S1)
    assert len(statements) == 6

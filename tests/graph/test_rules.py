"""Rule-based inference must add exactly the triples owlrl's closure keeps (reason.py is the reference)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph

from cybergraph.graph.load import INFERRED_GRAPH, load, union
from cybergraph.graph.reason import closure
from cybergraph.graph.rules import infer_store, unsupported_axioms
from cybergraph.rdf.rdflib_bridge import from_ox, to_store

INFERRED = ox.NamedNode(str(INFERRED_GRAPH))

TRICKY = """
@prefix : <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

# A transitive part-of with a transitive inverse, and a transitive subproperty with its own inverse.
:partOf a owl:TransitiveProperty ; owl:inverseOf :hasPart ; rdfs:domain :Part ; rdfs:range :Whole .
:hasPart a owl:TransitiveProperty .
:subOrgOf a owl:TransitiveProperty ; rdfs:subPropertyOf :partOf ; owl:inverseOf :hasSubOrg ;
    rdfs:domain :Org .
:a :subOrgOf :b . :b :subOrgOf :c . :c :partOf :d . :e :hasPart :d .
:d :hasPart :f . :f :hasPart _:g . _:g :hasPart :h .

# The inverse of a subproperty, through an equivalent property.
:memberOf rdfs:subPropertyOf :belongsTo ; owl:inverseOf :hasMember .
:hasMember rdfs:subPropertyOf :includes ; rdfs:range :Agent .
:includes owl:equivalentProperty :contains .
:contains rdfs:domain :Container .
:alice :memberOf :club .

# Symmetric and transitive: every member of a chain is linked to every other, and to itself.
:linked a owl:SymmetricProperty , owl:TransitiveProperty ; rdfs:subPropertyOf :near .
:p1 :linked :p2 . :p2 :linked :p3 . :p4 :linked :p3 .

# A symmetric subproperty of a symmetric property; its range is typed through the reversed triple.
:agrees a owl:SymmetricProperty ; rdfs:subPropertyOf :cooperates ; rdfs:range :Party .
:cooperates a owl:SymmetricProperty .
:x :agrees :y .

# A blank node as a stepping stone: the reversed triple has a blank subject, its range types :bob.
:knows owl:inverseOf :knownBy . :knownBy rdfs:range :Person .
:bob :knows _:someone .

# Class hierarchy with an equivalence, a cycle and a blank class in between.
:Org rdfs:subClassOf :Agent . :Agent rdfs:subClassOf [ rdfs:subClassOf :Thing ] .
:Agent owl:equivalentClass :Actor .
:Whole rdfs:subClassOf :Thing . :Thing rdfs:subClassOf :Whole .
:Person rdfs:subClassOf owl:Thing .

# Datatype subproperties, and a data property with an inverse (owlrl makes a literal subject of it).
:adopted rdfs:subPropertyOf :date . :date rdfs:subPropertyOf :when ; rdfs:domain :Dated .
:res :adopted "2001-11-23"^^xsd:date .
:label2 owl:inverseOf :labelOf .
:res :label2 "resolution" .
"""


def _inferred(store: ox.Store) -> set[tuple[object, object, object]]:
    return {
        (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
        for q in store.quads_for_pattern(None, None, None, INFERRED)
    }


def test_project_graph_equals_owlrl_closure() -> None:
    # owlrl is the reference: the same asserted graphs, closed by owlrl and filtered by reason.keep().
    asserted = load(infer=False)
    expected = closure(union(asserted, include_inferred=False)).triples
    store = to_store(asserted)
    assert unsupported_axioms(store) == []
    added = infer_store(store)
    got = _inferred(store)
    assert sorted(got - expected) == []
    assert sorted(expected - got) == []
    assert added == len(expected) > 3000


@pytest.fixture(scope="module")
def tricky() -> tuple[Graph, set[tuple[object, object, object]]]:
    graph = Graph().parse(data=TRICKY, format="turtle")
    return graph, closure(graph).triples  # type: ignore[return-value]


def test_tricky_graph_equals_owlrl_closure(tricky: tuple[Graph, set[tuple[object, object, object]]]) -> None:
    graph, expected = tricky
    store = ox.Store()
    store.load(graph.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("urn:g"))
    added = infer_store(store)
    got = _inferred(store)
    assert sorted(got - expected) == []
    assert sorted(expected - got) == []
    assert added == len(expected)


def _has(store: ox.Store, s: str, p: str, o: str) -> bool:
    ex = "http://example.org/"
    return bool(
        store.query(f"ASK {{ GRAPH <{INFERRED.value}> {{ <{ex}{s}> <{ex}{p}> <{ex}{o}> }} }}")  # type: ignore[arg-type]
    )


def test_tricky_graph_entailments_users_rely_on() -> None:
    store = ox.Store()
    store.load(TRICKY.encode(), ox.RdfFormat.TURTLE)
    infer_store(store)
    # The end of a chain of transitive subproperty, superproperty and inverse links.
    assert _has(store, "a", "partOf", "d") and _has(store, "d", "hasPart", "a")
    assert _has(store, "a", "hasSubOrg", "c") is False and _has(store, "c", "hasSubOrg", "a")
    # Through a blank node in the middle of a transitive chain.
    assert _has(store, "d", "hasPart", "h") and _has(store, "h", "partOf", "e")
    # Inverse of a subproperty, then up an equivalence.
    assert _has(store, "club", "contains", "alice")
    # Symmetric + transitive: reflexive links appear, as owlrl derives them.
    assert _has(store, "p1", "linked", "p4") and _has(store, "p1", "linked", "p1")
    assert _has(store, "y", "cooperates", "x")


def test_a_second_run_adds_nothing() -> None:
    store = ox.Store()
    store.load(TRICKY.encode(), ox.RdfFormat.TURTLE)
    first = infer_store(store)
    assert first > 0
    assert infer_store(store) == 0
    # The scratch graph of stepping-stone triples is gone: only the default graph and graph:inferred remain.
    assert list(store.named_graphs()) == [INFERRED]


def test_unsupported_axioms_are_named() -> None:
    store = ox.Store()
    store.load(
        b"@prefix owl: <http://www.w3.org/2002/07/owl#> . <urn:a> owl:sameAs <urn:b> . "
        b"<urn:p> a owl:FunctionalProperty .",
        ox.RdfFormat.TURTLE,
    )
    assert unsupported_axioms(store) == ["owl:sameAs", "owl:FunctionalProperty"]

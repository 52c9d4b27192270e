"""The facts the build derives for the stored queries are exactly what the queries used to compute per row."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from cybergraph.graph.build import build
from cybergraph.graph.derived import (
    CITATION,
    DERIVED_GRAPH,
    ENTITY_COUNT,
    KIND,
    MOST_SPECIFIC_CLASS,
    TRIPLE_COUNT,
    derive,
)

# The per-entity sub-SELECT the stored queries ran before (state-involvement, places, members, ...).
KINDS = """
SELECT ?x (MIN(STR(?kl)) AS ?kind) WHERE {
  ?x a ?k . ?k rdfs:label ?kl .
  FILTER(STRSTARTS(STR(?k), "https://w3id.org/cybergraph/def#"))
  FILTER NOT EXISTS { ?x a ?narrower . ?narrower rdfs:subClassOf ?k . FILTER(?narrower != ?k) }
}
GROUP BY ?x
"""
MOST_SPECIFIC = """
SELECT DISTINCT ?x ?k WHERE {
  ?x a ?k .
  FILTER(STRSTARTS(STR(?k), "https://w3id.org/cybergraph/def#"))
  FILTER NOT EXISTS { ?x a ?narrower . ?narrower rdfs:subClassOf ?k . FILTER(?narrower != ?k) }
}
"""
CITATIONS = """
SELECT DISTINCT ?section ?source WHERE {
  GRAPH ?section { ?s ?p ?o }
  ?section cg:locator ?locator ; cg:partOf ?doc .
  ?doc a cg:Source ; skos:altLabel ?docname .
  BIND(CONCAT(?docname, " ", ?locator) AS ?source)
}
"""
PREFIXES = (
    "PREFIX cg: <https://w3id.org/cybergraph/def#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)


def _pairs(store: ox.Store, query: str) -> set[tuple[ox.Term, ox.Term]]:
    return {(row[0], row[1]) for row in store.query(PREFIXES + query)}  # type: ignore[union-attr]


def _derived(store: ox.Store, p: ox.NamedNode) -> set[tuple[ox.Term, ox.Term]]:
    return {
        (q.subject, q.object) for q in store.quads_for_pattern(None, p, None, ox.NamedNode(DERIVED_GRAPH))
    }


def test_kinds_and_citations_are_what_the_queries_computed_for_every_entity() -> None:
    store = build().store
    kinds = _derived(store, KIND)
    assert len(kinds) > 400
    assert kinds == _pairs(store, KINDS)
    assert _derived(store, MOST_SPECIFIC_CLASS) == _pairs(store, MOST_SPECIFIC)
    citations = _derived(store, CITATION)
    # Every section that states facts, cited as the tables cite it.
    assert citations >= _pairs(store, CITATIONS) and len(citations) > 40
    itu = ox.NamedNode("https://w3id.org/cybergraph/id/itu")
    assert (itu, ox.Literal("UN agency")) in kinds or any(s == itu for s, _ in kinds)
    # And in the default graph, where a standard load of the dump reads them.
    assert all(ox.Quad(s, KIND, o) in store for s, o in kinds)


def test_a_thing_with_two_unrelated_classes_gets_both_and_the_first_label_by_name() -> None:
    cg = "https://w3id.org/cybergraph/def#"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    sub = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
    g = ox.NamedNode("https://w3id.org/cybergraph/graph/ontology")
    agency, police, agent = (
        ox.NamedNode(cg + n) for n in ("GovernmentAgency", "LawEnforcementBody", "Agent")
    )
    fbi = ox.NamedNode("https://w3id.org/cybergraph/id/fbi")
    store = ox.Store()
    store.extend(
        [
            ox.Quad(agency, label, ox.Literal("government agency", language="en"), g),
            ox.Quad(police, label, ox.Literal("law-enforcement body", language="en"), g),
            ox.Quad(agent, label, ox.Literal("agent", language="en"), g),
            ox.Quad(agency, sub, agent, g),
            ox.Quad(police, sub, agent, g),
            *(ox.Quad(fbi, rdf_type, c, g) for c in (agency, police, agent)),
        ]
    )
    derive(store)
    assert _derived(store, MOST_SPECIFIC_CLASS) == {(fbi, agency), (fbi, police)}
    assert _derived(store, KIND) == {(fbi, ox.Literal("government agency"))}


# What `statistics` counted at query time before the build did.
TRIPLE_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
ENTITY_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a ?class .
  FILTER(isIRI(?e) && STRSTARTS(STR(?class), "https://w3id.org/cybergraph/def#"))
}
GROUP BY ?class
"""


def test_the_counts_are_what_counting_the_built_store_gives_graph_derived_counting_itself() -> None:
    store = build().store
    triples = _derived(store, TRIPLE_COUNT)
    assert triples == _pairs(store, TRIPLE_COUNTS)
    derived = ox.NamedNode(DERIVED_GRAPH)
    own = {n for g, n in triples if g == derived}
    assert own == {
        ox.Literal(
            str(sum(1 for _ in store.quads_for_pattern(None, None, None, derived))),
            datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"),
        )
    }
    entities = _derived(store, ENTITY_COUNT)
    assert entities == _pairs(store, ENTITY_COUNTS) and len(entities) > 40


def test_a_second_derive_into_the_same_graph_is_refused() -> None:
    store = ox.Store()
    g = ox.NamedNode("https://w3id.org/cybergraph/id/s")
    store.add(ox.Quad(g, ox.NamedNode("https://w3id.org/cybergraph/def#locator"), ox.Literal("1"), g))
    derive(store)
    with pytest.raises(ValueError, match="derive once"):
        derive(store)

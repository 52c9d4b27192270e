"""Quads as exports see them (pyoxigraph quads, `ox.DefaultGraph` naming the default graph), and the order
of predicates every writer shares."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from cybergraph.rdf.terms import DCTERMS, RDF, RDFS, SKOS, GraphName

Quad = ox.Quad


def by_graph(quads: Iterable[ox.Quad]) -> dict[GraphName, list[ox.Triple]]:
    """The triples of each graph, in the order of the quads (a graph's repeated triples kept once)."""
    graphs: dict[GraphName, dict[ox.Triple, None]] = {}
    for quad in quads:
        graphs.setdefault(quad.graph_name, {})[quad.triple] = None
    return {name: list(triples) for name, triples in graphs.items()}


def merged(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """All quads as one graph's triples: a triple stated in several graphs appears once."""
    return list(dict.fromkeys(quad.triple for quad in quads))


# Predicates a reader looks for first, in this order; the rest follow (the writers sort them by name).
LEADING = [
    RDF + "type",
    RDFS + "label",
    SKOS + "prefLabel",
    SKOS + "altLabel",
    DCTERMS + "title",
    DCTERMS + "description",
    SKOS + "definition",
    RDFS + "comment",
]
_LEAD_RANK = {iri: i for i, iri in enumerate(LEADING)}


def leading_rank(predicate: ox.NamedNode) -> int:
    """Where a predicate goes in a subject's block: type and labels first, the rest after (same rank)."""
    return _LEAD_RANK.get(predicate.value, len(LEADING))

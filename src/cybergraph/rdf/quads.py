"""Quads as exports see them: rdflib terms, with `None` as the name of the default graph."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef

Subject = URIRef | BNode
Object = URIRef | BNode | Literal
Quad = tuple[Subject, URIRef, Object, URIRef | None]


def by_graph(quads: Iterable[Quad]) -> dict[URIRef | None, Graph]:
    """The quads as one rdflib Graph per graph name."""
    graphs: dict[URIRef | None, Graph] = defaultdict(Graph)
    for s, p, o, g in quads:
        graphs[g].add((s, p, o))
    return dict(graphs)


def merged(quads: Iterable[Quad]) -> Graph:
    """All quads as one graph: a triple stated in several graphs appears once."""
    graph = Graph()
    for s, p, o, _ in quads:
        graph.add((s, p, o))
    return graph


# Predicates a reader looks for first, in the order the canonical Turtle (cybergraph.rdf.turtle) uses.
_LEADING = [
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://purl.org/dc/terms/title",
    "http://purl.org/dc/terms/description",
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://www.w3.org/2000/01/rdf-schema#comment",
]
_LEAD_RANK = {iri: i for i, iri in enumerate(_LEADING)}


def leading_rank(predicate: URIRef) -> int:
    """Where a predicate goes in a subject's block: type and labels first, the rest after (same rank)."""
    return _LEAD_RANK.get(str(predicate), len(_LEADING))

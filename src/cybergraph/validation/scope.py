"""What a contribution touches, found through the store's indexes at a cost that follows its size.

The focus nodes are the contribution's subjects, the existing entities it points to, and the existing
entities that point to its subjects. The neighbourhood is every triple of the built graph (asserted and
inferred) whose subject or object is a focus node: with the inferred closure already in the built graph,
that is all the reasoner needs to draw what the contribution adds (a transitive chain through a focus
node is in its inferred triples).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.term import Node

from cybergraph.graph.load import ONTOLOGY_GRAPH
from cybergraph.rdf.rdflib_bridge import from_ox, to_ox
from cybergraph.validation.terms import is_entity

Triple = tuple[Node, Node, Node]
_ONTOLOGY = ox.NamedNode(str(ONTOLOGY_GRAPH))
_AXIOM_NAMESPACES = (str(RDF), str(RDFS), str(OWL))
_ANNOTATIONS = {
    str(t)
    for t in (RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo, OWL.versionIRI)
}


def _triple(quad: ox.Quad) -> Triple:
    return from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)


def focus_nodes(contribution: Graph, store: ox.Store) -> list[URIRef]:
    """The contribution's subjects, the existing entities it points to, and those pointing to its subjects."""
    subjects = {s for s in contribution.subjects() if isinstance(s, URIRef)}
    focus = set(subjects)
    for o in contribution.objects():
        if is_entity(o) and o not in focus:
            assert isinstance(o, URIRef)
            if next(iter(store.quads_for_pattern(ox.NamedNode(str(o)), None, None, None)), None) is not None:
                focus.add(o)
    for s in subjects:
        for quad in store.quads_for_pattern(None, None, ox.NamedNode(str(s)), None):
            if isinstance(quad.subject, ox.NamedNode) and quad.graph_name != _ONTOLOGY:
                focus.add(URIRef(quad.subject.value))
    return sorted(focus, key=str)


def neighbourhood(store: ox.Store, nodes: Iterable[URIRef]) -> set[Triple]:
    """Every triple of the store, outside the ontology, with one of `nodes` as subject or object."""
    out: set[Triple] = set()
    for node in nodes:
        term = ox.NamedNode(str(node))
        for quad in store.quads_for_pattern(term, None, None, None):
            if quad.graph_name != _ONTOLOGY:
                out.add(_triple(quad))
        for quad in store.quads_for_pattern(None, None, term, None):
            if quad.graph_name != _ONTOLOGY:
                out.add(_triple(quad))
    return out


def axioms(store: ox.Store) -> Graph:
    """The ontology's axioms: its RDF, RDFS and OWL statements but the annotations (labels, comments).

    The reasoner's work grows with every triple it is given, and annotations imply nothing: leaving them
    out halves the time of each consistency check and changes none of its conclusions.
    """
    graph = Graph()
    for quad in store.quads_for_pattern(None, None, None, _ONTOLOGY):
        predicate = quad.predicate.value
        if predicate.startswith(_AXIOM_NAMESPACES) and predicate not in _ANNOTATIONS:
            graph.add(_triple(quad))
    return graph


def contains(store: ox.Store, triple: Triple) -> bool:
    s, p, o = (to_ox(t) for t in triple)
    return next(iter(store.quads_for_pattern(s, p, o, None)), None) is not None  # type: ignore[arg-type]


def contains_node(store: ox.Store, node: URIRef) -> bool:
    """Whether the store has any triple about `node` (as subject or object)."""
    term = ox.NamedNode(str(node))
    return (
        next(iter(store.quads_for_pattern(term, None, None, None)), None) is not None
        or next(iter(store.quads_for_pattern(None, None, term, None)), None) is not None
    )

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

from cybergraph.rdf.terms import INFERRED_GRAPH, ONTOLOGY_GRAPH, OWL, RDF, RDFS
from cybergraph.validation.terms import is_entity

_ONTOLOGY = ox.NamedNode(ONTOLOGY_GRAPH)
_AXIOM_NAMESPACES = (RDF, RDFS, OWL)
_ANNOTATIONS = {RDFS + t for t in ("label", "comment", "seeAlso", "isDefinedBy")} | {
    OWL + "versionInfo",
    OWL + "versionIRI",
}


def _exists(quads: Iterable[ox.Quad]) -> bool:
    return next(iter(quads), None) is not None


def focus_nodes(contribution: Iterable[ox.Triple], store: ox.Store) -> list[ox.NamedNode]:
    """The contribution's subjects, the existing entities it points to, and those pointing to its subjects."""
    triples = list(contribution)
    subjects = {t.subject for t in triples if isinstance(t.subject, ox.NamedNode)}
    focus: set[ox.NamedNode] = set(subjects)
    for t in triples:
        o = t.object
        if is_entity(o) and o not in focus and _exists(store.quads_for_pattern(o, None, None, None)):
            focus.add(o)
    for s in subjects:
        for quad in store.quads_for_pattern(None, None, s, None):
            if isinstance(quad.subject, ox.NamedNode) and quad.graph_name != _ONTOLOGY:
                focus.add(quad.subject)
    return sorted(focus, key=lambda n: n.value)


def neighbourhood(store: ox.Store, nodes: Iterable[ox.NamedNode]) -> set[ox.Triple]:
    """Every triple of the store, outside the ontology, with one of `nodes` as subject or object."""
    out: set[ox.Triple] = set()
    for node in nodes:
        for quads in (
            store.quads_for_pattern(node, None, None, None),
            store.quads_for_pattern(None, None, node, None),
        ):
            out.update(q.triple for q in quads if q.graph_name != _ONTOLOGY)
    return out


def axioms(store: ox.Store) -> set[ox.Triple]:
    """The ontology's axioms: its RDF, RDFS and OWL statements but the annotations (labels, comments).

    The reasoner's work grows with every triple it is given, and annotations imply nothing: leaving them
    out halves the time of each consistency check and changes none of its conclusions.
    """
    out: set[ox.Triple] = set()
    for quad in store.quads_for_pattern(None, None, None, _ONTOLOGY):
        predicate = quad.predicate.value
        if predicate.startswith(_AXIOM_NAMESPACES) and predicate not in _ANNOTATIONS:
            out.add(quad.triple)
    return out


def asserted(store: ox.Store) -> set[ox.Triple]:
    """Every triple of the store but the inferred ones (the ontology's included)."""
    inferred = ox.NamedNode(INFERRED_GRAPH)
    return {q.triple for q in store if q.graph_name != inferred}


def contains_node(store: ox.Store, node: ox.NamedNode) -> bool:
    """Whether the store has any triple about `node` (as subject or object)."""
    return _exists(store.quads_for_pattern(node, None, None, None)) or _exists(
        store.quads_for_pattern(None, None, node, None)
    )

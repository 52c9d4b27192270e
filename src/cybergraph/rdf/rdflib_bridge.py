"""The adapter between pyoxigraph terms (used everywhere) and rdflib terms (for pySHACL and owlrl)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from cybergraph.rdf.terms import INFERRED_GRAPH


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r}")


def from_ox(term: object) -> Node:
    """A pyoxigraph term as an rdflib term (plain strings stay plain, as in rdflib)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"cannot convert {term!r}")


def to_store(dataset: Dataset, store: ox.Store | None = None) -> ox.Store:
    """Copy every quad of `dataset` into a pyoxigraph store (in memory unless one is given)."""
    store = store if store is not None else ox.Store()
    quads: list[ox.Quad] = []
    for context in dataset.graphs():
        name = context.identifier
        graph = ox.DefaultGraph() if name == DATASET_DEFAULT_GRAPH_ID else ox.NamedNode(str(name))
        quads.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in context)  # type: ignore[arg-type]
    store.extend(quads)
    return store


def to_dataset(store: ox.Store) -> Dataset:
    """Copy every quad of a pyoxigraph store into an rdflib Dataset, graph for graph.

    A standard Dataset, its default graph the store's: for a built store, every fact once (the layout
    of graph.dataset), so plain patterns read it as they do the store.
    """
    dataset = Dataset()
    for quad in store:
        name = (
            DATASET_DEFAULT_GRAPH_ID
            if isinstance(quad.graph_name, ox.DefaultGraph)
            else from_ox(quad.graph_name)
        )
        dataset.graph(name).add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))  # type: ignore[arg-type]
    return dataset


def union(dataset: Dataset, *, include_inferred: bool = True) -> Graph:
    """All triples of the dataset as one graph (the form reasoners and SHACL validators take), with its
    prefixes; without `include_inferred`, leaving out the triples of the graph `graph:inferred`, in the
    default graph too (a built dataset repeats every graph's triples there)."""
    inferred = URIRef(INFERRED_GRAPH)
    left_out = set() if include_inferred else set(dataset.graph(inferred))
    graph = Graph()
    for context in dataset.graphs():
        if not include_inferred and context.identifier == inferred:
            continue
        for triple in context:
            if triple not in left_out:
                graph.add(triple)
    for prefix, ns in dataset.namespaces():
        graph.bind(prefix, ns, override=False)
    return graph

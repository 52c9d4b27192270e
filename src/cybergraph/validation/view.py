"""The graph SHACL validates, as a read-only rdflib view over the built Oxigraph store.

The shapes are written for the asserted triples and the ontology, without inference (see the comment
at the top of shapes/cybergraph.shapes.ttl): inferred range types would make every sh:class pass. This
view answers rdflib's triple lookups from the store's indexes, leaving out `graph:inferred`, and adds
the triples of a contribution on top. Nothing is copied, so building it costs the same for any size of
graph, and pySHACL runs its SPARQL constraints with rdflib's engine, as the shapes' own tests do.

With shapes.py, this is the adapter between the pyoxigraph terms of validation and pySHACL's rdflib:
the store and the extra triples are pyoxigraph's, and only the view speaks rdflib.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.store import Store
from rdflib.term import Node

from cybergraph.rdf.rdflib_bridge import from_ox, to_ox
from cybergraph.rdf.terms import INFERRED_GRAPH

Triple = tuple[Node, Node, Node]
_INFERRED = ox.NamedNode(INFERRED_GRAPH)
# The answers kept (see StoreView.triples): lookups of at most this many triples, and this many in all
# (a lookup counted as one more), a few tens of megabytes.
_KEPT_ANSWERS = 1000
_KEPT_TRIPLES = 300_000


class StoreView(Store):
    """Asserted triples of an Oxigraph store (all named graphs but the inferred one) plus extra triples."""

    # pySHACL wraps the graph in an rdflib Dataset, which insists on both; the view has one graph.
    context_aware = True
    graph_aware = True
    formula_aware = False
    transaction_aware = False

    def __init__(self, store: ox.Store, extra: Iterable[ox.Triple] = ()) -> None:
        super().__init__()
        self.ox = store
        self.extra = SimpleMemory()  # no named graphs: faster to fill and to search
        self._kept: dict[tuple[Node | None, ...], list[Triple]] = {}
        self._kept_triples = 0
        # Each IRI converted once (a contribution names its subjects and predicates again and again),
        # each triple added to the store directly: a large contribution is tens of thousands of them.
        terms: dict[ox.NamedNode | ox.BlankNode | ox.Literal, Node] = {}

        def convert(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
            found = terms.get(term)
            if found is None:
                found = terms[term] = from_ox(term)
            return found

        for t in extra:
            self.extra.add((convert(t.subject), convert(t.predicate), convert(t.object)), None)  # type: ignore[arg-type]

    def _convert(self, term: Node | None) -> Any:
        if term is None:
            return None
        try:
            return to_ox(term)
        except (TypeError, ValueError):  # a literal subject or a variable: nothing matches
            return False

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[tuple[Triple, Iterator[Any]]]:
        # The view does not change while pySHACL reads it, and pySHACL asks the same small questions
        # again and again (the superclasses of a class, for each value whose class it checks): each
        # lookup read to its end with few answers is kept.
        key = tuple(triple_pattern)
        kept = self._kept.get(key)
        if kept is not None:
            for triple in kept:
                yield triple, iter(())
            return
        found: list[Triple] | None = [] if key != (None, None, None) else None
        for triple in self._lookup(*key):
            if found is not None:
                found.append(triple)
                if len(found) > _KEPT_ANSWERS:
                    found = None
            yield triple, iter(())
        if found is not None:
            if self._kept_triples + len(found) + 1 > _KEPT_TRIPLES:
                self._kept.clear()
                self._kept_triples = 0
            self._kept[key] = found
            self._kept_triples += len(found) + 1

    def _lookup(self, s: Node | None, p: Node | None, o: Node | None) -> Iterator[Triple]:
        seen: set[Triple] = set()
        for triple, _ in self.extra.triples((s, p, o), None):
            seen.add(triple)
            yield triple
        pattern = [self._convert(t) for t in (s, p, o)]
        if False in pattern:
            return
        for quad in self.ox.quads_for_pattern(pattern[0], pattern[1], pattern[2], None):
            if quad.graph_name == _INFERRED:
                continue
            found = (from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object))
            if found not in seen:
                seen.add(found)
                yield found

    def __len__(self, context: Any = None) -> int:
        # pySHACL asks whether the data graph is empty for every result it describes; a full count would
        # make each result cost as much as the graph. The view is never empty when validation runs.
        return 1

    def contexts(self, triple: Any = None) -> Generator[Graph, None, None]:
        yield from ()

    def add_graph(self, graph: Any) -> None:
        pass

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        raise TypeError("the validation view of the graph is read-only")

    def remove(self, triple: Any, context: Any = None) -> None:
        raise TypeError("the validation view of the graph is read-only")

    def bind(self, prefix: str, namespace: Any, override: bool = True) -> None:
        self.extra.bind(prefix, namespace, override=override)

    def namespace(self, prefix: str) -> Any:
        return self.extra.namespace(prefix)

    def prefix(self, namespace: Any) -> Any:
        return self.extra.prefix(namespace)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        return self.extra.namespaces()


def view(store: ox.Store, extra: Iterable[ox.Triple] = ()) -> Graph:
    """An rdflib Graph of the store's asserted triples and ontology, with `extra` triples added."""
    return Graph(store=StoreView(store, extra), identifier=DATASET_DEFAULT_GRAPH_ID)

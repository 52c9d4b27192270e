"""The shape of the built dataset: every fact once in the default graph, provenance in named graphs.

The built store, and every quad export (TriG, N-Quads, JSON-LD), is a standard RDF dataset:

- the DEFAULT graph holds every fact once: the ontology, the data (every source section, the source
  catalogue, the curation notes) and the inferred triples. A plain pattern reads it, in any SPARQL
  engine loaded the standard way, without a union-default-graph switch, and sees a fact once however
  many sections state it;
- the NAMED graphs keep provenance: one per source section (`cgid:<section>`), `graph:ontology`,
  `graph:sources` and `graph:discrepancies` (one per file directly in the data folder), and
  `graph:inferred` (what the rules added), `graph:derived` (what the stored queries look up per entity,
  `graph.derived`). `GRAPH ?g { … }` asks which of them holds a fact.

So every query runs on the default graph as it is, never with `use_default_graph_as_union`: on this
dataset the union would repeat each fact once per graph that holds it.

Code that walks every quad and tells asserted triples from inferred ones by their graph (validation does)
reads the store through `NamedGraphsView`, which leaves the default graph out (there an inferred triple
looks like any other, and it holds nothing the named graphs do not) and graph:derived (what the build
computed from the other graphs for the queries: not a statement of the data, nor of the ontology).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox

from cybergraph.graph.derived import DERIVED_GRAPH
from cybergraph.rdf.terms import GRAPHS

#: The graph name users give the dump's default graph in a store that keeps it in a graph of its own
#: (Virtuoso's bulk loader puts it in the graph it is given); `cybergraph query --default-graph-uri`.
DEFAULT_GRAPH_NAME = GRAPHS + "default"

#: Names under `graph:` that the build gives graphs of its own; no data file may take them.
RESERVED = ("default", "derived", "inferred", "ontology", "shapes")


def fill_default_graph(store: ox.Store) -> None:
    """Copy every triple of the named graphs into the default graph, once (a store is a set of quads).

    The build writes the same default graph through its bulk load instead (graph.build), which is
    cheaper at scale; this is the definition, for stores made in memory.
    """
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


class NamedGraphsView:
    """A read-only view of a built store without its default graph, for code written for a store of named
    graphs: `quads_for_pattern` with no graph and iteration give the quads of the named graphs only.

    `query()` runs on the store as it is: there the default graph is already the union of the named
    graphs, each triple once, so `use_default_graph_as_union` is not needed and is ignored. Anything
    else is the store's own (read it only).
    """

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def quads_for_pattern(
        self, subject: Any = None, predicate: Any = None, object: Any = None, graph_name: Any = None
    ) -> Iterator[ox.Quad]:
        if graph_name is not None:
            return iter(self.store.quads_for_pattern(subject, predicate, object, graph_name))
        if subject is not None or object is not None:
            # About a node: the store's index, the default graph's copies dropped. A query costs three
            # times as much as a lookup that finds nothing or little (validation makes tens of thousands
            # of them), and a hub's 40,000 links take 0.4 s this way against 0.3 s as a query.
            quads = self.store.quads_for_pattern(subject, predicate, object, None)
            return (
                q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name != _DERIVED
            )
        # GRAPH ?g reads the named graphs only: cheaper than reading every quad of the default graph too
        # and dropping it (at a million triples a node with 40,000 links took 0.32 s instead of 0.24).
        bound = {
            ox.Variable(name): term
            for name, term in (("s", subject), ("p", predicate), ("o", object))
            if term is not None
        }
        rows = self.store.query(_NAMED_QUADS, substitutions=bound)
        return (ox.Quad(s, p, o, g) for s, p, o, g in rows)  # type: ignore[union-attr]

    def __iter__(self) -> Iterator[ox.Quad]:
        return self.quads_for_pattern()

    def __len__(self) -> int:
        rows = self.store.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{DERIVED_GRAPH}>) }}"
        )
        return int(next(iter(rows))[0].value)  # type: ignore[arg-type]

    def __contains__(self, quad: object) -> bool:
        return (
            not (
                isinstance(quad, ox.Quad)
                and (isinstance(quad.graph_name, ox.DefaultGraph) or quad.graph_name == _DERIVED)
            )
            and quad in self.store
        )

    def query(self, query: str, *, use_default_graph_as_union: bool = False, **options: Any) -> Any:
        return self.store.query(query, **options)

    def __getattr__(self, name: str) -> Any:
        if name in _WRITES:
            raise AttributeError(f"the view of the named graphs is read-only: no {name}()")
        return getattr(self.store, name)


_DERIVED = ox.NamedNode(DERIVED_GRAPH)
_NAMED_QUADS = f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{DERIVED_GRAPH}>) }}"
_WRITES = frozenset(
    {"add", "add_graph", "bulk_extend", "bulk_load", "clear", "clear_graph", "extend", "load", "remove"}
    | {"remove_graph", "update"}
)

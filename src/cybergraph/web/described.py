"""Every entity's data file graph for the static site: what the stored `describe` query
(queries/describe.rq) gives for one entity, for all entities from two passes over the store.

Running `describe` once per entity costs a query each (about 18 ms on the project's graph, more on larger
ones), which made the site of a 100k-triple graph take many minutes. Here the section graphs are read
once, indexed by subject and by object, and the labels once; each entity's graph is then put together
from the index. The triples are the query's, rule for rule (tests compare the two):

- every fact of a source section (a graph under the entity namespace) with the entity as subject or
  object, and for each such fact and section an `rdf:Statement` (a fresh blank node) derived from
  (`prov:wasDerivedFrom`) that section; a fact with the entity at both ends is matched by both of the
  query's branches, so it has two statements per section, as in the query's answer;
- the labels (in the default graph, the union of every graph) of the entity, of the facts' other ends
  and properties, and of the sections that state them.

The store is read directly: the site is written by one sandboxed worker that holds the whole store.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from cybergraph.rdf.terms import ENTITIES, RDF, RDF_TYPE, RDFS_LABEL

PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
_STATEMENT = ox.NamedNode(RDF + "Statement")
_SUBJECT = ox.NamedNode(RDF + "subject")
_PREDICATE = ox.NamedNode(RDF + "predicate")
_OBJECT = ox.NamedNode(RDF + "object")


class Descriptions:
    """The section graphs of a store indexed by subject and object, and its labels, read once."""

    def __init__(self, store: ox.Store) -> None:
        self.outgoing: dict[object, list[ox.Quad]] = defaultdict(list)
        self.incoming: dict[object, list[ox.Quad]] = defaultdict(list)
        for graph in store.named_graphs():
            if not (isinstance(graph, ox.NamedNode) and graph.value.startswith(ENTITIES)):
                continue
            for quad in store.quads_for_pattern(None, None, None, graph):
                self.outgoing[quad.subject].append(quad)
                self.incoming[quad.object].append(quad)
        self.labels: dict[object, list[ox.Literal]] = defaultdict(list)
        for quad in store.quads_for_pattern(None, RDFS_LABEL, None, ox.DefaultGraph()):
            self.labels[quad.subject].append(quad.object)  # type: ignore[arg-type]

    def triples(self, iri: str) -> list[ox.Triple]:
        """The graph `describe` answers for the entity `iri`, each triple once."""
        entity = ox.NamedNode(iri)
        # A dict keeps one of each triple, as the engine's answer does (see query.engine.evaluate).
        found: dict[ox.Triple, None] = {}
        named: dict[object, None] = {entity: None}
        for quads, other in (
            (self.outgoing.get(entity, ()), "object"),
            (self.incoming.get(entity, ()), "subject"),
        ):
            for quad in quads:
                s, p, o, section = quad.subject, quad.predicate, quad.object, quad.graph_name
                found[ox.Triple(s, p, o)] = None
                statement = ox.BlankNode()
                for triple in (
                    ox.Triple(statement, RDF_TYPE, _STATEMENT),
                    ox.Triple(statement, _SUBJECT, s),
                    ox.Triple(statement, _PREDICATE, p),
                    ox.Triple(statement, _OBJECT, o),
                    ox.Triple(statement, PROV_DERIVED, section),  # type: ignore[arg-type]
                ):
                    found[triple] = None
                named[getattr(quad, other)] = None
                named[p] = None
                named[section] = None
        for node in named:
            for label in self.labels.get(node, ()):
                found[ox.Triple(node, RDFS_LABEL, label)] = None  # type: ignore[arg-type]
        return list(found)

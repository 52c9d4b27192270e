"""The checks of shapes/*-violation.rq: SPARQL queries over the named graphs that must return no rows.

SHACL sees one graph; a rule about named graphs (every entity appears in the graph of a source) is a
query instead. Each row is a violation whose focus node is the row's first variable. The message is the
query's `# message:` header line, else its `# title:` line.

For a contribution the query runs on a small store holding, for each focus node, every quad (with its
graph) that gives it a type, for each graph and property one quad with it as subject and one with it as
object, the contribution's quads in their graphs, and the types of those graphs: enough for a rule about
one entity, its types, and which graphs state what of it or link to it by what (see `around`). A rule that
needs the values of an entity's other statements needs more than this store holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from cybergraph.core.positions import display_path
from cybergraph.graph.dataset import NamedGraphsView
from cybergraph.graph.derived import DERIVED_GRAPH
from cybergraph.rdf.terms import RDF_TYPE
from cybergraph.validation.findings import Check, Finding, Severity

_HEADER = re.compile(r"^#\s*(title|message):\s*(.+?)\s*$", re.MULTILINE)
COMPONENT = "https://w3id.org/cybergraph/validation#ViolationQueryComponent"


@dataclass(frozen=True)
class ViolationQuery:
    path: Path
    text: str

    @property
    def message(self) -> str:
        headers: dict[str, str] = dict(_HEADER.findall(self.text))
        if "message" in headers:
            return headers["message"]
        title = headers.get("title", self.path.stem)
        return f'found by the check "{title}" ({display_path(self.path)}), which must find nothing'


def queries(shapes_folder: Path) -> list[ViolationQuery]:
    found = sorted(shapes_folder.glob("*-violation.rq"))
    return [ViolationQuery(p, p.read_text(encoding="utf-8")) for p in found]


def _rows(store: ox.Store, query: ViolationQuery) -> list[str]:
    solutions = store.query(query.text, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    out = []
    for row in solutions:  # type: ignore[union-attr]
        node = row[names[0]]
        if isinstance(node, ox.NamedNode):
            out.append(node.value)
    return out


def run(store: ox.Store, found: Iterable[ViolationQuery], *, only: set[str] | None = None) -> list[Finding]:
    """One violation per row of each query (restricted to the nodes in `only` when given)."""
    out = []
    for query in found:
        for node in _rows(store, query):
            if only is None or node in only:
                out.append(
                    Finding(
                        Check.SHAPES,
                        Severity.VIOLATION,
                        query.message,
                        entity=node,
                        component=COMPONENT,
                        shape=query.path.resolve().as_uri(),
                    )
                )
    return out


def around(store: ox.Store, focus: Iterable[ox.NamedNode], extra: Iterable[ox.Quad] = ()) -> ox.Store:
    """A small store with the quads about the focus nodes, `extra` quads, and the types of their graphs.

    Of the quads about a focus node: every type, and for each graph and property, one quad with it as
    subject and one with it as object (`_OUT`, `_IN`). A hub such as the General Assembly is the subject
    and object of tens of thousands of links (its inverse links inferred), which a rule about an entity
    reads only as "that graph states that property of it" or "links to it by that property".
    """
    small = ox.Store()
    extra = list(extra)
    quads: list[ox.Quad] = list(extra)
    # A built store's default graph holds every triple of its named graphs: a node it does not mention
    # (a new entity) is in none of them, and three queries for it would find nothing (10,000 took 1.7 s).
    raw, where = (store.store, ox.DefaultGraph()) if isinstance(store, NamedGraphsView) else (store, None)
    for node in focus:
        if not _mentioned(raw, node, where):
            continue
        quads.extend(store.quads_for_pattern(node, RDF_TYPE, None, None))
        iri = str(node)
        quads.extend(ox.Quad(node, p, o, g) for g, p, o in store.query(_OUT.replace("$node", iri)))  # type: ignore[union-attr]
        quads.extend(ox.Quad(s, p, node, g) for g, p, s in store.query(_IN.replace("$node", iri)))  # type: ignore[union-attr]
    graphs = {q.graph_name for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    for graph in graphs:
        quads.extend(store.quads_for_pattern(graph, RDF_TYPE, None, None))
        quads.extend(q for q in extra if q.subject == graph and q.predicate == RDF_TYPE)
    small.extend(quads)
    return small


def _mentioned(store: ox.Store, node: ox.NamedNode, graph: ox.DefaultGraph | None) -> bool:
    """Whether a quad of the store (of `graph`, or of any graph) has `node` as subject or object."""
    return any(True for _ in store.quads_for_pattern(node, None, None, graph)) or any(
        True for _ in store.quads_for_pattern(None, None, node, graph)
    )


# A node's statements (but its types) and the links to it, one for each named graph and property; graph:
# derived left out, as the store's view leaves it out. The store groups them: no quad of a hub's is read
# into Python. (One query per node: with a VALUES list of nodes, Oxigraph reads every quad.)
_NAMED = f"?g != <{DERIVED_GRAPH}>"
_OUT = f"""SELECT ?g ?p (SAMPLE(?o) AS ?one) WHERE {{ GRAPH ?g {{ $node ?p ?o }}
    FILTER({_NAMED} && ?p != <{RDF_TYPE.value}>) }} GROUP BY ?g ?p"""
_IN = f"""SELECT ?g ?p (SAMPLE(?s) AS ?one) WHERE {{ GRAPH ?g {{ ?s ?p $node }}
    FILTER({_NAMED}) }} GROUP BY ?g ?p"""

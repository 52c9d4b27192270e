"""The checks of shapes/*-violation.rq: SPARQL queries over the named graphs that must return no rows.

SHACL sees one graph; a rule about named graphs (every entity appears in the graph of a source) is a
query instead. Each row is a violation whose focus node is the row's first variable. The message is the
query's `# message:` header line, else its `# title:` line.

For a contribution the query runs on a small store holding, for each focus node, every quad (with its
graph) in which it is subject or object, the contribution's quads in their graphs, and the types of
those graphs: enough for a rule about one entity, its own triples and the graphs they are in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from cybergraph.core.positions import display_path
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
    """A small store with the quads about the focus nodes, `extra` quads, and the types of their graphs."""
    small = ox.Store()
    extra = list(extra)
    quads: list[ox.Quad] = list(extra)
    for node in focus:
        quads.extend(store.quads_for_pattern(node, None, None, None))
        quads.extend(store.quads_for_pattern(None, None, node, None))
    graphs = {q.graph_name for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    for graph in graphs:
        quads.extend(store.quads_for_pattern(graph, RDF_TYPE, None, None))
        quads.extend(q for q in extra if q.subject == graph and q.predicate == RDF_TYPE)
    small.extend(quads)
    return small

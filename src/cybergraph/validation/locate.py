"""Where a finding belongs: the file, and the line where its entity is described there.

A finding about an entity of the contribution goes to the contributed file that states the offending
triple (or else describes the entity), at the first line where the entity is the subject of a statement.
A finding about an entity of the built graph goes to the data file whose named graph holds the offending
triple (or the entity's type), at the line where that file describes it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.term import Node
from rdflib.util import from_n3

from cybergraph.core.positions import display_path
from cybergraph.core.resources import Layout
from cybergraph.graph.load import INFERRED_GRAPH, ONTOLOGY_GRAPH, data_files
from cybergraph.validation import statements as turtle_statements
from cybergraph.validation.findings import Finding
from cybergraph.validation.syntax import ParsedFile


@dataclass
class Located:
    """A parsed file with its triples, as the locator searches it."""

    parsed: ParsedFile
    graph: Graph

    @property
    def name(self) -> str:
        return self.parsed.name


def _node(key: str) -> Node:
    return BNode(key[2:]) if key.startswith("_:") else URIRef(key)


def _owner(node: Node, graph: Graph) -> Node:
    """The named entity a blank node hangs from (a blank node is described where its holder is)."""
    seen = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        parent = next(iter(graph.subjects(None, node)), None)
        if parent is None:
            break
        node = parent
    return node


def _triple_pattern(finding: Finding) -> tuple[URIRef | None, Node | None]:
    predicate = (
        URIRef(finding.property) if finding.property and not finding.property.startswith("(") else None
    )
    value = from_n3(finding.value) if finding.value else None
    return predicate, value if isinstance(value, Node) else None


class FileLocator:
    """Locates findings in the given parsed files, handing the rest to `fallback`."""

    def __init__(self, files: list[Located], fallback: DataLocator | None = None) -> None:
        self.files = files
        self.fallback = fallback

    def locate(self, finding: Finding) -> Finding:
        if finding.file is not None or finding.entity is None:
            return finding
        entity = _node(finding.entity)
        predicate, value = _triple_pattern(finding)
        owners = [(f, _owner(entity, f.graph)) for f in self.files]
        if predicate is not None:
            for f, owner in owners:
                if (entity, predicate, value) in f.graph and owner in f.parsed.layout.subject_lines:
                    return finding.located(f.name, f.parsed.layout.subject_lines[owner])  # type: ignore[index]
        for table in ("subject_lines", "mention_lines"):
            for f, owner in owners:
                lines: dict[URIRef, int] = getattr(f.parsed.layout, table)
                if owner in lines:
                    return finding.located(f.name, lines[owner])  # type: ignore[index]
        return self.fallback.locate(finding) if self.fallback is not None else finding


class DataLocator:
    """Locates findings about entities of the built graph in the data files."""

    def __init__(self, store: ox.Store, where: Layout) -> None:
        self.store = store
        self.where = where
        self._files: dict[str, str] | None = None
        self._layouts: dict[str, turtle_statements.Layout] = {}

    def _file_of(self, graph: str) -> str | None:
        if self._files is None:
            # Resolved: the data folder may be a folder of links to the real files.
            self._files = {str(item.graph): str(item.path.resolve()) for item in data_files(self.where)}
            self._files[str(ONTOLOGY_GRAPH)] = str(self.where.ontology_file.resolve())
        return self._files.get(graph)

    def _layout(self, path: str) -> turtle_statements.Layout:
        if path not in self._layouts:
            from pathlib import Path

            file = Path(path)
            text = file.read_text(encoding="utf-8")
            self._layouts[path] = turtle_statements.scan(text, base=file.resolve().as_uri())
        return self._layouts[path]

    def _graphs(self, s: URIRef, p: URIRef | None, o: Node | None) -> list[str]:
        from cybergraph.rdf.rdflib_bridge import to_ox

        pattern = self.store.quads_for_pattern(
            ox.NamedNode(str(s)),
            ox.NamedNode(str(p)) if p is not None else None,
            to_ox(o) if o is not None and not isinstance(o, BNode) else None,
            None,
        )
        names = {q.graph_name.value for q in pattern if isinstance(q.graph_name, ox.NamedNode)}
        names.discard(str(INFERRED_GRAPH))
        return sorted(names)

    def locate(self, finding: Finding) -> Finding:
        if finding.file is not None or finding.entity is None or finding.entity.startswith("_:"):
            return finding
        entity = URIRef(finding.entity)
        predicate, value = _triple_pattern(finding)
        candidates: list[str] = []
        if predicate is not None:
            candidates += self._graphs(entity, predicate, value)
        candidates += self._graphs(entity, RDF.type, None) + self._graphs(entity, None, None)
        for graph in candidates:
            path = self._file_of(graph)
            if path is None:
                continue
            layout = self._layout(path)
            line = layout.subject_lines.get(entity, layout.mention_lines.get(entity))
            return finding.located(display_path(path), line)
        return finding

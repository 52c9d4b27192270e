"""Where a finding belongs: the file, and the line where its entity is described there.

A finding about an entity of the files checked goes to the file that states the offending triple (or
else describes the entity), at the first line where the entity is the subject of a statement. A finding
about an entity of the built graph goes to the data file whose named graph holds the offending triple
(or the entity's type), at the line where that file describes it.

`places()` answers where one statement is: each file that states it, at the line the statement ends on
(a finding that names two statements, such as two disjoint types, says where both are).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from cybergraph.core.positions import display_path
from cybergraph.core.resources import Layout
from cybergraph.graph.datafiles import data_files
from cybergraph.rdf.read import parse_turtle, read_bytes
from cybergraph.rdf.terms import INFERRED_GRAPH, ONTOLOGY_GRAPH, RDF_TYPE, Object, Subject, from_ntriples
from cybergraph.validation.findings import Finding, key_term
from cybergraph.validation.syntax import ParsedFile

_INFERRED = ox.NamedNode(INFERRED_GRAPH)

#: A file and a line in it (None when it cannot be told).
Place = tuple[str, int | None]


def _statement_lines(triples: Iterable[ox.Triple], lines: Iterable[int]) -> dict[ox.Triple, int]:
    """The line each statement (first) ends on."""
    out: dict[ox.Triple, int] = {}
    for triple, line in zip(triples, lines, strict=False):
        out.setdefault(triple, line)
    return out


class Locator(Protocol):
    def locate(self, finding: Finding) -> Finding: ...


class _Index:
    """One file's triples as the locator searches them."""

    def __init__(self, file: ParsedFile) -> None:
        self.file = file
        self.triples = set(file.triples)
        self.lines = _statement_lines(file.triples, file.lines)
        self.pairs = {(t.subject, t.predicate) for t in file.triples}
        self.parents: dict[ox.BlankNode, Subject] = {}
        for t in file.triples:
            if isinstance(t.object, ox.BlankNode):
                self.parents.setdefault(t.object, t.subject)  # type: ignore[arg-type]

    def owner(self, node: Subject) -> Subject:
        """The named entity a blank node hangs from (a blank node is described where its holder is)."""
        seen = set()
        while isinstance(node, ox.BlankNode) and node not in seen:
            seen.add(node)
            parent = self.parents.get(node)
            if parent is None:
                break
            node = parent
        return node

    def states(self, s: Subject, p: ox.NamedNode, o: Object | None) -> bool:
        """Whether the file states (s, p, o), or (s, p, anything) when `o` is None."""
        return (s, p) in self.pairs if o is None else ox.Triple(s, p, o) in self.triples


def _triple_pattern(finding: Finding) -> tuple[ox.NamedNode | None, Object | None]:
    predicate = (
        ox.NamedNode(finding.property) if finding.property and not finding.property.startswith("(") else None
    )
    value = from_ntriples(finding.value) if finding.value else None
    return predicate, value  # type: ignore[return-value]


class FileLocator:
    """Locates findings in the given files, handing the rest to `fallback`."""

    def __init__(self, files: Iterable[ParsedFile], fallback: Locator | None = None) -> None:
        self.files = list(files)
        self.fallback = fallback
        self._indexes: list[_Index] | None = None

    def locate(self, finding: Finding) -> Finding:
        if finding.file is not None or finding.entity is None:
            return finding
        if self._indexes is None:
            self._indexes = [_Index(f) for f in self.files]
        entity = key_term(finding.entity)
        predicate, value = _triple_pattern(finding)
        owners = [(i.file, i.owner(entity), i) for i in self._indexes]
        if predicate is not None:
            for f, owner, index in owners:
                if owner in f.subject_lines and index.states(entity, predicate, value):
                    return finding.located(f.name, f.subject_lines[owner])
        for f, owner, _ in owners:
            if owner in f.subject_lines:
                return finding.located(f.name, f.subject_lines[owner])
        for f, owner, _ in owners:
            if isinstance(owner, ox.NamedNode) and owner in f.mention_lines:
                return finding.located(f.name, f.mention_lines[owner])
        return self.fallback.locate(finding) if self.fallback is not None else finding

    def places(self, triple: ox.Triple) -> list[Place]:
        """Each file that states `triple`, at the line where the statement ends."""
        if self._indexes is None:
            self._indexes = [_Index(f) for f in self.files]
        return [(i.file.name, i.lines[triple]) for i in self._indexes if triple in i.lines]


class DataLocator:
    """Locates findings about entities of the built graph in the data files (and the ontology)."""

    def __init__(self, store: ox.Store, where: Layout, parsed: Iterable[ParsedFile] = ()) -> None:
        self.store = store
        self.where = where
        self._files: dict[str, str] | None = None
        # The files already parsed (the whole graph's), by resolved path: each data file is parsed once.
        self._parsed = {str(f.path.resolve()): f for f in parsed if f.path is not None}
        self._lines: dict[str, tuple[dict[Subject, int], dict[ox.NamedNode, int]]] = {
            path: (f.subject_lines, f.mention_lines) for path, f in self._parsed.items()
        }
        self._statements: dict[str, dict[ox.Triple, int]] = {}

    def _file_of(self, graph: str) -> str | None:
        if self._files is None:
            # Resolved: the data folder may be a folder of links to the real files.
            self._files = {item.graph: str(item.path.resolve()) for item in data_files(self.where)}
            self._files[ONTOLOGY_GRAPH] = str(self.where.ontology_file.resolve())
        return self._files.get(graph)

    def _parse(self, path: str) -> None:
        if path not in self._lines or path not in self._statements:
            known = self._parsed.get(path)
            if known is not None:
                self._statements[path] = _statement_lines(known.triples, known.lines)
                return
            file = Path(path)
            parsed = parse_turtle(read_bytes(file), lines=True)
            self._lines[path] = (parsed.subject_lines(), parsed.mention_lines())
            self._statements[path] = _statement_lines(parsed.triples, parsed.lines)

    def _line(self, path: str, entity: ox.NamedNode) -> int | None:
        if path not in self._lines:
            self._parse(path)
        subjects, mentions = self._lines[path]
        return subjects.get(entity, mentions.get(entity))

    def places(self, triple: ox.Triple) -> list[Place]:
        """Each data file (or the ontology) that states `triple`, at the line where the statement ends.

        The file's blank nodes are not the store's: a statement with one is placed at the line where the
        file describes its subject, when that is named, else at the file alone.
        """
        s, p, o = triple.subject, triple.predicate, triple.object
        graphs = {
            q.graph_name.value
            for q in self.store.quads_for_pattern(s, p, o, None)
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name != _INFERRED
        }
        out: list[Place] = []
        for graph in sorted(graphs):
            path = self._file_of(graph)
            if path is None:
                continue
            self._parse(path)
            line = self._statements[path].get(triple)
            if line is None and isinstance(s, ox.NamedNode):
                line = self._line(path, s)
            out.append((display_path(path), line))
        return out

    def _graphs(self, s: ox.NamedNode, p: ox.NamedNode | None, o: Object | None) -> list[str]:
        pattern = self.store.quads_for_pattern(s, p, o if not isinstance(o, ox.BlankNode) else None, None)
        names = {q.graph_name.value for q in pattern if isinstance(q.graph_name, ox.NamedNode)}
        names.discard(INFERRED_GRAPH)
        return sorted(names)

    def locate(self, finding: Finding) -> Finding:
        if finding.file is not None or finding.entity is None or finding.entity.startswith("_:"):
            return finding
        entity = ox.NamedNode(finding.entity)
        predicate, value = _triple_pattern(finding)
        candidates: list[str] = []
        if predicate is not None:
            candidates += self._graphs(entity, predicate, value)
        candidates += self._graphs(entity, RDF_TYPE, None) + self._graphs(entity, None, None)
        for graph in candidates:
            path = self._file_of(graph)
            if path is None:
                continue
            return finding.located(display_path(path), self._line(path, entity))
        return finding

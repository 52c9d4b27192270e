"""The built graph in every standard RDF format, the same bytes on every run and machine.

Provenance lives in named graphs (one per source section). The quad formats (TriG, N-Quads, JSON-LD)
keep them, and carry the default graph too: every triple the export selects, once (the dataset of
`graph.dataset`, so that a store loading the file the standard way answers plain queries with each fact
once). The triple formats (Turtle, N-Triples, RDF/XML) merge the named graphs into one graph, so which
section states a fact is lost there and a triple stated by two sections appears once.

Every format is written from pyoxigraph quads (`select`). N-Triples, N-Quads, Turtle and TriG of a
store without blank nodes take a faster way to the same bytes, in memory that does not grow with the
graph: the store writes each graph in N-Triples itself, the lines are sorted as bytes in bounded runs
merged from disk (`core.extsort`), and written as they come (N-Triples, N-Quads) or parsed back, a
subject at a time, for the Turtle writer (`rdf.turtle.write_sorted`).

>>> from cybergraph.graph.build import build
>>> text = export(build(), format="ntriples", include={"ontology"})  # doctest: +SKIP
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Collection, Generator, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from itertools import chain, groupby
from operator import itemgetter
from pathlib import Path
from typing import Literal as Choice

import pyoxigraph as ox

from cybergraph.core.errors import UsageError
from cybergraph.graph.build import BuiltGraph
from cybergraph.graph.derived import DERIVED_GRAPH
from cybergraph.rdf.terms import INFERRED_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH, GraphName

Selection = Choice["asserted", "inferred", "all"]
SELECTIONS: tuple[str, ...] = ("asserted", "inferred", "all")
PARTS: tuple[str, ...] = ("ontology", "data", "shapes")
DEFAULT_INCLUDE = frozenset({"ontology", "data"})


@dataclass(frozen=True)
class Format:
    """One output format: its name, whether it keeps named graphs, and how to label the bytes."""

    name: str
    title: str
    keeps_graphs: bool
    media_type: str
    extension: str
    write: Callable[[list[ox.Quad]], str]


def _turtle(quads: list[ox.Quad]) -> str:
    from cybergraph.rdf.turtle import to_turtle

    return to_turtle(quads)


def _trig(quads: list[ox.Quad]) -> str:
    from cybergraph.rdf.quads import by_graph
    from cybergraph.rdf.turtle import to_trig

    return to_trig(list(by_graph(quads).items()))


def _ntriples(quads: list[ox.Quad]) -> str:
    from cybergraph.rdf.ntriples import to_ntriples

    return to_ntriples(quads)


def _nquads(quads: list[ox.Quad]) -> str:
    from cybergraph.rdf.ntriples import to_nquads

    return to_nquads(quads)


def _jsonld(quads: list[ox.Quad], context_url: str | None = None) -> str:
    from cybergraph.rdf.jsonld import to_jsonld

    return to_jsonld(quads, context_url=context_url)


def _rdfxml(quads: list[ox.Quad]) -> str:
    from cybergraph.rdf.rdfxml import to_rdfxml

    return to_rdfxml(quads)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "Turtle", False, "text/turtle", "ttl", _turtle),
        Format("ntriples", "N-Triples", False, "application/n-triples", "nt", _ntriples),
        Format("nquads", "N-Quads", True, "application/n-quads", "nq", _nquads),
        Format("trig", "TriG", True, "application/trig", "trig", _trig),
        Format("jsonld", "JSON-LD", True, "application/ld+json", "jsonld", _jsonld),
        Format("rdfxml", "RDF/XML", False, "application/rdf+xml", "rdf", _rdfxml),
    )
}


class ExportError(UsageError):
    """The selection cannot be exported as asked (exit code 2)."""


def _check(format: str, selection: str, include: Collection[str]) -> None:
    if format not in FORMATS:
        raise UsageError(f"unknown format {format!r}", hint=f"choose one of: {', '.join(FORMATS)}")
    if selection not in SELECTIONS:
        raise UsageError(f"unknown selection {selection!r}", hint=f"choose one of: {', '.join(SELECTIONS)}")
    unknown = sorted(set(include) - set(PARTS))
    if unknown or not include:
        raise UsageError(
            f"cannot include {', '.join(unknown) or 'nothing'}",
            hint=f"include one or more of: {', '.join(PARTS)}",
        )


def _part(name: str) -> str:
    if name == ONTOLOGY_GRAPH:
        return "ontology"
    if name in (INFERRED_GRAPH, DERIVED_GRAPH):
        # What the build computed: the rules' closure, and what the queries look up (graph.derived).
        return "inferred"
    return "data"


def _graphs(graph: BuiltGraph, selection: str, include: Collection[str]) -> list[GraphName]:
    """The named graphs of the build that the selection takes whole.

    Never the store's default graph: it is the union of all of them (graph.dataset), inferred triples
    included; an export's default graph is the union of what the export selects.
    """
    wanted = set()
    if selection in ("asserted", "all"):
        wanted |= {p for p in include if p != "shapes"}
    if selection in ("inferred", "all"):
        wanted.add("inferred")
    names: list[GraphName] = [g for g in graph.store.named_graphs() if _part(g.value) in wanted]
    return names


def _with_shapes(selection: str, include: Collection[str]) -> bool:
    return "shapes" in include and selection in ("asserted", "all")


def _stable(quads: list[ox.Quad]) -> list[ox.Quad]:
    from cybergraph.rdf.blank_nodes import UnsupportedBlankNodes, stable_labels

    try:
        return stable_labels(quads)
    except UnsupportedBlankNodes as exc:
        raise ExportError(str(exc)) from exc


def select(
    graph: BuiltGraph,
    *,
    selection: Selection = "asserted",
    include: Collection[str] = DEFAULT_INCLUDE,
    shapes_file: Path | None = None,
    default_graph: bool = True,
) -> list[ox.Quad]:
    """The quads an export holds, read from the store, blank nodes renamed by content.

    `selection`: "asserted" (what the files state), "inferred" (only what the ontology implies, in
    `graph:inferred`), or "all" (both). `include` picks the parts of the asserted graph: "ontology"
    (`graph:ontology`), "data" (every other graph of the build: the source sections, the source catalogue,
    the curation notes) and "shapes" (the SHACL shapes, in `graph:shapes`). Inferred triples come whole
    with "inferred" or "all": the reasoner does not record which part they follow from.

    With `default_graph` (what the quad formats write), the named graphs' quads are followed by the
    default graph: each of their triples once. A format without named graphs needs none.
    """
    _check("turtle", selection, include)
    quads: list[ox.Quad] = []
    for name in _graphs(graph, selection, include):
        quads.extend(graph.store.quads_for_pattern(None, None, None, name))
    if _with_shapes(selection, include):
        quads.extend(_shapes(shapes_file))
    quads = _stable(quads)
    return quads + default_graph_of(quads) if default_graph else quads


def default_graph_of(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The default graph of a dataset whose named graphs hold `quads`: each of their triples once.

    A blank node keeps its label: in N-Quads it is the same node in both graphs, as in the store.
    """
    return [ox.Quad(t.subject, t.predicate, t.object) for t in dict.fromkeys(q.triple for q in quads)]


def _shapes(shapes_file: Path | None) -> list[ox.Quad]:
    from cybergraph.core.positions import display_path
    from cybergraph.core.resources import layout
    from cybergraph.rdf.read import read_triples

    path = shapes_file or layout().shapes_file
    if not path.is_file():
        raise UsageError(
            f"no shapes file at {display_path(path)}", hint="leave shapes out: --include ontology,data"
        )
    shapes = ox.NamedNode(SHAPES_GRAPH)
    return [ox.Quad(t.subject, t.predicate, t.object, shapes) for t in read_triples(path)]


# -- streamed: each graph as the store writes it in N-Triples, without a Python object per term, sorted in
# bounded memory (core.extsort) and written as it comes

_STREAMED = ("ntriples", "nquads", "turtle", "trig")
#: About how many bytes of N-Triples the store hands over at a time.
_PIECE = 1 << 20
#: How many pieces may wait between the store's thread and the sort: the memory between them is bounded.
_WAITING = 4


class _HasBlankNodes(Exception):
    """A graph of the store holds a blank node: those are renamed by content, which needs the quads."""


class _Stopped(Exception):
    """The reader of the pieces has stopped: the store's thread stops writing."""


class _Pieces:
    """What `Store.dump` writes into: its text cut at line ends into pieces of about `_PIECE` bytes, each
    handed to `put` with the graph's name."""

    def __init__(self, name: GraphName, put: Callable[[tuple[GraphName, bytes]], None]) -> None:
        self.name, self.put = name, put
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.parts.append(data)
        self.size += len(data)
        if self.size >= _PIECE:
            self._hand(last=False)
        return len(data)

    def flush(self) -> None:
        """Nothing: pieces go at line ends (the store flushes when it is done)."""

    def _hand(self, *, last: bool) -> None:
        data = b"".join(self.parts)
        cut = len(data) if last else data.rfind(b"\n") + 1
        self.parts = [data[cut:]] if cut < len(data) else []
        self.size = len(data) - cut
        if cut:
            self.put((self.name, data[:cut]))

    def close(self) -> None:
        self._hand(last=True)


def _dumps(graph: BuiltGraph, names: list[GraphName]) -> Generator[tuple[ox.NamedNode, bytes]]:
    """Each graph's triples in N-Triples, as the store writes them, in pieces that end at line ends;
    _HasBlankNodes when one holds a blank node. The store writes in a thread (it lets go of the GIL
    meanwhile) while the caller works on the pieces already written: on two cores that hides the Python
    work behind the store's. At most `_WAITING` pieces wait for the caller."""
    done: queue.Queue[tuple[GraphName, bytes] | BaseException | None] = queue.Queue(maxsize=_WAITING)
    stop = threading.Event()

    def put(item: tuple[GraphName, bytes] | BaseException | None) -> None:
        while not stop.is_set():
            try:
                done.put(item, timeout=0.05)
                return
            except queue.Full:
                continue
        raise _Stopped

    def work() -> None:
        try:
            for name in names:
                pieces = _Pieces(name, put)
                # Any object with `write` will do: the store calls it with its buffer, 8 KiB at a time.
                graph.store.dump(pieces, format=ox.RdfFormat.N_TRIPLES, from_graph=name)  # type: ignore[arg-type]
                pieces.close()
            put(None)
        except BaseException as exc:  # handed over to the caller, who raises it
            with suppress(_Stopped):
                put(exc)

    worker = threading.Thread(target=work, name="cybergraph-dump", daemon=True)
    worker.start()
    try:
        while (item := done.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            name, data = item
            # A graph named by a blank node, like a blank node in a graph, takes the quads' way.
            if not isinstance(name, ox.NamedNode):
                raise _HasBlankNodes
            # A blank node is written `_:label` (never across two pieces: they end at line ends); a literal
            # holding "_:" only costs the slow way.
            if b"_:" in data:
                raise _HasBlankNodes
            yield name, data
    finally:
        stop.set()
        worker.join()


# Turtle and TriG sort lines by subject IRI: `<s> ` ends with `>`, which sorts after `/`, `#` or `-` in
# another IRI, so every `> ` becomes `\0 ` (the N-Triples of the store never holds a raw NUL: control
# characters are escaped) and back after the sort. A TriG line starts with its graph: `\0 ` for the
# default graph (which comes first), `<g\0 ` for a named one.
_END, _MARK = b"> ", b"\x00 "


def _keyed(data: bytes, graph: bytes = b"") -> bytes:
    text = data.replace(_END, _MARK)
    if not graph:
        return text
    return graph + text[:-1].replace(b"\n", b"\n" + graph) + b"\n"


def _sortable(
    format: str, pieces: Iterator[tuple[ox.NamedNode, bytes]], shapes: list[ox.Quad]
) -> Iterator[bytes]:
    """The lines to sort for `format`, in chunks that end at line ends."""
    from cybergraph.rdf.ntriples import nquads_bytes, ntriples_bytes

    if format == "ntriples":
        for _, data in pieces:
            yield data
        yield ntriples_bytes(shapes)
    elif format == "nquads":
        # Every N-Triples line ends in " .\n" (a literal's newline is escaped): the graph name goes there.
        # Each graph's lines also go as they are, into the default graph; the sort keeps each line once.
        for name, data in pieces:
            yield data
            yield data.replace(b" .\n", f" <{name.value}> .\n".encode())
        yield nquads_bytes(shapes + default_graph_of(shapes))
    elif format == "turtle":
        for _, data in pieces:
            yield _keyed(data)
    else:
        for name, data in pieces:
            yield _keyed(data, _MARK)
            yield _keyed(data, f"<{name.value}".encode() + _MARK)


def _sections(format: str, blocks: Iterator[bytes]) -> Iterator[tuple[GraphName | None, Iterator[ox.Triple]]]:
    """The sorted lines of Turtle or TriG parsed back: each graph's triples, in subject order."""
    nt = ox.RdfFormat.N_TRIPLES
    if format == "turtle":
        yield None, (t for block in blocks for t in ox.parse(block.replace(b"\x00", b">"), format=nt))
        return
    for key, group in groupby(_graph_lines(blocks), key=itemgetter(0)):
        name: GraphName = ox.NamedNode(key[1:].decode()) if key else ox.DefaultGraph()
        yield name, (t for _, data in group for t in ox.parse(data.replace(b"\x00", b">"), format=nt))


def _graph_lines(blocks: Iterator[bytes]) -> Iterator[tuple[bytes, bytes]]:
    """TriG's sorted lines as (graph, N-Triples text) pieces: the graph `<iri` or b"" for the default."""
    key = b""  # the default graph's lines come first
    lines: list[bytes] = []
    for block in blocks:
        for line in block[:-1].split(b"\n"):
            graph, _, text = line.partition(_MARK)
            if graph != key or len(lines) >= 8192:
                if lines:
                    yield key, b"\n".join(lines) + b"\n"
                key, lines = graph, []
            lines.append(text)
    if lines:
        yield key, b"\n".join(lines) + b"\n"


def _stream(
    format: str,
    pieces: Iterator[tuple[ox.NamedNode, bytes]],
    shapes: list[ox.Quad],
    write: Callable[[bytes], object],
) -> None:
    """Write `format` from the store's pieces of N-Triples, sorted in bounded memory."""
    from cybergraph.core.extsort import sorted_lines

    with sorted_lines(_sortable(format, pieces, shapes)) as blocks:
        if format in ("ntriples", "nquads"):
            for block in blocks:
                write(block)
            return
        from cybergraph.rdf.turtle import UnsupportedGraph, write_sorted

        try:
            write_sorted(_sections(format, blocks), write)
        except UnsupportedGraph as exc:
            raise ExportError(f"cannot write {FORMATS[format].title}: {exc}") from exc


def _turtle_with_shapes(pieces: Iterator[tuple[ox.NamedNode, bytes]], shapes: list[ox.Quad]) -> bytes:
    """Turtle of the store's graphs and the shapes, whose blank nodes hang inline from IRIs anywhere in
    the text: written in memory. Parsing the store's text is faster than reading its quads one by one."""
    from cybergraph.rdf.turtle import to_turtle

    parsed = (q for _, data in pieces for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    return to_turtle(chain(parsed, shapes)).encode("utf-8")


def serialize(quads: Iterable[ox.Quad], *, format: str = "turtle", context_url: str | None = None) -> bytes:
    """Quads in one format, as UTF-8 bytes. Triple formats merge the named graphs.

    JSON-LD carries its context inline, so that it reads without network; `context_url` (JSON-LD only)
    names a remote context instead.
    """
    _check(format, "asserted", DEFAULT_INCLUDE)
    from cybergraph.rdf.jsonld import UnsupportedInJsonLd, context_address
    from cybergraph.rdf.rdfxml import UnsupportedInRdfXml
    from cybergraph.rdf.turtle import UnsupportedGraph

    context_url = context_address(context_url, format=format)
    try:
        if context_url is not None:
            return _jsonld(list(quads), context_url).encode("utf-8")
        return FORMATS[format].write(list(quads)).encode("utf-8")
    except (UnsupportedGraph, UnsupportedInRdfXml, UnsupportedInJsonLd) as exc:
        raise ExportError(f"cannot write {FORMATS[format].title}: {exc}") from exc


def export(
    graph: BuiltGraph,
    *,
    format: str = "turtle",
    selection: Selection = "asserted",
    include: Collection[str] = DEFAULT_INCLUDE,
    shapes_file: Path | None = None,
    context_url: str | None = None,
) -> bytes:
    """The selected part of the built graph in `format` (see FORMATS), deterministic bytes.

    See `select` for `selection` and `include`. JSON-LD carries its context inline, so any processor
    reads it offline; `context_url` (JSON-LD only) names a remote context instead. `write_export` writes
    the same bytes piece by piece, in bounded memory.
    """
    parts: list[bytes] = []
    write_export(
        graph,
        parts.append,
        format=format,
        selection=selection,
        include=include,
        shapes_file=shapes_file,
        context_url=context_url,
    )
    return b"".join(parts)


def write_export(
    graph: BuiltGraph,
    write: Callable[[bytes], object],
    *,
    format: str = "turtle",
    selection: Selection = "asserted",
    include: Collection[str] = DEFAULT_INCLUDE,
    shapes_file: Path | None = None,
    context_url: str | None = None,
) -> None:
    """`export`'s bytes, handed to `write` piece by piece.

    N-Triples, N-Quads, Turtle and TriG of a store without blank nodes are streamed: the store writes each
    graph in N-Triples, the lines are sorted in memory that does not grow with the graph (an external
    sort, `core.extsort`) and written as they come out of the merge (Turtle and TriG: parsed back and
    written a subject at a time). Turtle with the shapes (blank nodes inline anywhere), the other formats,
    and a store with blank nodes (named by content over the whole selection) are written in memory.
    """
    _check(format, selection, include)
    from cybergraph.rdf.jsonld import context_address

    context_url = context_address(context_url, format=format)
    if format in _STREAMED:
        with_shapes = _with_shapes(selection, include)
        shapes = _stable(_shapes(shapes_file)) if with_shapes else []
        pieces = _dumps(graph, _graphs(graph, selection, include))
        try:
            if format in ("ntriples", "nquads") or not with_shapes:
                _stream(format, pieces, shapes, write)
                return
            if format == "turtle":
                write(_turtle_with_shapes(pieces, shapes))
                return
        except _HasBlankNodes:
            pass
        finally:
            pieces.close()
    quads = select(
        graph,
        selection=selection,
        include=include,
        shapes_file=shapes_file,
        default_graph=FORMATS[format].keeps_graphs,
    )
    write(serialize(quads, format=format, context_url=context_url))


def dropped_note(format: str) -> str | None:
    """What a triple format loses, for the command line to say; None for quad formats."""
    spec = FORMATS[format]
    if spec.keeps_graphs:
        return None
    return (
        f"note: {spec.title} has no named graphs: the source section of each fact is dropped"
        " (facts stated by several sections appear once); use --format trig, nquads or jsonld to keep it"
    )


def graph_quads(triples: Iterable[ox.Triple]) -> list[ox.Quad]:
    """The triples of one graph as default-graph quads, blank nodes renamed by content."""
    return _stable([ox.Quad(t.subject, t.predicate, t.object) for t in triples])


def description(
    graph: BuiltGraph,
    *,
    selection: Selection = "asserted",
    include: Collection[str] = DEFAULT_INCLUDE,
    shapes_file: Path | None = None,
    endpoint_url: str | None = None,
    dump_url: str | None = None,
) -> list[ox.Triple]:
    """The VoID + DCAT description of what `export` with the same selection writes, as triples."""
    from cybergraph.publishing.describe import describe, scope_text

    quads = select(graph, selection=selection, include=include, shapes_file=shapes_file, default_graph=False)
    return describe(quads, scope=scope_text(selection, include), endpoint_url=endpoint_url, dump_url=dump_url)

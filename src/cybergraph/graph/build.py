"""The built graph every command works on, cached on disk until an input changes.

`build()` parses the ontology and the data files with Oxigraph's parser (`rdf.read`), each file into its
named graph, adds the triples the ontology implies (`graph.rules`, into `graph:inferred`) and what the
stored queries look up per entity (`graph.derived`, into `graph:derived`), copies every
triple once into the default graph (`graph.dataset` describes the layout), and saves the result as an
on-disk Oxigraph store in the cache (`graph.cache`), keyed by a hash of every input file and of the tool's
version. Later calls open that store read-only in milliseconds. No rdflib on this path: commands that
need an rdflib Dataset convert the store themselves (`rdf.rdflib_bridge.to_dataset`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

import pyoxigraph as ox

from cybergraph.core.resources import Layout, layout
from cybergraph.core.version import PIPELINE_VERSION, __version__
from cybergraph.graph import cache
from cybergraph.graph.datafiles import check_source_parts, data_files
from cybergraph.graph.dataset import NamedGraphsView
from cybergraph.rdf.terms import INFERRED_GRAPH, ONTOLOGY_GRAPH, iri_ref

# The parser, the rules, the derived triples and the vocabulary are imported by `_write`, when a graph is
# built: a command that finds its graph in the cache (every `query`, most of the time) never needs them.


@dataclass
class BuiltGraph:
    """The graph after build: every fact once in the default graph; named graphs per source section,
    `graph:ontology`, `graph:sources`, `graph:discrepancies`, `graph:inferred` and `graph:derived`
    (see the module)."""

    store: ox.Store
    key: str = ""
    path: Path | None = None
    reused: bool = False

    def named_graphs_view(self) -> ox.Store:
        """The store without its default graph, for code that walks every quad and tells asserted triples
        from inferred ones by their graph (see `graph.dataset.NamedGraphsView`)."""
        return cast(ox.Store, NamedGraphsView(self.store))


def inputs(where: Layout) -> list[tuple[Path, ox.NamedNode]]:
    """Every file the graph is built from, with the named graph it goes into."""
    return [(where.ontology_file, ox.NamedNode(ONTOLOGY_GRAPH))] + [
        (f.path, ox.NamedNode(f.graph)) for f in data_files(where)
    ]


def input_key(where: Layout) -> str:
    """A hash of the inputs' names and bytes, the tool version and the pipeline version."""
    header = f"cybergraph {__version__} pipeline {PIPELINE_VERSION} {ox.__version__}"
    return cache.input_key(header, ((path, graph.value) for path, graph in inputs(where)))


def _quads(where: Layout) -> Iterator[ox.Quad]:
    from cybergraph.rdf.read import file_quads

    for path, graph in inputs(where):
        yield from file_quads(path, graph)


def _check_source_parts(store: ox.Store, where: Layout) -> None:
    # Before the default graph is filled: every triple is in the named graph of its file.
    from cybergraph.rdf.vocab import CG

    kinds = f"{iri_ref(CG.SourceSection.value)} {iri_ref(CG.Source.value)}"
    described = {
        row[0].value
        for row in store.query(
            f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s a ?c }} VALUES ?c {{ {kinds} }} }}"
        )  # type: ignore[union-attr]
    }
    check_source_parts(data_files(where), described)


def _write(where: Layout, folder: Path) -> None:
    # Parse and infer in memory (the rules' queries run ~8x slower against a store being written on
    # disk), then bulk-load the result into the on-disk store that later commands open read-only.
    from cybergraph.graph.derived import derive
    from cybergraph.graph.rules import infer_store

    memory = ox.Store()
    # One bulk insert for every file: per-file loads cost ~20 ms each in a disk store.
    memory.bulk_extend(_quads(where))
    _check_source_parts(memory, where)
    # Rules compiled from the ontology (rules.py); owlrl (reason.py) is the reference they are tested on.
    infer_store(memory, inferred_graph=ox.NamedNode(INFERRED_GRAPH))
    # What the stored queries would recompute per entity (most specific class, citation), once.
    derive(memory)
    dump = folder / "graph.nq"
    with dump.open("wb") as out:
        memory.dump(output=out, format=ox.RdfFormat.N_QUADS)
        # The default graph (graph.dataset): each named graph's triples again, as N-Triples lines, which
        # are N-Quads lines of the default graph; the store keeps a triple stated twice once. In the same
        # file, so that a blank node is the same node in both graphs. Cheaper than filling the default
        # graph in memory first: at 1M triples that took 14 s and 1 GB more than the bulk load does.
        for graph in memory.named_graphs():
            memory.dump(output=out, format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
    del memory
    _give_back_freed_memory()
    store = ox.Store(str(folder / "store"))
    loader = _Loader(store)
    loader.load(dump)
    loader.finish()
    dump.unlink()
    store.flush()
    store.optimize()


#: Bytes of N-Quads text per bulk load (about 400,000 quads). Oxigraph's bulk loader holds what it is
#: given in memory while it sorts it, about 1 kB a quad: at a million triples (5.7M quads with the default
#: graph) one load of the whole dump took 1.7 GB.
BLOCK = 64 << 20


def _blocks(lines: BinaryIO, size: int) -> Iterator[bytes]:
    """The text of `lines` in pieces of about `size` bytes, each ending at the end of a line."""
    rest = b""
    while piece := lines.read(size):
        text = rest + piece
        end = text.rfind(b"\n") + 1
        rest = text[end:]
        if end:
            yield text[:end]
    if rest:
        yield rest


class _Loader:
    """Bulk-loads N-Quads files into a store in blocks. A blank node is a new node in each load, so the
    lines that hold one (or "_:" in a literal) are kept aside and loaded together, in one load of their
    own, by `finish()`."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.blank: list[bytes] = []

    def load(self, path: Path) -> None:
        with path.open("rb") as lines:
            for text in _blocks(lines, BLOCK):
                if b"_:" in text:
                    split = text.splitlines(keepends=True)
                    self.blank += [line for line in split if b"_:" in line]
                    text = b"".join(line for line in split if b"_:" not in line)
                if text:
                    self.store.bulk_load(text, format=ox.RdfFormat.N_QUADS)

    def finish(self) -> None:
        if self.blank:
            self.store.bulk_load(b"".join(self.blank), format=ox.RdfFormat.N_QUADS)
            self.blank = []


def _give_back_freed_memory() -> None:
    # The in-memory store's pages stay with the process once freed (glibc keeps them for later
    # allocations, which the bulk load does not reuse well): at a million triples 0.85 GB. Returning them
    # to the system keeps the build's peak to the larger of its two phases, not their sum.
    import ctypes

    with suppress(OSError, AttributeError):  # not glibc: nothing to give back this way
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def build(*, data: Path | str | None = None, force: bool = False) -> BuiltGraph:
    """The built graph for the project's data (or `data`), from the cache when its inputs are unchanged.

    Raises InputError (exit code 2) with file, line and column for a syntax error in any input, and
    CacheError (exit code 2) when the cache folder cannot be written.
    """
    where = layout(data)
    key = input_key(where)
    # Any number of processes may ask at once: one builds, the others wait and reuse its entry.
    path, reused = cache.entry(key, lambda folder: _write(where, folder), force=force)
    try:
        # Read-only: other processes may be reading the same entry.
        store = ox.Store.read_only(str(path / "store"))
    except (OSError, RuntimeError) as exc:
        if not reused:
            raise cache.damaged(path, exc) from exc
        # A damaged entry (a disk error, files removed by hand, a race of an earlier version) is built again.
        cache.release(path)
        try:
            path, reused = cache.entry(key, lambda folder: _write(where, folder), force=True)
        except cache.CacheError:
            raise cache.damaged(path, exc) from exc
        store = ox.Store.read_only(str(path / "store"))
    return BuiltGraph(store=store, key=key, path=path, reused=reused)

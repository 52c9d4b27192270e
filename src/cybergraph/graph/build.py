"""The built graph every command works on, cached on disk until an input changes.

`build()` parses the ontology and the data files with Oxigraph's parser, each file into its named graph,
adds the triples the ontology implies, and saves the result as an on-disk Oxigraph store under the cache
folder, keyed by a hash of every input file and of the tool's version. Later calls open that store
read-only in milliseconds. Commands use `BuiltGraph.store` (pyoxigraph, for queries and exports) or
`BuiltGraph.dataset()` (rdflib, for validation and reasoning).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    from rdflib import Dataset

from cybergraph.core.errors import InputError
from cybergraph.core.positions import Position, display_path
from cybergraph.core.resources import ROOT, Layout, layout
from cybergraph.core.version import __version__
from cybergraph.graph.datafiles import DataFile, check_source_parts, data_files
from cybergraph.rdf.terms import INFERRED_GRAPH, ONTOLOGY_GRAPH

# Bump when the build pipeline changes what it produces from the same inputs.
PIPELINE_VERSION = "3"
_KEEP = 4  # cached builds kept per cache folder; older ones are removed
_DONE = "complete"


@dataclass
class BuiltGraph:
    """The graph after build: named graphs per source section, `graph:ontology` and `graph:inferred`."""

    store: ox.Store
    key: str = ""
    path: Path | None = None
    reused: bool = False
    _dataset: Dataset | None = field(default=None, repr=False)

    def dataset(self) -> Dataset:
        """The same quads as an rdflib Dataset (built on first use)."""
        if self._dataset is None:
            from cybergraph.rdf.rdflib_bridge import to_dataset

            self._dataset = to_dataset(self.store)
        return self._dataset


def cache_root() -> Path:
    """Where built stores are kept: $CYBERGRAPH_CACHE, else .cache/ in a checkout, else the user cache."""
    chosen = os.environ.get("CYBERGRAPH_CACHE")
    if chosen:
        return Path(chosen)
    if (ROOT / "pyproject.toml").is_file() and os.access(ROOT, os.W_OK):
        return ROOT / ".cache" / "cybergraph"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cybergraph"


def inputs(where: Layout) -> list[tuple[Path, ox.NamedNode]]:
    """Every file the graph is built from, with the named graph it goes into."""
    files: list[DataFile] = data_files(where)
    return [(where.ontology_file, ox.NamedNode(ONTOLOGY_GRAPH))] + [
        (f.path, ox.NamedNode(f.graph)) for f in files
    ]


def input_key(where: Layout) -> str:
    """A hash of the inputs' names and bytes, the tool version and the pipeline version."""
    digest = hashlib.sha256(
        f"cybergraph {__version__} pipeline {PIPELINE_VERSION} {ox.__version__}\n".encode()
    )
    for path, graph in inputs(where):
        digest.update(f"{graph.value}\n".encode())
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        digest.update(b"\n--\n")
    return digest.hexdigest()[:32]


def _quads(where: Layout) -> Iterator[ox.Quad]:
    for path, graph in inputs(where):
        try:
            for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.as_uri()):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, graph)
        except SyntaxError as exc:
            message = str(exc).split(" (", 1)[0]
            raise InputError(
                f"Turtle syntax error: {message}",
                position=Position(display_path(path), exc.lineno, exc.offset),
                hint="fix the statement there",
            ) from exc
        except UnicodeDecodeError as exc:
            raise InputError("the file is not UTF-8 text", position=Position(display_path(path))) from exc


def _parse_into(store: ox.Store, where: Layout) -> None:
    # One bulk insert for every file: per-file loads cost ~20 ms each in a disk store.
    store.bulk_extend(_quads(where))
    _check_source_parts(store, where)


def _check_source_parts(store: ox.Store, where: Layout) -> None:
    described = {
        row[0].value
        for row in store.query(  # type: ignore[union-attr]
            "SELECT DISTINCT ?s WHERE { ?s a ?c VALUES ?c { "
            "<https://w3id.org/cybergraph/def#SourceSection> <https://w3id.org/cybergraph/def#Source> } }",
            use_default_graph_as_union=True,
        )
    }
    check_source_parts(data_files(where), described)


def _infer(store: ox.Store) -> None:
    # Rules compiled from the ontology (rules.py); owlrl (reason.py) is the reference they are tested on.
    from cybergraph.graph.rules import infer_store

    infer_store(store, inferred_graph=ox.NamedNode(INFERRED_GRAPH))


def _prune(root: Path, keep: str) -> None:
    builds = sorted(
        (p for p in root.iterdir() if p.is_dir() and (p / _DONE).exists() and p.name != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in builds[_KEEP - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def build(*, data: Path | str | None = None, force: bool = False) -> BuiltGraph:
    """The built graph for the project's data (or `data`), from the cache when its inputs are unchanged.

    Raises InputError (exit code 2) with file, line and column for a syntax error in any input.
    """
    where = layout(data)
    key = input_key(where)
    root = cache_root()
    target = root / key
    if not force and (target / _DONE).exists():
        return BuiltGraph(store=ox.Store.read_only(str(target / "store")), key=key, path=target, reused=True)
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=root))
    try:
        # Parse and infer in memory (the rules' queries run ~8x slower against a store being written on
        # disk), then bulk-load the result into the on-disk store that later commands open read-only.
        memory = ox.Store()
        _parse_into(memory, where)
        _infer(memory)
        dump = work / "graph.nq"
        memory.dump(output=str(dump), format=ox.RdfFormat.N_QUADS)
        del memory
        store = ox.Store(str(work / "store"))
        store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        dump.unlink()
        store.flush()
        store.optimize()
        del store
        (work / _DONE).write_text(key + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    _prune(root, key)
    return BuiltGraph(store=ox.Store.read_only(str(target / "store")), key=key, path=target, reused=False)

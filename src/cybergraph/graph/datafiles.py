"""Which files the graph is built from, and the named graph each one goes into (no rdflib: start-up path)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cybergraph.core.errors import InputError
from cybergraph.core.positions import Position, display_path
from cybergraph.core.resources import Layout
from cybergraph.graph.dataset import RESERVED
from cybergraph.rdf.terms import ENTITIES, GRAPHS

FACTS_FOLDER = "facts"


@dataclass(frozen=True)
class DataFile:
    """One Turtle file and the IRI of the named graph its triples belong to."""

    path: Path
    graph: str

    @property
    def is_source_part(self) -> bool:
        return self.path.parent.name == FACTS_FOLDER


def _relative(path: Path, data: Path) -> Path | None:
    """`path` relative to the folder `data`, as given, made absolute, or with its folder's links resolved
    (the file itself may be a link, as in the folder of links a validation builds from)."""
    for inner, outer in ((path, data), (path.absolute(), data.absolute())):
        if inner.is_relative_to(outer):
            return inner.relative_to(outer)
    inner = path.absolute().parent.resolve() / path.name
    return inner.relative_to(data.resolve()) if inner.is_relative_to(data.resolve()) else None


def data_file(path: Path, data: Path) -> DataFile | None:
    """The data file `path` would be in the data folder `data`, with its graph; None when it lies elsewhere.

    `facts/<slug>.ttl` goes into the graph `cgid:<slug>` (the source section it states); a file directly
    in the data folder into `graph:<stem>`. A file deeper down is refused: the build would not read it.
    """
    rel = _relative(path, data)
    if rel is None:
        return None
    if rel.parts and rel.parts[0] == FACTS_FOLDER and len(rel.parts) == 2:
        return DataFile(path, ENTITIES + path.stem)
    if len(rel.parts) == 1 and path.stem in RESERVED:
        raise InputError(
            f"graph:{path.stem} is a graph of the build's own, so no data file may be named {path.name}",
            position=Position(display_path(path)),
            hint=f"rename it; the reserved names are {', '.join(n + '.ttl' for n in RESERVED)}",
        )
    if len(rel.parts) == 1:
        return DataFile(path, GRAPHS + path.stem)
    raise InputError(
        "data files go directly in the data folder or in its facts/ folder",
        position=Position(display_path(path)),
        hint=f"move it to {display_path(data / FACTS_FOLDER / path.name)}",
    )


def data_files(where: Layout) -> list[DataFile]:
    """Every Turtle file of the data folder, in a stable order, with its graph name (see `data_file`)."""
    return [item for path in sorted(where.data.rglob("*.ttl")) if (item := data_file(path, where.data))]


def undescribed(item: DataFile) -> InputError:
    """The error for a facts file that no described source section is named after: the one message that
    `build`, `load` and `validate` give, so that what validation accepts the build accepts too."""
    data = item.path.resolve().parent.parent  # the real data folder, not a folder of links to it
    sources = display_path(data / "sources.ttl")
    facts = display_path(data / FACTS_FOLDER)
    section = "cgid:" + item.graph.removeprefix(ENTITIES)
    return InputError(
        f"no source section {section} is described in {sources}, so no source states the facts of this file",
        position=Position(display_path(item.path)),
        hint=f"name the file after a section described in {sources} ({facts}/<section>.ttl), describe the"
        f" section {section} there, or validate standard input with --stdin-name {facts}/<section>.ttl",
    )


def check_source_parts(files: list[DataFile], described: set[str]) -> None:
    """Each file under facts/ must be the graph of a described source or section (IRIs in `described`).

    The one rule for every path that reads data files: the build, `load()` and `validate` (for the files
    of a contribution that lie in facts/, or that standard input stands for with --stdin-name).
    """
    for item in files:
        if item.is_source_part and item.graph not in described:
            raise undescribed(item)

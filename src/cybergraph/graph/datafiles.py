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


def data_files(where: Layout) -> list[DataFile]:
    """Every Turtle file of the data folder, in a stable order, with its graph name.

    `facts/<slug>.ttl` goes into the graph `cgid:<slug>` (the source section it states); a file directly
    in the data folder into `graph:<stem>`.
    """
    files = []
    for path in sorted(where.data.rglob("*.ttl")):
        rel = path.relative_to(where.data)
        if rel.parts[0] == FACTS_FOLDER and len(rel.parts) == 2:
            files.append(DataFile(path, ENTITIES + path.stem))
        elif len(rel.parts) == 1 and path.stem in RESERVED:
            raise InputError(
                f"graph:{path.stem} is a graph of the build's own, so no data file may be named {path.name}",
                position=Position(display_path(path)),
                hint=f"rename it; the reserved names are {', '.join(n + '.ttl' for n in RESERVED)}",
            )
        elif len(rel.parts) == 1:
            files.append(DataFile(path, GRAPHS + path.stem))
        else:
            raise InputError(
                "data files go directly in the data folder or in its facts/ folder",
                position=Position(display_path(path)),
                hint=f"move it to {display_path(where.data / FACTS_FOLDER / path.name)}",
            )
    return files


def check_source_parts(files: list[DataFile], described: set[str]) -> None:
    """Each file under facts/ must be the graph of a described source or section (IRIs in `described`)."""
    for item in files:
        if item.is_source_part and item.graph not in described:
            raise InputError(
                f"no source part {item.graph} is described for this file",
                position=Position(display_path(item.path)),
                hint="name it after a cg:SourceSection or cg:Source of data/sources.ttl, or describe it",
            )

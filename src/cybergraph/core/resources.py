"""Where the ontology, shapes, data and queries live: the checkout, or package data when installed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cybergraph.core import places
from cybergraph.core.errors import UsageError

#: The folder that holds ontology/, shapes/, data/ and queries/ (a checkout, or the package's data).
ROOT = Path(places.ROOT)


@dataclass(frozen=True)
class Layout:
    """The folders one graph is built from."""

    ontology: Path
    shapes: Path
    data: Path
    queries: Path

    @property
    def ontology_file(self) -> Path:
        return self.ontology / "cybergraph.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.shapes / "cybergraph.shapes.ttl"


def layout(data: Path | str | None = None) -> Layout:
    """The project's layout, with the data folder replaced by `data` (or $CYBERGRAPH_DATA) when given."""
    data_dir = Path(places.data_folder(None if data is None else str(data)))
    if not data_dir.is_dir():
        raise UsageError(
            f"data folder {data_dir} does not exist", hint="pass --data DIR with a folder of Turtle files"
        )
    return Layout(
        ontology=ROOT / "ontology",
        shapes=ROOT / "shapes",
        data=data_dir,
        queries=ROOT / "queries",
    )

"""Where the ontology, shapes, data and queries live: the checkout, or package data when installed."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cybergraph.core.errors import UsageError

_PACKAGE = Path(__file__).resolve().parent.parent
_CHECKOUT = _PACKAGE.parent.parent


def _root() -> Path:
    # A checkout (or an editable install) has the folders beside src/; a wheel carries them as package data.
    if (_CHECKOUT / "ontology" / "cybergraph.ttl").is_file():
        return _CHECKOUT
    return _PACKAGE / "_resources"


ROOT = _root()


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
    chosen = data if data is not None else os.environ.get("CYBERGRAPH_DATA")
    data_dir = (Path(chosen) if chosen else ROOT / "data").resolve()
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

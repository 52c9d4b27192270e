"""The built graph every command works on: ontology, data and inferred triples in an embedded store.

Commands call `build()` and use `BuiltGraph.store` (pyoxigraph, for queries and exports) or
`BuiltGraph.dataset()` (rdflib, for validation and reasoning).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from cybergraph.load import load
from cybergraph.store import to_store


@dataclass
class BuiltGraph:
    """The graph after build: named graphs per source section, `graph:ontology` and `graph:inferred`."""

    store: ox.Store
    _dataset: Dataset | None = field(default=None, repr=False)

    def dataset(self) -> Dataset:
        """The same quads as an rdflib Dataset (built on first use)."""
        if self._dataset is None:
            from cybergraph.store import to_dataset

            self._dataset = to_dataset(self.store)
        return self._dataset


def build(*, data: Path | str | None = None) -> BuiltGraph:
    """Parse ontology and data (from `data` or the project's data/), infer, and load the store."""
    dataset = load(data=data)
    return BuiltGraph(store=to_store(dataset), _dataset=dataset)

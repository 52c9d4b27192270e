"""The engines a query runs on: the embedded store of the built graph, or a SPARQL 1.1 Protocol endpoint.

The embedded engine is the pyoxigraph store of the built graph (its default graph is the union of all
graphs, so inferred triples are visible). A pyoxigraph query runs in Rust and does not return to Python
until it is done, so signals cannot stop it: each query runs in a daemon thread (pyoxigraph releases the
GIL) that is abandoned when the time is up (`core.sandbox.within`); the command line then exits, which
ends it. Measured: `--timeout 1` on a four-way cross product of the graph (which would run for hours) ends
the command after 1.9 s, start-up included. Used as a library, the abandoned thread runs on until its
query ends.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from cybergraph.core.errors import InputError
from cybergraph.core.sandbox import within
from cybergraph.query.results import Boolean, Result, Solutions, Triples

DEFAULT_TIMEOUT = 30.0


class Engine(Protocol):
    """Something that runs complete SPARQL text (parameters bound, prefixes declared)."""

    name: str

    def run(self, text: str, form: str, timeout: float | None) -> Result: ...


class Embedded:
    """The pyoxigraph store, its default graph the union of all its graphs."""

    name = "embedded"

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def run(self, text: str, form: str, timeout: float | None) -> Result:
        return within(timeout, lambda: self._run(text))

    def _run(self, text: str) -> Result:
        try:
            # Reading the answer is where the work happens, so it happens here, in the worker.
            answer = self.store.query(text, use_default_graph_as_union=True)
            if isinstance(answer, ox.QueryBoolean):
                return Boolean(bool(answer))
            if isinstance(answer, ox.QuerySolutions):
                names = tuple(v.value for v in answer.variables)
                return Solutions(names, tuple(tuple(s[n] for n in names) for s in answer))
            return Triples(tuple(dict.fromkeys(answer)))
        except SyntaxError as exc:
            raise InputError(f"SPARQL syntax error: {exc}") from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise InputError(f"the query failed: {exc}") from None


def connect(
    *, store: ox.Store | None = None, endpoint: str | None = None, data: Path | str | None = None
) -> Engine:
    """The engine for a store, an endpoint URL, or (neither given) the built graph."""
    if endpoint is not None:
        from cybergraph.query.endpoint import Endpoint

        return Endpoint(endpoint)
    if store is None:
        from cybergraph.graph.build import build

        store = build(data=data).store
    return Embedded(store)

"""The engines a query runs on: the embedded store of the built graph, or a SPARQL 1.1 Protocol endpoint.

The embedded engine runs each query in a worker process (`core.sandbox.run_isolated`): it cannot reach the
network (unless the user allowed SERVICE), and it is killed at the time limit, so a runaway query stops
when the limit says and never outlives the command. A text the user wrote is checked first, in that
worker and under that limit (`query.guard.verify`): syntax, size, nesting, SERVICE and FROM. The endpoint
engine checks the text the same way in a worker, then sends it from this process (the user named the
server), within the time limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from cybergraph.core.errors import InputError, UsageError
from cybergraph.core.sandbox import Deadline, run_isolated
from cybergraph.query.guard import Check, verify
from cybergraph.query.ordering import Order
from cybergraph.query.results import Boolean, Result, Solutions, Triples
from cybergraph.query.sorting import sorted_rows

DEFAULT_TIMEOUT = 30.0
TIMEOUT_HINT = "make it more selective, or allow more time with --timeout SECONDS"


class Engine(Protocol):
    """Something that runs complete SPARQL text (parameters bound, prefixes declared).

    `check`, when given, says the text comes from a user and must be verified before it runs. `order`,
    when given, lets an engine that runs the query here sort its answer itself (`query.ordering`); a
    remote engine runs `text` as it is.
    """

    name: str

    def run(
        self,
        text: str,
        form: str,
        timeout: float | None,
        *,
        check: Check | None = None,
        order: Order | None = None,
    ) -> Result: ...


class Embedded:
    """The pyoxigraph store as a standard dataset: the default graph as it is, `GRAPH ?g` its named graphs.

    A built store's default graph holds every fact once (graph.dataset); a query never runs with a union
    default graph, which there would repeat each fact once per graph that holds it.
    """

    name = "embedded"

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def run(
        self,
        text: str,
        form: str,
        timeout: float | None,
        *,
        check: Check | None = None,
        order: Order | None = None,
    ) -> Result:
        def work() -> Result:
            if check is not None:
                verify(check, text)
            return self._run(text, order)

        network = check is not None and check.allow_service
        return run_isolated(
            work, deadline=Deadline.after(timeout), network=network, what="the query", hint=TIMEOUT_HINT
        )

    def _run(self, text: str, order: Order | None = None) -> Result:
        return evaluate(self.store, text, order=order)[0]


def evaluate(
    store: ox.Store,
    text: str,
    *,
    limit: int | None = None,
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    order: Order | None = None,
) -> tuple[Result, bool]:
    """Run `text` on `store` here (the caller is the worker), and say whether the answer was cut short.

    With `limit`, at most that many rows (or triples) are read: the answer is then the first `limit` and
    the flag True when there were more. `default_graphs` and `named_graphs` (IRIs) set the query's
    dataset, as the SPARQL Protocol's default-graph-uri and named-graph-uri do. With `order` (a stored
    query's, `query.ordering`), the query runs without its ORDER BY and its rows are sorted here, then
    cut at `limit` (`text` runs as it is only where a blank node keeps them from being sorted here).
    Errors are InputError with the messages every command gives.
    """
    if order is not None:
        unordered, _ = evaluate(store, order.text, default_graphs=default_graphs, named_graphs=named_graphs)
        if isinstance(unordered, Solutions):
            arranged = sorted_rows(
                unordered.variables, unordered.rows, order.keys, order.projected, order.distinct
            )
            if arranged is not None:  # else a blank node: the engine runs the query with its ORDER BY
                cut = limit is not None and len(arranged) > limit
                return Solutions(order.projected, tuple(arranged[:limit] if cut else arranged), True), cut
    dataset: dict[str, object] = {}
    if default_graphs is not None:
        dataset["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs is not None:
        dataset["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        # Reading the answer is where the work happens, so it happens here, in the worker.
        answer = store.query(text, **dataset)  # type: ignore[arg-type]
        if isinstance(answer, ox.QueryBoolean):
            return Boolean(bool(answer)), False
        if isinstance(answer, ox.QuerySolutions):
            names = tuple(v.value for v in answer.variables)
            # A solution iterates its values in the order of the variables, unbound ones as None.
            rows = tuple(tuple(s) for s in islice(answer, None if limit is None else limit + 1))
            cut = limit is not None and len(rows) > limit
            return Solutions(names, rows[:limit] if cut else rows), cut
        triples = dict.fromkeys(islice(answer, None if limit is None else limit + 1))
        cut = limit is not None and len(triples) > limit
        return Triples(tuple(triples)[:limit] if cut else tuple(triples)), cut
    except SyntaxError as exc:
        raise InputError(f"SPARQL syntax error: {exc}") from None
    except PermissionError as exc:
        # The worker cannot open a socket: only SERVICE tries to, and only past the check.
        raise InputError(
            f"the query tried to reach the network, which is not allowed: {exc}",
            hint="run it with --allow-service if you mean it to",
        ) from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise InputError(f"the query failed: {exc}") from None


class InWorker(Embedded):
    """The store, queried in this process: for work that already runs as a whole in a sandboxed worker
    (the static site), where a worker per query would only cost a fork. Our own texts only: no check."""

    name = "embedded"

    def run(
        self,
        text: str,
        form: str,
        timeout: float | None,
        *,
        check: Check | None = None,
        order: Order | None = None,
    ) -> Result:
        if check is not None:
            verify(check, text)
        return self._run(text, order)


def connect(
    *,
    store: ox.Store | None = None,
    endpoint: str | None = None,
    default_graph_uri: str | None = None,
    data: Path | str | None = None,
) -> Engine:
    """The engine for a store, an endpoint URL, or (neither given) the built graph.

    `default_graph_uri` (endpoints only) names the graph that is a query's default graph there.
    """
    if endpoint is not None:
        from cybergraph.query.endpoint import Endpoint

        return Endpoint(endpoint, default_graph_uri=default_graph_uri)
    if default_graph_uri is not None:
        raise UsageError(
            "--default-graph-uri is for a SPARQL endpoint (--endpoint URL)",
            hint="the built graph's default graph already holds every fact once",
        )
    if store is None:
        from cybergraph.graph.build import build

        store = build(data=data).store
    return Embedded(store)

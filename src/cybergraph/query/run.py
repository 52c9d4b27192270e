"""Asking a question: a query is prepared once (read, checked, parameters bound), then run on an engine.

`prepare()` does everything that can fail before the graph is built or a server called: it reads the
query (a stored one by name, or a text), checks its form, SERVICE and syntax, and checks and converts its
parameters; then it connects the engine and resolves entity parameters there. `Prepared.run()` runs it
within the time limit; `Prepared.answer()` runs it and writes the result in a format, with labels for the
formats people read. `run_query()` is the one call for a library user.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from cybergraph.core.errors import InputError, UsageError
from cybergraph.core.positions import Position
from cybergraph.core.sandbox import Deadline, run_isolated
from cybergraph.query.binding import complete
from cybergraph.query.catalogue import QUERY_NAME, StoredQuery, find, folder, from_text, load_file
from cybergraph.query.engine import DEFAULT_TIMEOUT, TIMEOUT_HINT, Engine, InWorker, connect
from cybergraph.query.entities import labels, resolve_entity
from cybergraph.query.formats import check_format, render
from cybergraph.query.guard import Check, check_size
from cybergraph.query.ordering import Order, plan
from cybergraph.query.params import EntityName, bind
from cybergraph.query.results import Result, Solutions, iris_to_label
from cybergraph.query.sparql import Query
from cybergraph.rdf.terms import Term


def stored_query(query: str | StoredQuery) -> StoredQuery:
    """A stored query by name, or the text of one's own query."""
    if isinstance(query, StoredQuery):
        return query
    if QUERY_NAME.match(query.strip()):
        return find(query.strip())
    return from_text(query)


#: The formats that show labels instead of IRIs, for people.
LABELLED = ("table", "markdown")


@dataclass(frozen=True)
class Prepared:
    """A query checked and ready to run: its header, what the lexer knows, its bound parameters, its full
    text, and the engine and time limit it runs with."""

    stored: StoredQuery
    query: Query
    bindings: dict[str, Term]
    text: str
    engine: Engine
    timeout: float | None = DEFAULT_TIMEOUT
    check: Check | None = None  # for a user's text: verified in the worker before it runs
    order: Order | None = None  # for a stored query whose ORDER BY is done on its answer (query.ordering)

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        return self.query.form

    def run(self) -> Result:
        """The answer, within the time limit."""
        try:
            result = self.engine.run(self.text, self.form, self.timeout, check=self.check, order=self.order)
        except InputError as exc:
            # The text was checked before its parameters were bound: a syntax error now is the binding's.
            if self.bindings and exc.message.startswith("SPARQL syntax error"):
                names = ", ".join(f"?{n}" for n in sorted(self.bindings))
                raise InputError(
                    f"the query cannot take its parameters ({names}) at the top of its WHERE clause",
                    position=Position(self.stored.origin),
                    hint="a parameter's variable may not also be set by the query: BIND(… AS ?x), (… AS ?x)",
                ) from None
            raise
        if isinstance(result, Solutions):
            return Solutions(result.variables, result.rows, self.query.ordered)
        return result

    def answer(self, fmt: str, *, width: int = 100, context_url: str | None = None) -> str:
        """Run the query and write its result in `fmt` (a table or Markdown shows labels, not IRIs).

        JSON-LD carries its context inline; `context_url` names a remote one instead (JSON-LD only).
        """
        check_format(fmt, self.form)
        if context_url is not None:
            from cybergraph.rdf.jsonld import context_address

            context_address(context_url, format=fmt)  # before the query runs
        result = self.run()
        names = labels(iris_to_label(result), self.engine, timeout=self.timeout) if fmt in LABELLED else {}
        return render(result, fmt, labels=names, width=width, context_url=context_url)


def read_query(
    *, name: str | None = None, file: Path | str | None = None, text: str | None = None
) -> StoredQuery:
    """Exactly one query: a stored query's name, a file (its header optional), or a query's text."""
    given = [x for x in (name, file, text) if x is not None]
    if len(given) != 1:
        raise UsageError(
            "give one query: a stored query's NAME, --file FILE or --sparql TEXT",
            hint="`cybergraph queries` lists the stored queries",
        )
    if file is not None:
        return load_file(Path(file), stored=False)
    if text is not None:
        return from_text(text)
    assert name is not None
    return find(name)


def check(query: str | StoredQuery) -> tuple[StoredQuery, Query]:
    """Read a query without running it: its size and form (raises InputError).

    Nothing here judges what the query would do: a user's text is checked in the worker that runs it
    (`query.guard.verify`), under the time limit and without network.
    """
    stored = stored_query(query)
    check_size(stored.text, stored.origin)
    lexed = Query(stored.text, origin=stored.origin)
    lexed.form  # noqa: B018 -- raises for an update or a text that is no query
    return stored, lexed


def _trusted(stored: StoredQuery) -> bool:
    """One of the project's own stored queries, which `cybergraph queries --check` (and the tests) hold to
    the same checks, so it runs without them."""
    if stored.path is None:
        return False
    try:
        return stored.path.resolve().parent == folder().resolve()
    except OSError:
        return False


def prepare(
    query: str | StoredQuery,
    *,
    params: Mapping[str, str | Term] | None = None,
    engine: Engine | None = None,
    store: ox.Store | None = None,
    endpoint: str | None = None,
    default_graph_uri: str | None = None,
    data: Path | str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_service: bool = False,
    format: str | None = None,
) -> Prepared:
    """Check the query, its parameters (and `format`, when given) once, connect the engine, bind them.

    Everything that can be checked is checked before the graph is built or the endpoint called. The
    engine is `engine`, or one for `store`, `endpoint`, or (none given) the built graph of `data`.
    `default_graph_uri` names, on an endpoint, the graph that is the query's default graph.
    """
    stored, lexed = check(query)
    if format is not None:
        check_format(format, lexed.form)
    values = bind(stored.params, params or {}, query=stored.label)
    engine = engine or connect(store=store, endpoint=endpoint, default_graph_uri=default_graph_uri, data=data)
    bindings: dict[str, Term] = {}
    for name, value in values.items():
        bindings[name] = (
            resolve_entity(value.text, engine, timeout=timeout) if isinstance(value, EntityName) else value
        )
    user = None if _trusted(stored) else Check(stored.text, stored.origin, allow_service)
    text = complete(lexed, bindings)
    order = None if user is not None else plan(lexed, bindings)
    return Prepared(stored, lexed, bindings, text, engine, timeout, user, order)


def run_query(
    query: str | StoredQuery,
    *,
    params: Mapping[str, str | Term] | None = None,
    store: ox.Store | None = None,
    endpoint: str | None = None,
    default_graph_uri: str | None = None,
    data: Path | str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_service: bool = False,
) -> Result:
    """Run a stored query (by name) or a query's text, and return its result.

    On `store`, on the SPARQL endpoint at `endpoint` (with `default_graph_uri`, the graph that is the
    query's default graph there), or (neither given) on the built graph of `data`.
    `params` maps parameter names to text (converted by their declared type) or to RDF terms.
    Raises UsageError or InputError for a bad query or parameter, QueryTimeout after `timeout` s.

    >>> answer = run_query("SELECT ?n WHERE { BIND(1 + 1 AS ?n) }", store=ox.Store())
    >>> answer.variables, answer.rows[0][0].value
    (('n',), '2')
    """
    prepared = prepare(
        query,
        params=params,
        store=store,
        endpoint=endpoint,
        default_graph_uri=default_graph_uri,
        data=data,
        timeout=timeout,
        allow_service=allow_service,
    )
    return prepared.run()


def answer_isolated(
    query: str | StoredQuery,
    *,
    params: Mapping[str, str | Term] | None = None,
    data: Path | str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_service: bool = False,
    format: str | None = None,
    to_terminal: bool = False,
    width: int = 100,
    context_url: str | None = None,
) -> str:
    """The answer on the built graph of `data`, written in `format` (else the default for `to_terminal`),
    as `prepare(...).answer(...)` writes it, with every query in one worker.

    What `prepare` checks before the graph is built is checked here first (the query, the format, the
    parameters); then one sandboxed worker (`core.sandbox.run_isolated`: no network unless a user's text
    may use SERVICE, killed at the deadline) resolves the entity parameters, verifies a user's text, runs
    it, looks up the labels a table shows and writes the answer. The work of `cybergraph query`: one fork
    instead of one per query, and `timeout` covers all of them together.
    """
    from cybergraph.graph.build import build

    stored, lexed = check(query)
    if format is not None:
        check_format(format, lexed.form)
    bind(stored.params, params or {}, query=stored.label)
    store = build(data=data).store
    user = not _trusted(stored)

    def work() -> str:
        prepared = prepare(
            stored,
            params=params,
            engine=InWorker(store),
            timeout=None,
            allow_service=allow_service,
            format=format,
        )
        fmt = format or default_format(prepared.form, to_terminal=to_terminal)
        return prepared.answer(fmt, width=width, context_url=context_url)

    return run_isolated(
        work,
        deadline=Deadline.after(timeout),
        network=user and allow_service,
        what="the query",
        hint=TIMEOUT_HINT,
    )


def default_format(form: str, *, to_terminal: bool) -> str:
    """Tables for people; a pipe gets TSV, which keeps every term's type and one row a line."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        return "turtle"
    return "table" if to_terminal else "tsv"

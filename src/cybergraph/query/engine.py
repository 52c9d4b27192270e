"""Running a query: check it, bind its parameters, run it on an engine within a time limit, return the result.

The engine is the embedded pyoxigraph store of the built graph (its default graph is the union of all
graphs, so inferred triples are visible) or any SPARQL 1.1 Protocol endpoint.

Parameters are bound as RDF terms, in one way for every engine: a VALUES block at the top of the
WHERE clause, written from the terms' N-Triples form at a place the lexer found in the query's own
text. No value can change the query's structure: a literal is one escaped string token, an IRI one
checked `<…>` token. pyoxigraph's own `substitutions=` (SEP-0007) is not used: in pyoxigraph 0.5 it
only binds variables of a SELECT's projection (it refuses every ASK, CONSTRUCT and DESCRIBE, and a
SELECT whose parameter only filters), and it scopes differently from VALUES, so the embedded and the
remote engine would not give the same answers.

A pyoxigraph query runs in Rust and does not return to Python until it is done, so signals cannot stop
it: each query runs in a daemon thread (pyoxigraph releases the GIL) that is abandoned when the time is
up; the command line then exits, which ends it. Measured: `--timeout 1` on a four-way cross product of
the graph (which would run for hours) ends the command after 1.9 s, start-up included. Used as a
library, the abandoned thread runs on until its query ends.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

import pyoxigraph as ox

from cybergraph.core.errors import InputError, QueryTimeout, UsageError
from cybergraph.core.positions import Position
from cybergraph.query.catalogue import QUERY_NAME, StoredQuery, find, from_text
from cybergraph.query.params import EntityName, bind
from cybergraph.query.results import Boolean, Result, Solutions, Triples
from cybergraph.query.sparql import Query, check_syntax
from cybergraph.rdf.terms import ENTITIES, PREFIXES, Term, iri_ref, ntriples

DEFAULT_TIMEOUT = 30.0
T = TypeVar("T")


class Engine(Protocol):
    """Something that runs complete SPARQL text (parameters bound, prefixes declared)."""

    name: str

    def run(self, text: str, form: str, timeout: float | None) -> Result: ...


def within(timeout: float | None, work: Callable[[], T], *, what: str = "the query") -> T:
    """`work()`, or QueryTimeout when it has not finished after `timeout` seconds."""
    if timeout is None:
        return work()
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:
            box["error"] = exc

    worker = threading.Thread(target=target, name="cybergraph-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(
            f"{what} did not finish within {timeout:g} s and was given up",
            hint="make it more selective, or allow more time with --timeout SECONDS",
        )
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


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


# -- preparing a query


def stored_query(query: str | StoredQuery) -> StoredQuery:
    """A stored query by name, or the text of one's own query."""
    if isinstance(query, StoredQuery):
        return query
    if QUERY_NAME.match(query.strip()):
        return find(query.strip())
    return from_text(query)


def values_block(bindings: Mapping[str, Term]) -> str:
    """`VALUES (?a ?b) { (<…> "…") }` for the bound parameters."""
    names = sorted(bindings)
    variables = " ".join(f"?{n}" for n in names)
    terms = " ".join(ntriples(bindings[n]) for n in names)
    return f"VALUES ({variables}) {{ ({terms}) }}"


def complete(query: Query, bindings: Mapping[str, Term]) -> str:
    """The text every engine runs: the prefixes it uses declared, its parameters bound.

    Text is only inserted at offsets the lexer found in the query's own text: before the query-form
    keyword, and just inside the WHERE clause's braces.
    """
    inserts: list[tuple[int, str]] = []
    if bindings:
        for term in bindings.values():
            if not isinstance(term, ox.NamedNode | ox.Literal):
                raise UsageError(f"a parameter cannot be bound to {term!r}: only IRIs and literals")
        if query.where_open is None or query.where_close is None:
            raise UsageError("a query without a WHERE clause cannot take parameters")
        if query.is_short_construct:
            raise UsageError(
                "the short form CONSTRUCT WHERE { … } cannot take parameters",
                hint="write CONSTRUCT { template } WHERE { … }",
            )
        block = values_block(bindings)
        if query.where_is_subselect:
            # A sub-SELECT must be alone in its braces: wrap it in a group beside the VALUES.
            inserts += [(query.where_open, f" {block} {{"), (query.where_close, "} ")]
        else:
            inserts.append((query.where_open, f" {block} "))
    missing = sorted(query.used_prefixes() - set(query.declared_prefixes))
    declarations = "".join(f"PREFIX {p}: <{PREFIXES[p]}> " for p in missing if p in PREFIXES)
    if declarations:
        inserts.append((query.form_start, declarations))
    text = query.text
    for offset, insert in sorted(inserts, key=lambda i: -i[0]):
        text = text[:offset] + insert + text[offset:]
    return text


@dataclass(frozen=True)
class Prepared:
    """A query checked and ready: its header, what the lexer knows, its bound parameters, its text."""

    stored: StoredQuery
    query: Query
    bindings: dict[str, Term]
    text: str

    @property
    def form(self) -> str:
        return self.query.form


def inspect(query: str | StoredQuery, *, allow_service: bool = False) -> tuple[StoredQuery, Query]:
    """Read and check a query without running it: its form, SERVICE, syntax (raises InputError)."""
    stored = stored_query(query)
    lexed = Query(stored.text, origin=stored.origin)
    lexed.form  # noqa: B018 -- raises for an update or a text that is no query
    if lexed.uses_service and not allow_service:
        raise InputError(
            "the query calls a SERVICE, which would send requests to another server",
            position=lexed.position(lexed.service_tokens[0].start),
            hint="run it with --allow-service if you mean it to",
        )
    check_syntax(lexed, prefixes=PREFIXES)
    return stored, lexed


def prepare(
    query: str | StoredQuery,
    *,
    engine: Engine,
    params: Mapping[str, str | Term] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_service: bool = False,
) -> Prepared:
    """Check the query and its parameters, resolve entity parameters on `engine`, bind them."""
    stored, lexed = inspect(query, allow_service=allow_service)
    values = bind(stored.params, params or {}, query=stored.label)
    bindings: dict[str, Term] = {}
    for name, value in values.items():
        bindings[name] = (
            resolve_entity(value.text, engine, timeout=timeout) if isinstance(value, EntityName) else value
        )
    return Prepared(stored, lexed, bindings, complete(lexed, bindings))


def execute(prepared: Prepared, engine: Engine, *, timeout: float | None = DEFAULT_TIMEOUT) -> Result:
    """Run a prepared query on an engine."""
    try:
        result = engine.run(prepared.text, prepared.form, timeout)
    except InputError as exc:
        # The text was checked before its parameters were bound: a syntax error now is the binding's.
        if prepared.bindings and exc.message.startswith("SPARQL syntax error"):
            names = ", ".join(f"?{n}" for n in sorted(prepared.bindings))
            raise InputError(
                f"the query cannot take its parameters ({names}) at the top of its WHERE clause",
                position=Position(prepared.stored.origin),
                hint="a parameter's variable may not also be set by the query: BIND(… AS ?x), (… AS ?x)",
            ) from None
        raise
    if isinstance(result, Solutions):
        return Solutions(result.variables, result.rows, prepared.query.ordered)
    return result


def run_query(
    query: str | StoredQuery,
    *,
    params: Mapping[str, str | Term] | None = None,
    store: ox.Store | None = None,
    endpoint: str | None = None,
    data: Path | str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_service: bool = False,
) -> Result:
    """Run a stored query (by name) or a query's text, and return its result.

    On `store`, on the SPARQL endpoint at `endpoint`, or (neither given) on the built graph of `data`.
    `params` maps parameter names to text (converted by their declared type) or to RDF terms.
    Raises UsageError or InputError for a bad query or parameter, QueryTimeout after `timeout` s.

    >>> answer = run_query("SELECT ?n WHERE { BIND(1 + 1 AS ?n) }", store=ox.Store())
    >>> answer.variables, answer.rows[0][0].value
    (('n',), '2')
    """
    # Check what can be checked before anything is built or sent.
    inspect(query, allow_service=allow_service)
    engine = connect(store=store, endpoint=endpoint, data=data)
    prepared = prepare(query, engine=engine, params=params, timeout=timeout, allow_service=allow_service)
    return execute(prepared, engine, timeout=timeout)


# -- entities and labels


_RESOLVE_LABEL = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?entity WHERE {
  ?entity rdfs:label|skos:prefLabel|skos:altLabel ?name .
  FILTER(isIRI(?entity) && LCASE(STR(?name)) = LCASE(?text))
} ORDER BY ?entity"""

_NEAR_LABEL = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?entity WHERE {
  ?entity rdfs:label|skos:altLabel ?name .
  FILTER(isIRI(?entity) && CONTAINS(LCASE(STR(?name)), LCASE(?text)))
} ORDER BY ?entity LIMIT 8"""

_EXISTS = "ASK WHERE { { ?entity ?p ?o } UNION { ?s ?p ?entity } }"
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")
_ABSOLUTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|urn:)")


def _ask(text: str, bindings: Mapping[str, Term], engine: Engine, timeout: float | None) -> Result:
    return engine.run(complete(Query(text), bindings), Query(text).form, timeout)


def _entities(text: str, bindings: Mapping[str, Term], engine: Engine, timeout: float | None) -> list[str]:
    result = _ask(text, bindings, engine, timeout)
    assert isinstance(result, Solutions)
    return [row[0].value for row in result.rows if isinstance(row[0], ox.NamedNode)]


def _exists(iri: str, engine: Engine, timeout: float | None) -> bool:
    result = _ask(_EXISTS, {"entity": ox.NamedNode(iri)}, engine, timeout)
    return isinstance(result, Boolean) and result.value


def short_name(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and _SLUG.match(iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri_ref(iri)


def resolve_entity(text: str, engine: Engine, *, timeout: float | None = DEFAULT_TIMEOUT) -> ox.NamedNode:
    """The entity a user names by its IRI (full or prefixed), its slug or its label (any case).

    Raises UsageError when nothing matches (with near labels) or when a label names several entities
    (listing them, so that the user can give the slug instead).
    """
    prefix, colon, local = text.partition(":")
    iri = None
    if colon and prefix in PREFIXES:
        iri = PREFIXES[prefix] + local
    elif _ABSOLUTE.match(text):
        iri = text
    if iri is not None:
        try:
            iri_ref(iri)
            node = ox.NamedNode(iri)
        except ValueError:
            raise UsageError(f"{text!r} is not a valid IRI") from None
        if not _exists(iri, engine, timeout):
            raise UsageError(f"the graph has nothing about {short_name(iri)}", hint="check the IRI")
        return node
    if _SLUG.match(text) and _exists(ENTITIES + text, engine, timeout):
        return ox.NamedNode(ENTITIES + text)
    literal = {"text": ox.Literal(text)}
    found = _entities(_RESOLVE_LABEL, literal, engine, timeout)
    if len(found) == 1:
        return ox.NamedNode(found[0])
    if found:
        names = labels(found, engine, timeout=timeout)
        listed = "; ".join(f"{short_name(i)} ({names.get(i, '')})" for i in found)
        raise UsageError(
            f"{text!r} names {len(found)} entities: {listed}",
            hint="give the slug or the IRI of the one you mean",
        )
    near = _entities(_NEAR_LABEL, literal, engine, timeout)
    hint = "give its slug (as in cgid:SLUG), its label or its full IRI"
    if near:
        names = labels(near, engine, timeout=timeout)
        hint = "did you mean: " + "; ".join(f"{short_name(i)} ({names.get(i, '')})" for i in near)
    raise UsageError(f"no entity has the slug, label or IRI {text!r}", hint=hint)


_LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?x ?label WHERE { VALUES ?x { %s } ?x rdfs:label ?label }"""


def labels(iris: list[str], engine: Engine, *, timeout: float | None = DEFAULT_TIMEOUT) -> dict[str, str]:
    """The rdfs:label of each IRI that has one: English first, then untagged, then any, shortest tag first."""
    best: dict[str, tuple[int, str, str]] = {}
    for start in range(0, len(iris), 400):
        chunk = " ".join(iri_ref(i) for i in iris[start : start + 400])
        result = engine.run(_LABELS % chunk, "SELECT", timeout)
        assert isinstance(result, Solutions)
        for x, label in result.rows:
            if not isinstance(x, ox.NamedNode) or not isinstance(label, ox.Literal):
                continue
            lang = label.language or ""
            rank = 0 if lang == "en" else 1 if lang.startswith("en-") else 2 if not lang else 3
            key = (rank, lang, label.value)
            if x.value not in best or key < best[x.value]:
                best[x.value] = key
    return {iri: key[2] for iri, key in best.items()}

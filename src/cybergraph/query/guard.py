"""The first wall: what a query would do outside the graph, judged from a complete parse of its text.

A query may send requests elsewhere in two ways: `SERVICE` (to any IRI, or to one a variable holds at run
time) and, on some servers, `FROM` / `FROM NAMED` naming a graph the server fetches. (LOAD is an update,
and neither engine runs updates through a query.) Whether a text does either is decided here from a parse
by rdflib's SPARQL parser, which implements the whole SPARQL 1.1 grammar and, like Oxigraph, expands
`\\u` and `\\U` escapes before parsing, never from a lexer of our own: a keyword hidden in an escape, a
comment or a string is then read as the engine reads it.

The parse is run in the query's worker (under its time limit, with no network: `core.sandbox`), on a thread
with a large stack: pyparsing recurses once per triple pattern and per level of nesting. The text may be
at most MAX_QUERY_BYTES long and nest at most MAX_NESTING levels deep (groups, sub-queries, parentheses),
far below where the engine's own parser would run out of stack.

>>> facts = inspect("PREFIX e: <http://example.org/> SELECT * FROM e:g WHERE { SERVICE ?s { ?a ?b ?c } }")
>>> facts.services, facts.graphs
(['?s'], ['http://example.org/g'])
"""

from __future__ import annotations

import gc
import re
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cybergraph.core.errors import InputError
from cybergraph.core.positions import Position, line_col
from cybergraph.rdf.terms import ENTITIES, GRAPHS

#: The longest query text accepted, in UTF-8 bytes.
MAX_QUERY_BYTES = 1 << 20
#: The deepest nesting accepted, counted in the parse tree's levels (a group, a sub-query or a pair of
#: parentheses adds one or a few).
MAX_NESTING = 512

_STACK = 512 << 20
_RECURSION = 400_000
_KEYWORD = {"service": re.compile(r"(?i)\bSERVICE\b"), "from": re.compile(r"(?i)\bFROM\b")}


@dataclass
class Facts:
    """What the parse tells about a query: where it would send requests, and how deep it nests."""

    services: list[str] = field(default_factory=list)  # IRIs, or ?variables
    graphs: list[str] = field(default_factory=list)  # FROM and FROM NAMED IRIs
    depth: int = 0


def check_size(text: str, origin: str) -> None:
    """Refuse a query longer than MAX_QUERY_BYTES (before any other work)."""
    size = len(text.encode("utf-8"))
    if size > MAX_QUERY_BYTES:
        raise InputError(
            f"the query is {size:,} bytes long, over the limit of {MAX_QUERY_BYTES:,} bytes",
            position=Position(origin),
            hint="shorten it: long VALUES lists belong in the graph, or in several queries",
        )


def _walk(tree: Any, facts: Facts, prefixes: dict[str, str]) -> None:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef, Variable

    def iri(term: Any) -> str:
        if isinstance(term, Variable):
            return f"?{term}"
        if isinstance(term, URIRef):
            return str(term)
        if isinstance(term, CompValue) and term.name == "pname":
            # CompValue overrides get(): a missing key gives the key back. dict.get reads the fields.
            prefix = dict.get(term, "prefix") or ""
            return prefixes.get(prefix, "") + (dict.get(term, "localname") or "")
        return str(term)

    stack: list[tuple[Any, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        facts.depth = max(facts.depth, depth)
        if isinstance(node, CompValue):
            if node.name == "PrefixDecl":
                prefixes[dict.get(node, "prefix") or ""] = str(dict.get(node, "iri"))
            elif node.name == "ServiceGraphPattern":
                facts.services.append(iri(dict.get(node, "term")))
            elif node.name == "DatasetClause":
                facts.graphs.append(iri(dict.get(node, "default") or dict.get(node, "named")))
            stack.extend((child, depth + 1) for child in reversed(list(node.values())))
        elif isinstance(node, list | tuple | ParseResults):
            stack.extend((child, depth) for child in reversed(list(node)))


def _deep(work: Callable[[], Any]) -> Any:
    """`work()` on a thread with a large stack and recursion limit (pyparsing recurses deeply)."""
    box: dict[str, Any] = {}

    def target() -> None:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, _RECURSION))
        try:
            box["value"] = work()
        except BaseException as exc:
            box["error"] = exc.with_traceback(None)
        finally:
            sys.setrecursionlimit(limit)

    # The cycle collector must not run on the parse thread: it would free objects of other threads there,
    # and pyoxigraph's objects may only be freed on the thread that made them. It is paused while this
    # thread waits (reference counting still frees the parser's garbage).
    enabled = gc.isenabled()
    gc.disable()
    previous = threading.stack_size(_STACK)
    try:
        thread = threading.Thread(target=target, name="cybergraph-sparql-parse")
        thread.start()
        thread.join()
    finally:
        threading.stack_size(previous)
        if enabled:
            gc.enable()
    if "error" in box:
        raise box["error"]
    return box["value"]


class Unreadable(Exception):
    """rdflib's SPARQL 1.1 grammar cannot read the text (a syntax error, or syntax beyond SPARQL 1.1)."""

    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def inspect(text: str, origin: str = "<query>") -> Facts:
    """Parse the query with the complete SPARQL 1.1 grammar and say what it would do outside the graph.

    Raises Unreadable when the grammar cannot read it, InputError when it nests too deeply.
    """
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    def parse() -> Any:
        try:
            return parseQuery(text)
        except ParseBaseException as exc:
            raise Unreadable(str(exc.msg), exc.lineno, exc.col) from None
        except RecursionError:
            raise _too_deep(origin) from None
        except ValueError as exc:
            # rdflib's escape expansion refuses some texts Oxigraph reads ("\u003A4271"): unreadable.
            raise Unreadable(str(exc), None, None) from None

    tree = _deep(parse)
    facts = Facts()
    _walk(tree, facts, {})
    if facts.depth > MAX_NESTING:
        raise _too_deep(origin)
    return facts


def _too_deep(origin: str) -> InputError:
    return InputError(
        f"the query nests too deeply (more than {MAX_NESTING} levels of groups, sub-queries or parentheses)",
        position=Position(origin),
        hint="flatten it: write the nested groups one after another",
    )


def own_graph(iri: str) -> bool:
    """A graph of this dataset (a source section or a graph of the build), which no server fetches."""
    return iri.startswith((ENTITIES, GRAPHS))


def keyword_position(text: str, keyword: str, origin: str) -> Position:
    # The parse says whether; this only points at the place, so a hidden keyword gets no column.
    match = _KEYWORD[keyword].search(text)
    if match is None:
        return Position(origin)
    line, column = line_col(text, match.start())
    return Position(origin, line, column)


def guard(text: str, *, origin: str, allow_service: bool) -> Facts:
    """Refuse a query that would send requests elsewhere (SERVICE; FROM or FROM NAMED a graph that is not
    this dataset's), unless `allow_service`; refuse one that is too long or nests too deeply.

    Raises InputError for those, Unreadable when the grammar cannot read the text.
    """
    check_size(text, origin)
    facts = inspect(text, origin)
    if allow_service:
        return facts
    if facts.services:
        target = facts.services[0]
        raise InputError(
            f"the query calls a SERVICE ({target}), which would send requests to another server",
            position=keyword_position(text, "service", origin),
            hint="run it with --allow-service if you mean it to",
        )
    remote = [g for g in facts.graphs if not own_graph(g)]
    if remote:
        raise InputError(
            f"the query names the graph <{remote[0]}> in FROM, which is not one of this dataset's graphs"
            " (a server might fetch it from the network)",
            position=keyword_position(text, "from", origin),
            hint=f"name graphs under {ENTITIES} or {GRAPHS}, or run it with --allow-service",
        )
    return facts


@dataclass(frozen=True)
class Check:
    """A text a user wrote (a query of their own, not one of the project's stored queries), to verify in
    the worker before the text built from it runs."""

    original: str
    origin: str
    allow_service: bool = False


def verify(check: Check, text: str) -> None:
    """Check a user's query in the worker, before `text` (the original with its parameters bound) runs.

    First Oxigraph's parser reads the original (the engine's own grammar; its errors point where the
    user wrote them), then the complete SPARQL 1.1 grammar reads `text`, the exact text the engine will
    run, for SERVICE, FROM, size and nesting. A text that Oxigraph reads but the SPARQL 1.1 grammar cannot
    (SPARQL 1.2 syntax, or a bug of the grammar's) cannot be checked: it is refused, unless the user
    allowed SERVICE and so does not ask for the check.
    """
    from cybergraph.query.sparql import Query, check_syntax
    from cybergraph.rdf.terms import PREFIXES

    check_size(check.original, check.origin)
    # Oxigraph's parser recurses on the stack of its thread: a large one, like the grammar's below.
    _deep(lambda: check_syntax(Query(check.original, origin=check.origin), prefixes=PREFIXES))
    try:
        guard(text, origin=check.origin, allow_service=check.allow_service)
    except Unreadable as problem:
        if check.allow_service:
            return
        raise InputError(
            f"the query cannot be checked for SERVICE and FROM by the SPARQL 1.1 grammar: {problem.message}",
            position=Position(check.origin, problem.line, problem.column),
            hint="write it in SPARQL 1.1, or run it unchecked with --allow-service",
        ) from None

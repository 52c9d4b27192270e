"""What the tool must know about a SPARQL query before an engine sees it, read by a small lexer.

The lexer knows strings, IRIs, comments, variables and prefixed names, so that a keyword inside a
string or a brace inside an IRI never counts. It answers, for the project's own stored queries and for
messages: which query form, where the WHERE clause opens (to bind parameters there), whether the results
are ordered, and which IRIs the query names. It decides nothing about safety (whether
the query reaches the network is judged from a complete parse, in `query.guard`), and it does not check
the grammar: the engine's parser does, with the position of the error.

>>> q = Query('PREFIX ex: <http://e/> SELECT ?x WHERE { ?x ex:p "a } b" } ORDER BY ?x')
>>> q.form, q.ordered
('SELECT', True)
>>> q.text[q.where_open :]
' ?x ex:p "a } b" } ORDER BY ?x'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from cybergraph.core.errors import InputError
from cybergraph.core.positions import Position, line_col

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}

# Order matters: comments and strings first, so nothing inside them is read as syntax.
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f\u2040]+)
  | (?P<bnode>_:[\w.\-]*[\w\-])
  | (?P<pname>(?:[^\W\d_][\w.\-]*)?:(?:(?:[\w:]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?\#@%])
                                      (?:[\w.:\-]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?\#@%])*)?)
  | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<word>[A-Za-z_][\w\-]*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\];,.*/+\-=<>!|^@?])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class OrderClause:
    """Where a SELECT's ORDER BY over plain variables is, and what it orders by (`Query.order_clause`)."""

    order_start: int  # offset of ORDER
    keys: tuple[tuple[str, bool], ...]  # (variable, descending), in order
    projected: tuple[str, ...]  # the variables the SELECT projects
    projection_end: int  # offset just after the last projected variable
    distinct_start: int | None  # offset of the top-level DISTINCT, None without


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int

    @property
    def upper(self) -> str:
        return self.text.upper()


def tokens(text: str) -> list[Token]:
    """The significant tokens of `text` (no whitespace, no comments)."""
    out = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        value = match.group()
        if kind == "pname" and value.endswith(".") and ":" in value:
            # A prefixed name cannot end with a dot: that dot ends the triple.
            value = value.rstrip(".")
            out.append(Token(kind, value, match.start()))
            dots = match.group()[len(value) :]
            out.extend(Token("punct", ".", match.start() + len(value) + i) for i in range(len(dots)))
            continue
        if kind not in ("ws", "comment"):
            out.append(Token(kind, value, match.start()))
    return out


class Query:
    """A query's text and the facts about it that the lexer can tell."""

    def __init__(self, text: str, *, origin: str = "<query>") -> None:
        self.text = text
        self.origin = origin
        self.tokens = tokens(text)

    def position(self, offset: int) -> Position:
        line, col = line_col(self.text, offset)
        return Position(self.origin, line, col)

    @cached_property
    def _form_index(self) -> int:
        for i, tok in enumerate(self.tokens):
            if tok.kind == "word" and tok.upper in FORMS:
                return i
            if tok.kind == "word" and tok.upper in _UPDATES:
                raise InputError(
                    f"this is a SPARQL update ({tok.upper}), not a query",
                    position=self.position(tok.start),
                    hint="cybergraph only reads the graph: write a SELECT, ASK, CONSTRUCT or DESCRIBE query",
                )
        raise InputError(
            "no SELECT, ASK, CONSTRUCT or DESCRIBE in the query",
            position=Position(self.origin, 1, 1),
            hint="a query starts (after its PREFIX lines) with one of these keywords",
        )

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        return self.tokens[self._form_index].upper

    @property
    def form_start(self) -> int:
        """Offset of the query-form keyword: where extra PREFIX declarations may go."""
        return self.tokens[self._form_index].start

    def _close(self, i: int) -> int:
        """Index of the brace that closes the one at token index `i`."""
        depth = 0
        for j in range(i, len(self.tokens)):
            if self.tokens[j].text == "{":
                depth += 1
            elif self.tokens[j].text == "}":
                depth -= 1
                if depth == 0:
                    return j
        return len(self.tokens) - 1

    @cached_property
    def _where_indexes(self) -> tuple[int, int] | None:
        """Token indexes of the braces that open and close the WHERE clause (None for `DESCRIBE <x>`)."""
        i = self._form_index + 1
        if self.form == "CONSTRUCT" and i < len(self.tokens) and self.tokens[i].text == "{":
            i = self._close(i) + 1  # the template
        parens = 0
        for j in range(i, len(self.tokens)):
            text = self.tokens[j].text
            if text == "(":
                parens += 1
            elif text == ")":
                parens -= 1
            elif text == "{" and parens == 0:
                return j, self._close(j)
        return None

    @property
    def where_open(self) -> int | None:
        """Offset just after the `{` that opens the WHERE clause."""
        where = self._where_indexes
        return None if where is None else self.tokens[where[0]].start + 1

    @property
    def where_close(self) -> int | None:
        """Offset of the `}` that closes the WHERE clause."""
        where = self._where_indexes
        return None if where is None else self.tokens[where[1]].start

    @property
    def where_is_subselect(self) -> bool:
        """The WHERE clause is a sub-SELECT alone, which allows nothing beside it in its braces."""
        where = self._where_indexes
        if where is None or where[0] + 1 >= len(self.tokens):
            return False
        nxt = self.tokens[where[0] + 1]
        return nxt.kind == "word" and nxt.upper == "SELECT"

    @property
    def is_short_construct(self) -> bool:
        """`CONSTRUCT WHERE { … }`: the pattern is also the template and may hold triples only."""
        i = self._form_index + 1
        return self.form == "CONSTRUCT" and i < len(self.tokens) and self.tokens[i].upper == "WHERE"

    @property
    def ordered(self) -> bool:
        """The query orders its results (an ORDER BY outside every group)."""
        depth = 0
        prev = ""
        for tok in self.tokens[self._form_index :]:
            if tok.text == "{":
                depth += 1
            elif tok.text == "}":
                depth -= 1
            elif depth == 0 and tok.kind == "word" and tok.upper == "BY" and prev == "ORDER":
                return True
            prev = tok.upper if tok.kind == "word" else ""
        return False

    @cached_property
    def order_clause(self) -> OrderClause | None:
        """For a SELECT that projects plain variables and ends with `ORDER BY` over plain variables, each
        alone or in ASC( ) or DESC( ), among them every projected one (nothing after: no LIMIT, OFFSET or
        VALUES): where its parts are. None for any other query (an expression to order by, a projected
        variable not ordered by, `SELECT *`, a projected expression)."""
        if self.form != "SELECT":
            return None
        start = self._form_index + 1
        toks = self.tokens
        distinct = None
        if start < len(toks) and toks[start].kind == "word" and toks[start].upper in ("DISTINCT", "REDUCED"):
            if toks[start].upper == "REDUCED":
                return None
            distinct = toks[start].start
            start += 1
        projected: list[Token] = []
        for tok in toks[start:]:
            if tok.kind != "var":
                # Only variables, then the WHERE clause: `(expr AS ?x)`, `*` or FROM and it does not apply.
                if tok.upper not in ("WHERE", "{"):
                    return None
                break
            projected.append(tok)
        where = self._where_indexes
        if where is None or not projected:
            return None
        i = where[1] + 1
        if i + 2 > len(toks) or (toks[i].upper, toks[i + 1].upper) != ("ORDER", "BY"):
            return None
        keys: list[tuple[str, bool]] = []
        rest = toks[i + 2 :]
        j = 0
        while j < len(rest):
            tok = rest[j]
            if tok.kind == "var":
                keys.append((tok.text[1:], False))
                j += 1
            elif (
                tok.kind == "word"
                and tok.upper in ("ASC", "DESC")
                and j + 3 < len(rest)
                and (rest[j + 1].text, rest[j + 2].kind, rest[j + 3].text) == ("(", "var", ")")
            ):
                keys.append((rest[j + 2].text[1:], tok.upper == "DESC"))
                j += 4
            else:
                return None
        if not {name for name, _ in keys} >= {t.text[1:] for t in projected}:
            return None  # rows equal on every key could differ: the engine leaves them in its own order
        last = projected[-1]
        return OrderClause(
            order_start=toks[i].start,
            keys=tuple(keys),
            projected=tuple(t.text[1:] for t in projected),
            projection_end=last.start + len(last.text),
            distinct_start=distinct,
        )

    @property
    def variables(self) -> set[str]:
        return {t.text[1:] for t in self.tokens if t.kind == "var"}

    @cached_property
    def declared_prefixes(self) -> dict[str, str]:
        """PREFIX declarations of the prologue: prefix (without colon) to namespace IRI."""
        out = {}
        toks = self.tokens[: self._form_index]
        for i, tok in enumerate(toks):
            if tok.kind == "word" and tok.upper == "PREFIX" and i + 2 < len(toks):
                name, iri = toks[i + 1], toks[i + 2]
                if name.kind == "pname" and name.text.endswith(":") and iri.kind == "iri":
                    out[name.text[:-1]] = iri.text[1:-1]
        return out

    def used_prefixes(self) -> set[str]:
        """Prefixes of the prefixed names in the query body (after the prologue)."""
        return {t.text.split(":", 1)[0] for t in self.tokens[self._form_index :] if t.kind == "pname"}

    def iris(self, prefixes: dict[str, str] | None = None) -> list[tuple[str, int]]:
        """Every IRI the query names, written out or as a prefixed name, with its offset.

        Prefixed names expand with the query's own declarations, then with `prefixes`; names whose
        prefix is declared nowhere are left out (the parser reports them).
        """
        known = {**(prefixes or {}), **self.declared_prefixes}
        out = []
        for tok in self.tokens[self._form_index :]:
            if tok.kind == "iri":
                out.append((tok.text[1:-1], tok.start))
            elif tok.kind == "pname":
                prefix, local = tok.text.split(":", 1)
                if prefix in known:
                    out.append((known[prefix] + re.sub(r"\\(.)", r"\1", local), tok.start))
        return out


_ERROR_AT = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
_ITEM = re.compile(r"""\[[^\]]*\]|"(?:[^"\\]|\\.)*"|[^,]+""")


def _explain(detail: str) -> str:
    """oxigraph's "expected one of …" list without its character classes, or its own message."""
    body = detail.removeprefix("expected one of ").removeprefix("expected ")
    items = [m.group().strip() for m in _ITEM.finditer(body.replace("\n", " "))]
    items = [i for i in items if i and not i.startswith("[")]
    # Items that are sentences are the parser's own messages, clearer than a list of tokens.
    sentences = [i for i in items if " " in i and i[0].isupper() and not i.startswith('"')]
    if sentences:
        text = "; ".join(sentences)
        return text if text[1:2].isupper() else text[0].lower() + text[1:]
    if items:
        return "expected " + ", ".join(items[:12]) + (", …" if len(items) > 12 else "")
    return "unexpected text"


def syntax_error(query: Query, exc: Exception, *, prefixes: dict[str, str]) -> InputError:
    """An engine's syntax error as an InputError at the query's line and column."""
    message = str(exc)
    match = _ERROR_AT.match(message)
    if not match:
        return InputError(f"SPARQL syntax error: {message}", position=Position(query.origin))
    line, col, detail = int(match.group(1)), int(match.group(2)), match.group(3)
    position = Position(query.origin, line, col)
    lines = query.text.splitlines()
    hint = f"here: {lines[line - 1].strip()}" if 0 < line <= len(lines) else None
    offset = sum(len(x) + 1 for x in lines[: line - 1]) + col - 1
    for tok in query.tokens:
        # oxigraph reports an unclosed string where the line ends; the opening quote is more useful.
        if tok.kind == "other" and tok.text in "\"'" and tok.start <= offset:
            return InputError(
                "SPARQL syntax error: a string is not closed on its line",
                position=query.position(tok.start),
                hint='close it with the same quote, or use """…""" for text over several lines',
            )
    explained = _explain(detail)
    if offset >= len(query.text.rstrip()) and explained.startswith("expected "):
        # oxigraph's parser reports the furthest point it reached, often the end of the text; rdflib's
        # stops where the mistake is, so its position (and what it found there) is the better guess.
        found = _rdflib_position(query.text)
        if found is not None and found[0] < len(query.text.rstrip()):
            where, what = found
            token = next((t.text for t in query.tokens if t.start == where), None)
            if token is not None:
                what = repr(token if len(token) <= 40 else token[:40] + "…")
            return InputError(
                f"SPARQL syntax error: unexpected {what}",
                position=query.position(where),
                hint=f"here: {lines[line_col(query.text, where)[0] - 1].strip()}",
            )
        end = len(query.text.rstrip())
        return InputError(
            f"SPARQL syntax error: the query ends before it is complete ({explained})",
            position=query.position(max(end - 1, 0)),
            hint="a brace, a parenthesis or an expression is missing above",
        )
    if "Prefix not found" in detail:
        for tok in query.tokens:
            if tok.kind == "pname" and tok.start <= offset <= tok.start + len(tok.text):
                prefix = tok.text.split(":", 1)[0]
                known = ", ".join(sorted(prefixes))
                return InputError(
                    f"SPARQL syntax error: unknown prefix {prefix}:",
                    position=query.position(tok.start),
                    hint=f"declare it with PREFIX {prefix}: <…>; these need no declaration: {known}",
                )
    if offset >= len(query.text):
        position = query.position(max(len(query.text.rstrip()) - 1, 0))
    return InputError(f"SPARQL syntax error: {explained}", position=position, hint=hint)


def _rdflib_position(text: str) -> tuple[int, str] | None:
    """Where rdflib's SPARQL parser fails on `text` (an offset) and what it found there."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except Exception as exc:  # pyparsing's ParseException, which carries the offset as `loc`
        loc = getattr(exc, "loc", None)
        if not isinstance(loc, int):
            return None
        found = re.search(r"found (.+?)\s+\(at char", str(exc))
        return loc, found.group(1) if found else "text"
    return None


def check_syntax(query: Query, *, prefixes: dict[str, str]) -> None:
    """Parse the query with Oxigraph's parser; raise InputError at the error's position.

    Only in a sandboxed worker (`query.guard.verify`) or on the project's own stored queries: an ASK or an
    aggregate is answered at once, on an empty store, and a SERVICE would be called.
    """
    import pyoxigraph as ox

    try:
        # SELECT, CONSTRUCT and DESCRIBE answers are lazy: nothing is evaluated until they are read.
        ox.Store().query(query.text, prefixes=prefixes)
    except SyntaxError as exc:
        raise syntax_error(query, exc, prefixes=prefixes) from None
    except (OSError, RuntimeError):
        return  # it parsed; evaluating it on the empty store failed (no network in the worker)

"""Where things are in a Turtle file: its statements, and the line where each entity is first described.

rdflib keeps no positions and stops at the first syntax error. This small scanner splits a Turtle text
into top-level statements (ended by a `.` outside strings, IRIs and comments) so that each statement can
be parsed on its own, which lets validation report every syntax error of a file and not only the first,
and it records the first line where each IRI is the subject of a statement, so that findings point at
the line where the entity is described.

The scanner recovers the way a reader would: a short string or an IRI ends at the end of its line even
when its closing quote or `>` is missing, so one typo does not swallow the rest of the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from rdflib import URIRef

_PREFIX_DIRECTIVE = re.compile(r"(?:@prefix|(?i:prefix))\s+([A-Za-z][\w.\-]*)?:\s*<([^>\s]*)>")
_BASE_DIRECTIVE = re.compile(r"(?:@base|(?i:base))\s+<([^>\s]*)>")
_DIRECTIVE_START = re.compile(r"@prefix|@base|(?i:prefix)\s|(?i:base)\s")
# A prefixed name as it starts a statement; the local part may hold escaped characters and inner dots.
_PREFIXED_NAME = re.compile(r"([A-Za-z][\w.\-]*)?:((?:[\w\-:%]|\\.|\.(?=[\w\-:%\\]))*)")
_LOCAL_ESCAPE = re.compile(r"\\(.)")
_ENDS_STATEMENT = frozenset(" \t\r\n#")


@dataclass(frozen=True)
class Statement:
    """One top-level statement (or directive) of a Turtle text, with its position."""

    start: int  # offset of its first character in the text
    end: int  # offset just after its final `.` (or the end of the text)
    line: int
    column: int
    text: str


@dataclass
class Layout:
    """The statements of a text, the prefixes and base it declares, and where subjects are described."""

    statements: list[Statement] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)
    base: str | None = None
    subject_lines: dict[URIRef, int] = field(default_factory=dict)
    mention_lines: dict[URIRef, int] = field(default_factory=dict)


class _Lines:
    """Offsets to 1-based line and column."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - self.starts[lo] + 1


def _skip_string(text: str, i: int) -> int:
    """The offset after the string literal that starts at `i`."""
    quote = text[i]
    n = len(text)
    if text.startswith(quote * 3, i):
        j = i + 3
        while j < n:
            if text[j] == "\\":
                j += 2
                continue
            if text.startswith(quote * 3, j):
                return j + 3
            j += 1
        return n
    j = i + 1
    while j < n:
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == quote:
            return j + 1
        if ch == "\n":  # an unterminated short string ends with its line
            return j
        j += 1
    return n


def _skip_iri(text: str, i: int) -> int:
    """The offset after the IRI that starts at `i` (at the first space when `>` is missing)."""
    n = len(text)
    j = i + 1
    while j < n:
        ch = text[j]
        if ch == ">":
            return j + 1
        if ch in " \t\r\n":
            return j
        j += 1
    return n


def split(text: str) -> list[Statement]:
    """The top-level statements of a Turtle text, in order; whitespace and comments between them dropped."""
    lines = _Lines(text)
    out: list[Statement] = []
    n = len(text)
    i = 0
    start: int | None = None

    def close(end: int) -> None:
        nonlocal start
        if start is not None:
            line, column = lines.at(start)
            out.append(Statement(start, end, line, column, text[start:end]))
        start = None

    while i < n:
        ch = text[i]
        if ch == "#":
            nl = text.find("\n", i)
            i = n if nl < 0 else nl + 1
            continue
        if ch in " \t\r\n":
            i += 1
            continue
        if start is None:
            start = i
        if ch in "\"'":
            i = _skip_string(text, i)
        elif ch == "<":
            i = _skip_iri(text, i)
        elif ch == "." and (i + 1 == n or text[i + 1] in _ENDS_STATEMENT):
            # Never valid inside `[ ]` or `( )` either, so it ends the statement whatever the nesting.
            close(i + 1)
            i += 1
        else:
            i += 1
    close(n)
    return out


def expand(token: str, prefixes: dict[str, str], base: str | None) -> URIRef | None:
    """The IRI a subject token stands for, or None when it is not an IRI (a blank node, a list)."""
    if token.startswith("<"):
        end = token.find(">")
        if end < 0:
            return None
        ref = token[1:end]
        return URIRef(urljoin(base, ref) if base else ref)
    match = _PREFIXED_NAME.match(token)
    if match is None or match.end() == 0:
        return None
    prefix = match.group(1) or ""
    if prefix not in prefixes or prefix == "_":
        return None
    return URIRef(prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", match.group(2)))


def declarations(statement: str, layout: Layout) -> str:
    """Record the prefixes and base a statement declares; return what follows its directives."""
    rest = statement
    while True:
        rest = rest.lstrip()
        while rest.startswith("#"):
            rest = rest.split("\n", 1)[1].lstrip() if "\n" in rest else ""
        if not _DIRECTIVE_START.match(rest):
            return rest
        prefix = _PREFIX_DIRECTIVE.match(rest)
        if prefix:
            layout.prefixes[prefix.group(1) or ""] = prefix.group(2)
            rest = rest[prefix.end() :].lstrip()
        else:
            base = _BASE_DIRECTIVE.match(rest)
            if not base:
                return ""
            layout.base = urljoin(layout.base, base.group(1)) if layout.base else base.group(1)
            rest = rest[base.end() :].lstrip()
        rest = rest.removeprefix(".")


_IRI_OR_NAME = re.compile(r"<[^>\s]*>|(?<![\w:\\])(?:[A-Za-z][\w.\-]*)?:(?:[\w\-:%]|\\.|\.(?=[\w\-:%\\]))*")


def blank_strings_and_comments(text: str) -> str:
    """The text with string literals and comments blanked out (same length), so only terms remain."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "\"'":
            j = _skip_string(text, i)
            for k in range(i, j):
                if out[k] != "\n":
                    out[k] = " "
            i = j
        elif ch == "<":
            i = _skip_iri(text, i)
        elif ch == "#":
            nl = text.find("\n", i)
            j = n if nl < 0 else nl
            for k in range(i, j):
                out[k] = " "
            i = j
        else:
            i += 1
    return "".join(out)


def scan(text: str, *, base: str | None = None) -> Layout:
    """Statements, prefixes, and the first line where each IRI is a subject and where it is mentioned."""
    layout = Layout(base=base)
    layout.statements = split(text)
    lines = _Lines(text)
    for statement in layout.statements:
        body = declarations(statement.text, layout)
        if body:
            subject = expand(body, layout.prefixes, layout.base)
            if subject is not None and subject not in layout.subject_lines:
                offset = statement.start + len(statement.text) - len(body)
                layout.subject_lines[subject] = lines.at(offset)[0]
        plain = blank_strings_and_comments(statement.text)
        for match in _IRI_OR_NAME.finditer(plain):
            iri = expand(match.group(0), layout.prefixes, layout.base)
            if iri is not None and iri not in layout.mention_lines:
                layout.mention_lines[iri] = lines.at(statement.start + match.start())[0]
    return layout


def segments(text: str) -> list[tuple[int, str]]:
    """The predicate-object parts of a statement, split at each `;` outside strings, IRIs and brackets.

    Each part comes with its offset in `text`; the statement's final `.` is left out.
    """
    body = text[:-1] if text.endswith(".") else text
    out: list[tuple[int, str]] = []
    depth = 0
    start = i = 0
    n = len(body)
    while i < n:
        ch = body[i]
        if ch in "\"'":
            i = _skip_string(body, i)
            continue
        if ch == "<":
            i = _skip_iri(body, i)
            continue
        if ch == "#":
            nl = body.find("\n", i)
            i = n if nl < 0 else nl + 1
            continue
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            out.append((start, body[start:i]))
            start = i + 1
        i += 1
    out.append((start, body[start:]))
    return [(offset, part) for offset, part in out if part.strip()]


_SUBJECT = re.compile(r"<[^>\s]*>|(?:[A-Za-z][\w.\-]*)?:(?:[\w\-:%]|\\.|\.(?=[\w\-:%\\]))*|_:[\w\-.]+")


def subject_token(body: str) -> str | None:
    """The subject IRI, prefixed name or blank node label a statement starts with, if it starts with one."""
    match = _SUBJECT.match(body)
    return match.group(0) if match else None

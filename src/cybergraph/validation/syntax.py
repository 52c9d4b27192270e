"""Check 1: reading each file once, and every Turtle syntax error in it with its line and column.

Each file is decoded and parsed once, by Oxigraph's parser (cybergraph.rdf.read), into a `ParsedFile`
that every later check reads: its triples, the line each one ends on, the line where each entity is
described, and its syntax findings. Input that is not Turtle text at all (empty, binary, another
encoding, XML, JSON) is refused before parsing with a one-line InputError; XML is never handed to an
XML parser, so DOCTYPE and entity declarations cannot be expanded.

Oxigraph's parser does not stop at the first error: it skips to the next `.` and starts again, so that
one typo does not hide the rest, and every error is reported with its line and column (counted in
characters). Its recovery has limits, which validation accepts rather than second-guess the parser:

- after a statement that lacks its `;` ("A dot is expected at the end of statements"), the parser reads
  the next predicate and object as a statement of their own, whose problem is only a consequence of the
  first: that one is left out;
- when the offending token is a statement's final `.` (a trailing comma, or that consequence), the
  next `.` the parser skips to is the following statement's, which is not checked until the error is
  fixed;
- after a string literal that runs past the end of its line, the quotes that follow are out of step
  and every later problem is noise: the first error is exact (the line, and the column where the line
  ends, or for a string never closed the column where it opens), and the errors after it in the same
  file are left for the next run, once it is fixed.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from cybergraph.core.errors import InputError, QueryTimeout
from cybergraph.core.files import read_file, read_stream
from cybergraph.core.limits import DEFAULT_MAX_BYTES
from cybergraph.core.positions import Position, display_path
from cybergraph.rdf.read import ABSOLUTE_IRI_HINT, ParsedTurtle, SyntaxProblem, is_relative_iri, parse_turtle
from cybergraph.rdf.read import decode as decode_utf8
from cybergraph.rdf.terms import Subject
from cybergraph.validation.findings import Check, Finding, Severity

STDIN = "-"
_SNIFF = 8192
_BOM = b"\xef\xbb\xbf"
_NO_END = "A dot is expected at the end of statements"
_LINE_JUMP = "Line jumps are not allowed in string literals"
_END_OF_FILE = "Unexpected end of file"


@dataclass(frozen=True)
class Input:
    """The bytes of one contributed file and the name findings give it."""

    name: str
    content: bytes
    path: Path | None = None  # the file it comes from, or the name given to standard input

    @classmethod
    def from_path(cls, path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, before: int = 0) -> Input:
        """A regular file (links followed) that keeps the contribution, with the `before` bytes of its
        other files, within `max_bytes`: no more than that is ever read."""
        content = read_file(path, limit=max_bytes - before)
        if before + len(content) > max_bytes:
            raise _too_large(display_path(path), max_bytes)
        return cls(display_path(path), content, path)

    @classmethod
    def from_stdin(
        cls,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        name: str | None = None,
        deadline: float | None = None,
        timeout: float | None = None,
        before: int = 0,
    ) -> Input:
        """Standard input; `name` validates it as if it were that file (as an editor sends a buffer).

        At most what `max_bytes` leaves after the `before` bytes of the other files is read, and only
        until `deadline` (a time.monotonic(), the end of the
        `timeout` seconds): a stream that never ends is refused at the limit, one that stalls at the time.
        """
        shown = display_path(name) if name else "<stdin>"
        try:
            content = read_stream(sys.stdin.fileno(), name=shown, limit=max_bytes - before, deadline=deadline)
        except TimeoutError:
            raise QueryTimeout(
                f"standard input did not end within {timeout or 0:g} s and was not read further",
                hint="send a file that ends, or raise the limit with --timeout",
            ) from None
        if before + len(content) > max_bytes:
            raise _too_large(shown, max_bytes)
        return cls(shown, content, Path(name) if name else None)


def _too_large(name: str, limit: int) -> InputError:
    return InputError(
        f"the contribution is over the limit of {limit:,} bytes (--max-bytes): nothing past it was read",
        position=Position(name),
        hint="split the contribution into smaller files, validated one after the other",
    )


def read_inputs(
    sources: Sequence[Path | str | Input],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin_name: str | None = None,
    timeout: float | None = None,
    started: float | None = None,
) -> list[Input]:
    """Read every contributed file (`-` is standard input), refusing more than `max_bytes` in all.

    No more than `max_bytes` + 1 bytes are read in all, whatever the files are; standard input is read
    until `timeout` seconds after `started` (a time.monotonic(), default now).
    """
    deadline = None if timeout is None else (time.monotonic() if started is None else started) + timeout
    inputs: list[Input] = []
    total = 0
    for source in sources:
        if isinstance(source, Input):
            item = source
        elif str(source) == STDIN:
            item = Input.from_stdin(
                max_bytes=max_bytes, name=stdin_name, deadline=deadline, timeout=timeout, before=total
            )
        else:
            item = Input.from_path(Path(source), max_bytes=max_bytes, before=total)
        total += len(item.content)
        if total > max_bytes:
            raise _too_large(item.name, max_bytes)
        inputs.append(item)
    return inputs


def decode(item: Input, *, allow_empty: bool = False) -> str:
    """The input as text, or a one-line InputError when it is not Turtle text at all."""
    raw = item.content
    where = Position(item.name)
    if not raw.strip() and not allow_empty:
        raise InputError("the file is empty: there is nothing to validate", position=where)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("the file is UTF-16 text; Turtle files must be UTF-8", position=where)
    if b"\x00" in raw[:_SNIFF]:
        raise InputError("the file is binary, not Turtle text", position=where)
    text = decode_utf8(raw, item.name)
    text = text.removeprefix("\ufeff")
    head = text.lstrip()[:_SNIFF].lower()
    if "<!doctype" in head or "<!entity" in head:
        raise InputError(
            "the file is XML with a DOCTYPE or entity declarations, which is refused; send Turtle",
            position=where,
        )
    if head.startswith(("<?xml", "<rdf:rdf")):
        raise InputError("the file is RDF/XML; contributions must be Turtle", position=where)
    if head.startswith("{"):
        raise InputError("the file is JSON (JSON-LD?); contributions must be Turtle", position=where)
    return text


@dataclass
class ParsedFile:
    """One file read and parsed once: its text, triples, where its entities are, and its syntax findings.

    `lines[i]` is the line on which `triples[i]` ends; `subject_lines` the line of each subject's first
    triple (where a reader finds the entity described), `mention_lines` the first line on which each IRI
    is used. The file's blank nodes are its own: no two files share one, whatever their labels.
    """

    input: Input
    text: str
    triples: list[ox.Triple]
    lines: list[int]
    subject_lines: dict[Subject, int]
    mention_lines: dict[ox.NamedNode, int]
    findings: list[Finding] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.input.name

    @property
    def path(self) -> Path | None:
        return self.input.path


def _own_blank_nodes(triples: list[ox.Triple]) -> list[ox.Triple]:
    """The triples with every blank node renamed to a fresh one (the parser keeps `_:b1` as written)."""
    fresh: dict[ox.BlankNode, ox.BlankNode] = {}

    def own(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if not isinstance(term, ox.BlankNode):
            return term
        renamed = fresh.get(term)
        if renamed is None:
            renamed = fresh[term] = ox.BlankNode()
        return renamed

    if not any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples):
        return triples
    return [ox.Triple(own(t.subject), t.predicate, own(t.object)) for t in triples]  # type: ignore[arg-type]


def _reported(problems: list[SyntaxProblem]) -> list[SyntaxProblem]:
    """The problems that are the user's, without those the parser's restarts cause (see the docstring)."""
    out: list[SyntaxProblem] = []
    restarted = False  # the last problem was a statement without its end, and no triple came since
    for problem in problems:
        if out and out[-1].message.startswith(_LINE_JUMP):
            break
        if restarted and problem.after == out[-1].after:
            restarted = False  # the restart's first problem is a consequence; the next is the user's again
            continue
        restarted = problem.message.startswith(_NO_END)
        out.append(problem)
    return out


def _message(problem: SyntaxProblem, lines: list[str]) -> str:
    """Oxigraph's message, in the project's words for a relative IRI, and saying which string is never
    closed when the file ends inside one."""
    at = ""
    if problem.line is not None and problem.column is not None and problem.line <= len(lines):
        at = lines[problem.line - 1][problem.column - 1 :]
    if is_relative_iri(problem):
        written = at[: at.index(">") + 1] if at.startswith("<") and ">" in at else "an IRI"
        return (
            f"relative IRI {written}: a contribution's IRIs must be absolute (it is read without a base IRI,"
            f" so that its IRIs do not depend on where it is validated); {ABSOLUTE_IRI_HINT}"
        )
    if problem.message.startswith(_END_OF_FILE) and at[:1] and at[:1] in "\"'":
        return f"Turtle syntax error: {problem.message}: the string that opens here is never closed"
    return f"Turtle syntax error: {problem.message}"


def _syntax(item: Input, message: str, line: int | None, column: int | None) -> Finding:
    return Finding(Check.SYNTAX, Severity.VIOLATION, message, file=item.name, line=line, column=column)


def _first(pattern: re.Pattern[str], lines: list[str], first: int, last: int) -> tuple[int, int] | None:
    """The line and column (1-based) of the first match of `pattern` on lines `first` to `last`."""
    for number in range(max(first, 1), min(last, len(lines)) + 1):
        found = pattern.search(lines[number - 1])
        if found:
            return number, found.start() + 1
    return None


_BASE_KEYWORD = re.compile(r"@base\b|(?<![\w:@-])base(?=\s*<)", re.IGNORECASE)


def _base_findings(item: Input, parsed: ParsedTurtle, lines: list[str]) -> list[Finding]:
    """A finding for each `@base` or `BASE` directive the parser met.

    The parser says which base it set and between which lines; the column is where the directive's
    keyword is on those lines (the parser has already judged that a directive is there).
    """
    out = []
    for directive in parsed.bases:
        line, column, keyword = directive.last_line, 1, "@base"
        for number in range(directive.first_line, min(directive.last_line, len(lines)) + 1):
            found = _BASE_KEYWORD.search(lines[number - 1])
            if found:
                line, column, keyword = number, found.start() + 1, found.group()
                break
        out.append(
            _syntax(
                item,
                f"{keyword} <{directive.iri}>: a contribution may not set a base IRI (its IRIs would depend"
                f" on it); remove the directive and {ABSOLUTE_IRI_HINT}",
                line,
                column,
            )
        )
    return out


def _is_file_iri(term: object) -> bool:
    return isinstance(term, ox.NamedNode) and term.value[:5].lower() == "file:"


def _file_iri_findings(item: Input, parsed: ParsedTurtle, lines: list[str]) -> list[Finding]:
    """A finding for each file: IRI the triples use (a path on someone's computer, not an identifier)."""
    out: list[Finding] = []
    seen: set[ox.NamedNode] = set()
    for index, (triple, line) in enumerate(zip(parsed.triples, parsed.lines, strict=False)):
        terms = [triple.subject, triple.predicate, triple.object]
        if isinstance(triple.object, ox.Literal):
            terms.append(triple.object.datatype)
        for term in terms:
            if not _is_file_iri(term) or term in seen:
                continue
            assert isinstance(term, ox.NamedNode)
            seen.add(term)
            before = parsed.lines[index - 1] if index else 1
            where = None
            for written in _written_forms(term.value, parsed.prefixes):
                where = where or _first(written, lines, before, line)
            line_at, column = where if where else (line, 1)
            out.append(
                _syntax(
                    item,
                    f"file: IRI <{term.value}>: a path on a computer is not an identifier of the graph;"
                    f" {ABSOLUTE_IRI_HINT}",
                    line_at,
                    column,
                )
            )
    return out


def _written_forms(iri: str, prefixes: dict[str, str]) -> list[re.Pattern[str]]:
    """How an IRI may be written: in full, or as a prefixed name of a declared namespace."""
    forms = [re.compile(re.escape(f"<{iri}>"))]
    for prefix, namespace in sorted(prefixes.items()):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            name = re.escape(f"{prefix}:{iri[len(namespace) :]}")
            forms.append(re.compile(rf"(?<![\w:.-]){name}(?![\w:-])"))
    return forms


def parse(
    item: Input, *, allow_empty: bool = False, max_triples: int | None = None, before: int = 0
) -> ParsedFile:
    """Decode and parse one input; raises InputError when it is not Turtle text, holds no triple, or
    takes the contribution over `max_triples` with the `before` triples of its other files (parsing
    stops there).

    The input is parsed without a base IRI: a relative IRI is a syntax error, and so are a `@base` or
    `BASE` directive and a file: IRI, so that no IRI of the graph depends on where it was validated.
    """
    text = decode(item, allow_empty=allow_empty)
    left = None if max_triples is None else max_triples - before
    parsed = parse_turtle(item.content.removeprefix(_BOM), lines=True, max_triples=left)
    if parsed.over_limit:
        raise too_many_triples(item.name, max_triples or 0)
    lines = text.split("\n")
    findings = [
        _syntax(item, _message(problem, lines), problem.line, problem.column)
        for problem in _reported(parsed.problems)
    ]
    findings += _base_findings(item, parsed, lines) + _file_iri_findings(item, parsed, lines)
    if not findings and not parsed.triples and not allow_empty:
        raise InputError(
            "the file holds no triples: there is nothing to validate", position=Position(item.name)
        )
    parsed.triples = _own_blank_nodes(parsed.triples)
    return ParsedFile(
        item,
        text,
        parsed.triples,
        parsed.lines,
        parsed.subject_lines(),
        parsed.mention_lines(),
        findings,
    )


def too_many_triples(name: str, limit: int) -> InputError:
    return InputError(
        f"the contribution is over the limit of {limit:,} triples (--max-triples): parsing stopped at"
        f" triple {limit + 1:,}",
        position=Position(name),
        hint="split it into smaller contributions, validated one after the other",
    )

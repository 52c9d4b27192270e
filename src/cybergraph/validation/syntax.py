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

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from cybergraph.core.errors import InputError
from cybergraph.core.limits import DEFAULT_MAX_BYTES
from cybergraph.core.positions import Position, display_path
from cybergraph.rdf.read import SyntaxProblem, parse_turtle
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
    base: str
    path: Path | None = None  # the file it comes from, or the name given to standard input

    @classmethod
    def from_path(cls, path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Input:
        name = display_path(path)
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise _too_large(name, size, max_bytes)
            content = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror}", position=Position(name)) from exc
        if len(content) > max_bytes:
            raise _too_large(name, len(content), max_bytes)
        # A file: URI percent-encodes what an IRI cannot hold (spaces, braces) in the file's name.
        return cls(name, content, path.resolve().as_uri(), path)

    @classmethod
    def from_stdin(cls, *, max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None) -> Input:
        """Standard input; `name` validates it as if it were that file (as an editor sends a buffer)."""
        shown = display_path(name) if name else "<stdin>"
        content = sys.stdin.buffer.read(max_bytes + 1)
        if len(content) > max_bytes:
            raise _too_large(shown, len(content), max_bytes, at_least=True)
        if name:
            return cls(shown, content, Path(name).resolve().as_uri(), Path(name))
        return cls(shown, content, "file:///dev/stdin")


def _too_large(name: str, size: int, limit: int, *, at_least: bool = False) -> InputError:
    more = "more than " if at_least else ""
    return InputError(
        f"the input is {more}{size:,} bytes, over the limit of {limit:,} bytes (--max-bytes)",
        position=Position(name),
    )


def read_inputs(
    sources: Sequence[Path | str | Input],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin_name: str | None = None,
) -> list[Input]:
    """Read every contributed file (`-` is standard input), refusing more than `max_bytes` in all."""
    inputs: list[Input] = []
    total = 0
    for source in sources:
        if isinstance(source, Input):
            item = source
        elif str(source) == STDIN:
            item = Input.from_stdin(max_bytes=max_bytes, name=stdin_name)
        else:
            item = Input.from_path(Path(source), max_bytes=max_bytes)
        total += len(item.content)
        if total > max_bytes:
            raise _too_large(item.name, total, max_bytes)
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


def _message(problem: SyntaxProblem, text: str) -> str:
    """Oxigraph's message, saying which string is never closed when the file ends inside one."""
    if problem.message.startswith(_END_OF_FILE) and problem.line is not None and problem.column is not None:
        lines = text.split("\n")
        at = (
            lines[problem.line - 1][problem.column - 1 : problem.column] if problem.line <= len(lines) else ""
        )
        if at and at in "\"'":
            return f"{problem.message}: the string that opens here is never closed"
    return problem.message


def parse(item: Input, *, allow_empty: bool = False) -> ParsedFile:
    """Decode and parse one input; raises InputError when it is not Turtle text or holds no triple."""
    text = decode(item, allow_empty=allow_empty)
    parsed = parse_turtle(item.content.removeprefix(_BOM), base=item.base, lines=True)
    findings = [
        Finding(
            Check.SYNTAX,
            Severity.VIOLATION,
            f"Turtle syntax error: {_message(problem, text)}",
            file=item.name,
            line=problem.line,
            column=problem.column,
        )
        for problem in _reported(parsed.problems)
    ]
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

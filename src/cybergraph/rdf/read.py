"""Reading RDF text: Oxigraph's complete parsers are the one judge of every file, the project's and users'.

`parse_turtle()` reads a text once and keeps what every later step needs: the triples, the line on which
each one ends (so that findings point at the statement), the prefixes it declares, and every syntax
problem with its line and column (Oxigraph's parser recovers at the next statement, so one typo does not
hide the rest). `read_turtle()`, `read_triples()` and `file_quads()` are for files that must simply be
right (the ontology, the shapes, the data of a build): the first problem is an InputError with file, line
and column.

No file is given a base IRI: a relative IRI is a syntax error, so that the graph's IRIs never depend on
the folder a file was read in (they used to become file: IRIs of it). Files are read only when they are
regular files (see core.files).

>>> parsed = parse_turtle(b'@prefix ex: <http://e/> .\\nex:a ex:p "x" .\\nex:b ex:p .\\n', lines=True)
>>> [(t.subject.value, line) for t, line in zip(parsed.triples, parsed.lines)]
[('http://e/a', 2)]
>>> [(p.line, p.column) for p in parsed.problems]
[(3, 11)]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from cybergraph.core.errors import InputError
from cybergraph.core.files import read_file
from cybergraph.core.positions import Position, display_path
from cybergraph.rdf.terms import Subject

_PARSER_PREFIX = re.compile(r"^Parser error (?:at|between) [^:]*: ")


@dataclass(frozen=True)
class SyntaxProblem:
    """One syntax error as the parser reports it, at a 1-based line and column."""

    message: str
    line: int | None
    column: int | None
    after: int = 0  # how many triples the parser had produced when it met the problem


def problem_of(exc: SyntaxError) -> SyntaxProblem:
    """An Oxigraph SyntaxError as a message (without the parser's own position prefix) and a position."""
    message = _PARSER_PREFIX.sub("", str(exc.msg or exc)).strip()
    line = exc.lineno if exc.lineno and exc.lineno > 0 else None
    column = exc.offset if line is not None and exc.offset and exc.offset > 0 else None
    return SyntaxProblem(message, line, column)


@dataclass(frozen=True)
class BaseDirective:
    """A `@base` or `BASE` directive: the base IRI it set, and the lines between which it is (1-based)."""

    iri: str
    first_line: int
    last_line: int


@dataclass
class ParsedTurtle:
    """One Turtle text read once: its triples (with the line each ends on), prefixes and syntax problems."""

    triples: list[ox.Triple] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[SyntaxProblem] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)
    bases: list[BaseDirective] = field(default_factory=list)
    over_limit: bool = False  # parsing stopped after more triples than `max_triples`

    def subject_lines(self) -> dict[Subject, int]:
        """The line of each subject's first triple: where a reader finds the entity described."""
        out: dict[Subject, int] = {}
        for triple, line in zip(self.triples, self.lines, strict=False):
            out.setdefault(triple.subject, line)  # type: ignore[arg-type]
        return out

    def mention_lines(self) -> dict[ox.NamedNode, int]:
        """The first line on which each IRI is used, as subject, predicate or object."""
        out: dict[ox.NamedNode, int] = {}
        for triple, line in zip(self.triples, self.lines, strict=False):
            for term in (triple.subject, triple.predicate, triple.object):
                if isinstance(term, ox.NamedNode):
                    out.setdefault(term, line)
        return out


class _Lines:
    """Hands the parser one line per read, so that each triple can be given the line it ends on."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.line = 0

    def read(self, size: int = -1) -> bytes:
        if self.pos >= len(self.data):
            return b""
        end = self.data.find(b"\n", self.pos)
        end = len(self.data) if end < 0 else end + 1
        chunk = self.data[self.pos : end]
        self.pos = end
        self.line += 1
        return chunk


def parse_turtle(
    data: bytes, *, base: str | None = None, lines: bool = False, max_triples: int | None = None
) -> ParsedTurtle:
    """Parse Turtle bytes, collecting every syntax problem instead of stopping at the first.

    With `lines`, the text is handed to the parser line by line and each triple records the line on
    which it ends (about twice the time of a plain parse). Without `base`, a relative IRI is a syntax
    problem (Oxigraph resolves none); every `@base` or `BASE` directive the parser meets is recorded in
    `bases`. With `max_triples`, parsing stops after one more triple than that (`over_limit`).
    """
    out = ParsedTurtle()
    source = _Lines(data) if lines else data
    parser = ox.parse(source, format=ox.RdfFormat.TURTLE, base_iri=base)  # type: ignore[arg-type]
    current = base
    read_before = 0  # the last line read when the parser last stopped

    def note_base() -> None:
        # The parser tells its base, not where it changed: between the lines read at its last two stops.
        nonlocal current, read_before
        now = parser.base_iri
        read = source.line if isinstance(source, _Lines) else 0
        if now != current and now is not None:
            out.bases.append(BaseDirective(now, max(read_before, 1), max(read, 1)))
        current = now
        read_before = read

    while True:
        try:
            quad = next(parser)
        except StopIteration:
            note_base()
            break
        except SyntaxError as exc:
            out.problems.append(replace(problem_of(exc), after=len(out.triples)))
            note_base()
            continue
        note_base()
        out.triples.append(quad.triple)
        if isinstance(source, _Lines):
            out.lines.append(source.line)
        if max_triples is not None and len(out.triples) > max_triples:
            out.over_limit = True
            break
    out.prefixes = dict(parser.prefixes)
    return out


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text, or an InputError naming the line of the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}); save it as UTF-8",
            position=Position(name, line),
        ) from exc


RELATIVE_IRI = "No scheme found in an absolute IRI"
ABSOLUTE_IRI_HINT = (
    "write the full IRI, such as https://w3id.org/cybergraph/id/..., or a prefixed name such as cgid:..."
)


def is_relative_iri(problem: SyntaxProblem) -> bool:
    """Whether the problem is an IRI without a scheme: relative, with no base to resolve it against."""
    return problem.message.startswith(RELATIVE_IRI)


def _syntax_error(problem: SyntaxProblem, name: str) -> InputError:
    position = Position(name, problem.line, problem.column)
    if is_relative_iri(problem):
        return InputError(
            "a relative IRI: IRIs must be absolute (no base IRI is used, so that the graph's IRIs do not"
            " depend on the folder a file is read in)",
            position=position,
            hint=ABSOLUTE_IRI_HINT,
        )
    return InputError(
        f"Turtle syntax error: {problem.message}", position=position, hint="fix the statement there"
    )


def read_bytes(path: Path) -> bytes:
    """A regular file's bytes (links followed), or an InputError that names it (see core.files)."""
    return read_file(path)


def read_turtle(path: Path, *, base: str | None = None) -> ParsedTurtle:
    """A Turtle file that must be right, read whole (triples and prefixes); the first problem is an
    InputError. Without `base`, a relative IRI is one: the graph's IRIs never depend on where the file
    is (they would become file: IRIs of the folder it was read in)."""
    name = display_path(path)
    raw = read_bytes(path)
    decode(raw, name)
    parsed = parse_turtle(raw, base=base)
    if parsed.problems:
        raise _syntax_error(parsed.problems[0], name)
    return parsed


def read_triples(path: Path, *, base: str | None = None) -> list[ox.Triple]:
    """The triples of a Turtle file that must be right; the first problem is an InputError."""
    return read_turtle(path, base=base).triples


def file_quads(path: Path, graph: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Quad]:
    """The triples of a Turtle file as quads of `graph`, streamed; the first problem is an InputError."""
    read_file(path, limit=0)  # a regular file, or an InputError: a device or a pipe would never end
    try:
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            yield ox.Quad(triple.subject, triple.predicate, triple.object, graph)
    except SyntaxError as exc:
        raise _syntax_error(problem_of(exc), display_path(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError("the file is not UTF-8 text", position=Position(display_path(path))) from exc
    except OSError as exc:
        raise InputError(
            f"cannot read the file: {exc.strerror or exc}", position=Position(display_path(path))
        ) from exc

"""Check 1: reading a contribution and every Turtle syntax error in it, each with its line and column.

A file is first parsed whole; only when that fails is it split into statements (see turtle_statements)
and each statement parsed on its own, with the prefixes declared before it, to find every error and
not just the first. Input that is not Turtle text at all (empty, binary, another encoding, XML, JSON)
is refused before parsing with a one-line InputError; XML is never handed to an XML parser, so DOCTYPE
and entity declarations cannot be expanded.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from cybergraph.core.errors import InputError
from cybergraph.core.limits import DEFAULT_MAX_BYTES
from cybergraph.core.positions import Position, display_path
from cybergraph.validation import statements as turtle_statements
from cybergraph.validation.findings import Check, Finding, Severity

STDIN = "-"
_SNIFF = 8192


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
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}); Turtle must be UTF-8",
            position=where,
        ) from exc
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
    """One contributed file: its triples (None when it has syntax errors), layout and syntax findings."""

    input: Input
    text: str
    graph: Graph | None
    layout: turtle_statements.Layout
    findings: list[Finding] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.input.name


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Keep rdflib's logged warnings (odd IRIs, ill-typed literals) off the user's terminal."""
    logger = logging.getLogger("rdflib")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _position(text: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _error_offset(exc: BadSyntax) -> int:
    """The character offset of a BadSyntax error in the text that was parsed."""
    raw = exc._str if isinstance(exc._str, bytes) else str(exc._str).encode()
    return len(raw[: max(0, exc._i)].decode("utf-8", "replace"))


def _parse(text: str, base: str) -> Graph:
    graph = Graph()
    graph.parse(data=text, format="turtle", publicID=base)
    return graph


def _syntax(item: Input, text: str, offset: int, why: str) -> Finding:
    line, column = _position(text, offset)
    return Finding(
        Check.SYNTAX,
        Severity.VIOLATION,
        f"Turtle syntax error: {why}",
        file=item.name,
        line=line,
        column=column,
    )


def _error(header: str, snippet: str, base: str) -> tuple[int, str] | None:
    """Where in `snippet` parsing `header + snippet` fails, and why; None when it parses."""
    try:
        _parse(header + snippet, base)
    except BadSyntax as exc:
        offset = _error_offset(exc) - len(header)
        if offset < 0 or offset > len(snippet):
            offset = len(snippet)  # rdflib reports running out of input at an odd offset
        return offset, str(exc._why)
    except Exception as exc:  # rdflib raises plain exceptions for some bad literals and IRIs
        return 0, str(exc)
    return None


def _part_errors(header: str, statement: str, base: str) -> list[tuple[int, str]]:
    """The errors of each predicate-object part of a statement, parsed as `subject part .`."""
    body = turtle_statements.declarations(statement, turtle_statements.Layout())
    lead = len(statement) - len(body)
    subject = turtle_statements.subject_token(body)
    parts = turtle_statements.segments(body)
    if subject is None or len(parts) < 2:
        return []
    found = []
    for index, (offset, part) in enumerate(parts):
        # The first part starts with the subject; the others get it back.
        snippet = part if index == 0 else f"{subject} {part}"
        shift = 0 if index == 0 else len(subject) + 1
        error = _error(header, snippet + " .", base)
        if error is not None:
            at = min(max(error[0] - shift, 0), len(part))
            found.append((lead + offset + at, error[1]))
    return found


def _statement_errors(item: Input, text: str, layout: turtle_statements.Layout) -> list[Finding]:
    """Parse each statement alone, with the prefixes and base declared before it; one finding per error."""
    findings: list[Finding] = []
    prefixes: dict[str, str] = {}
    base = item.base
    for statement in layout.statements:
        header = "".join(f"@prefix {p}: <{ns}> . " for p, ns in prefixes.items())
        error = _error(header, statement.text, base)
        if error is not None:
            # Each predicate-object part alone, to find every error of the statement and not the first.
            parts = _part_errors(header, statement.text, base)
            for offset, why in parts or [error]:
                findings.append(_syntax(item, text, statement.start + offset, why))
        declared = turtle_statements.Layout(base=base)
        turtle_statements.declarations(statement.text, declared)
        prefixes.update(declared.prefixes)
        base = declared.base or base
    return findings


def _oxigraph_errors(item: Input, text: str) -> list[Finding]:
    """What Oxigraph's parser, which builds the graph, refuses although rdflib accepted it (bad IRIs)."""
    findings = []
    triples = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=item.base)
    while True:
        try:
            next(triples)
        except StopIteration:
            break
        except SyntaxError as exc:
            message = str(exc.msg).split(": ", 1)[-1]
            findings.append(
                Finding(
                    Check.SYNTAX,
                    Severity.VIOLATION,
                    f"Turtle syntax error: {message}",
                    file=item.name,
                    line=exc.lineno,
                    column=exc.offset,
                )
            )
    return findings


def parse(item: Input, *, allow_empty: bool = False) -> ParsedFile:
    """Decode and parse one input; raises InputError when it is not Turtle text or holds no triple."""
    text = decode(item, allow_empty=allow_empty)
    with quiet_rdflib():
        layout = turtle_statements.scan(text, base=item.base)
        try:
            graph: Graph | None = _parse(text, item.base)
            first: Finding | None = None
        except BadSyntax as exc:
            graph, first = None, _syntax(item, text, _error_offset(exc), str(exc._why))
        except Exception as exc:
            graph, first = None, _syntax(item, text, 0, str(exc))
        if first is None:
            findings = _oxigraph_errors(item, text)
        else:
            # Splitting can only miss an error that spans statements; then the whole-file one stands.
            findings = _statement_errors(item, text, layout) or [first]
    findings = sorted(set(findings), key=lambda f: (f.line or 0, f.column or 0, f.message))
    if graph is not None and not findings and len(graph) == 0 and not allow_empty:
        raise InputError(
            "the file holds no triples: there is nothing to validate", position=Position(item.name)
        )
    return ParsedFile(item, text, graph if not findings else None, layout, findings)

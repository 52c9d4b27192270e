"""What validation found: findings with their place in a file, and the report that gathers them.

A finding names the file and line where the entity is described, the entity (SHACL's focus node), the
property (the result path), the offending value, a message for a person, its severity, the check that
found it, and for shape findings the SHACL constraint component and source shape (for a property shape
written as a blank node, which has no name, the named shape that holds it). Terms are kept as
strings so that a report can cross a process boundary and be written as JSON unchanged: `entity` and
`property` are IRIs (a blank node is `_:label`), `value` is the term in N-Triples form.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import Enum

import pyoxigraph as ox

from cybergraph.core.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE
from cybergraph.rdf.terms import Term, ntriples


def term_key(node: Term) -> str:
    """An entity or property as a finding names it: the IRI, or `_:label` for a blank node."""
    if isinstance(node, ox.BlankNode):
        return f"_:{node.value}"
    if isinstance(node, ox.NamedNode):
        return node.value
    return ntriples(node)


def key_term(key: str) -> ox.NamedNode | ox.BlankNode:
    """The entity or property a finding names (the inverse of `term_key`)."""
    return ox.BlankNode(key[2:]) if key.startswith("_:") else ox.NamedNode(key)


def text_of(term: Term) -> str:
    """The IRI, blank node label or lexical form of a term (what sorting by text compares)."""
    return ntriples(term) if isinstance(term, ox.Triple) else term.value


def term_value(node: Term) -> str:
    """A value as a finding names it: the term in N-Triples form."""
    return ntriples(node)


class Severity(Enum):
    """SHACL's severities: a violation is an error, a warning is a recommendation not followed."""

    VIOLATION = "violation"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.VIOLATION: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Check(Enum):
    """The checks, in the order they run; validation stops after the first one that finds an error."""

    SYNTAX = "syntax"
    REMOVAL = "removal"
    SCHEMA = "schema-change"
    UNKNOWN_TERM = "unknown-term"
    DANGLING = "dangling-reference"
    DUPLICATE = "duplicate"
    CONSISTENCY = "consistency"
    SHAPES = "shapes"

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES = {
    Check.SYNTAX: "Turtle syntax",
    Check.REMOVAL: "facts removed since a revision",
    Check.SCHEMA: "schema protection",
    Check.UNKNOWN_TERM: "unknown terms",
    Check.DANGLING: "dangling references",
    Check.DUPLICATE: "likely duplicates",
    Check.CONSISTENCY: "consistency under the ontology",
    Check.SHAPES: "SHACL shapes",
}
CHECK_ORDER = list(Check)


@dataclass(frozen=True)
class Finding:
    """One problem, where it is, and what to do about it."""

    check: Check
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    entity: str | None = None
    property: str | None = None
    value: str | None = None
    component: str | None = None
    shape: str | None = None
    # The named shape whose sh:property is the (blank node) source shape, when `shape` is None.
    parent_shape: str | None = None

    def __post_init__(self) -> None:
        # As core.positions.Position: a place before the start of the text (a parser's odd offset) is
        # shown at its start, so that no report, whatever its format, names a line or column below 1.
        if self.line is not None and self.line < 1:
            object.__setattr__(self, "line", 1)
        if self.column is not None and self.column < 1:
            object.__setattr__(self, "column", 1)

    def located(self, file: str | None, line: int | None) -> Finding:
        return replace(self, file=file, line=line)

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "entity": self.entity,
            "property": self.property,
            "value": self.value,
            "message": self.message,
            "severity": self.severity.value,
            "check": self.check.value,
            "component": self.component,
            "shape": self.shape,
            "parent_shape": self.parent_shape,
        }


@dataclass
class Report:
    """Every finding of one validation, grouped by file then entity, and what was validated."""

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    checks_run: list[Check] = field(default_factory=list)
    stopped_after: Check | None = None
    focus_nodes: int = 0
    contribution: bool = True
    strict: bool = False
    notes: list[str] = field(default_factory=list)  # what could not be checked, and why

    @property
    def unusable(self) -> bool:
        """Syntax errors make the input unusable: nothing else can be checked (exit code 2)."""
        return any(f.check is Check.SYNTAX for f in self.findings)

    @property
    def skipped(self) -> list[Check]:
        return [c for c in CHECK_ORDER if c not in self.checks_run]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def conforms(self, *, strict: bool | None = None) -> bool:
        """No syntax error and no violation (and, when strict, no warning either)."""
        strict = self.strict if strict is None else strict
        worst = {Severity.VIOLATION, Severity.WARNING} if strict else {Severity.VIOLATION}
        return not self.unusable and not any(f.severity in worst for f in self.findings)

    def exit_code(self, *, strict: bool | None = None) -> int:
        """0 conforms, 1 findings, 2 unusable input (syntax errors)."""
        if self.unusable:
            return EXIT_UNUSABLE
        return EXIT_OK if self.conforms(strict=strict) else EXIT_FINDINGS

    def sort(self) -> None:
        """File order as given, then line, entity, check order, property, value."""
        order = {name: i for i, name in enumerate(self.files)}
        self.findings.sort(
            key=lambda f: (
                order.get(f.file or "", len(order)),
                f.file or "",
                f.line if f.line is not None else 1 << 30,
                f.entity or "",
                CHECK_ORDER.index(f.check),
                f.column or 0,
                f.property or "",
                f.value or "",
                f.message,
            )
        )


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Keep rdflib's logged warnings (ill-typed literals) off the user's terminal.

    rdflib is used at the edges only (pySHACL, owlrl, the SHACL report's Turtle), and logs a warning
    for each literal that does not match its datatype: the findings say so, once, in their own words.
    """
    logger = logging.getLogger("rdflib")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)

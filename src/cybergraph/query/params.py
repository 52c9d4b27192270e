"""Typed query parameters: declared in a query's header, checked before the query runs, bound as RDF terms.

Four types: `entity` (a slug, label or IRI, resolved against the graph by the engine), `literal` (a
string), `date` (xsd:date, xsd:gYearMonth or xsd:gYear by the precision given) and `integer`.

>>> spec = ParamSpec("from", ParamType.INTEGER, default="1980")
>>> convert(spec, "2005")
<Literal value=2005 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
>>> convert(ParamSpec("when", ParamType.DATE), "2001-11")
<Literal value=2001-11 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#gYearMonth>>
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

import pyoxigraph as ox

from cybergraph.core.errors import UsageError
from cybergraph.rdf.terms import XSD, Term

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class ParamType(Enum):
    ENTITY = "entity"
    LITERAL = "literal"
    DATE = "date"
    INTEGER = "integer"

    @property
    def expected(self) -> str:
        """What a value of this type looks like, for error messages."""
        return {
            ParamType.ENTITY: "an entity: its slug (itu), its label (International Telecommunication Union)"
            " or its full IRI",
            ParamType.LITERAL: "any text",
            ParamType.DATE: "a date as YYYY, YYYY-MM or YYYY-MM-DD (2001, 2001-11, 2001-11-23)",
            ParamType.INTEGER: "a whole number such as 2005",
        }[self]


@dataclass(frozen=True)
class EntityName:
    """An entity parameter as the user wrote it; the engine resolves it against the graph."""

    text: str


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a query: its variable name, type, default, example and description."""

    name: str
    type: ParamType
    default: str | None = None
    example: str | None = None
    optional: bool = False
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    def summary(self) -> str:
        """`name (type, default 1980)` as the catalogue lists it."""
        extra = [self.type.value]
        if self.default is not None:
            extra.append(f"default {self.default}")
        elif self.optional:
            extra.append("optional")
        else:
            extra.append("required")
        return f"{self.name} ({', '.join(extra)})"


class ParamError(ValueError):
    """A value does not fit its parameter's type; the message says what was expected."""


_YEAR = r"(\d{4})"
_DATE_FORMS = [
    (re.compile(rf"^{_YEAR}$"), "gYear"),
    (re.compile(rf"^{_YEAR}-(\d{{2}})$"), "gYearMonth"),
    (re.compile(rf"^{_YEAR}-(\d{{2}})-(\d{{2}})$"), "date"),
]


def _date(raw: str) -> ox.Literal:
    for pattern, datatype in _DATE_FORMS:
        match = pattern.match(raw)
        if not match:
            continue
        parts = [int(p) for p in match.groups()]
        if len(parts) >= 2 and not 1 <= parts[1] <= 12:
            raise ParamError(f"{raw!r} has no month {parts[1]}")
        if len(parts) == 3:
            try:
                datetime.date(*parts)
            except ValueError as exc:
                raise ParamError(f"{raw!r} is not a calendar date: {exc}") from None
        return ox.Literal(raw, datatype=ox.NamedNode(XSD + datatype))
    raise ParamError(f"{raw!r} is not a date")


def convert(spec: ParamSpec, raw: str) -> Term | EntityName:
    """The RDF term for a value given as text; raises ParamError when it does not fit the type."""
    if spec.type is ParamType.INTEGER:
        if not re.fullmatch(r"[+-]?\d+", raw.strip()):
            raise ParamError(f"{raw!r} is not a whole number")
        return ox.Literal(str(int(raw)), datatype=ox.NamedNode(XSD + "integer"))
    if spec.type is ParamType.DATE:
        return _date(raw.strip())
    if spec.type is ParamType.ENTITY:
        if not raw.strip():
            raise ParamError("an empty entity name")
        return EntityName(raw.strip())
    return ox.Literal(raw)


def bind(
    specs: tuple[ParamSpec, ...], given: Mapping[str, str | Term], *, query: str = "the query"
) -> dict[str, Term | EntityName]:
    """The values of every parameter: given ones converted, defaults filled in, optional ones left out.

    Raises UsageError (exit code 2) for an unknown parameter (listing the known ones), a value of the
    wrong type (saying what was expected) and a missing required parameter.
    """
    known = {s.name: s for s in specs}
    for name in given:
        if name not in known:
            listed = ", ".join(s.summary() for s in specs) if specs else "none"
            raise UsageError(
                f"{query} has no parameter {name!r}",
                hint=f"its parameters: {listed}",
            )
    out: dict[str, Term | EntityName] = {}
    for spec in specs:
        value = given.get(spec.name)
        if value is None:
            if spec.default is not None:
                value = spec.default
            elif spec.optional:
                continue
            else:
                example = f" (for example --param {spec.name}={spec.example})" if spec.example else ""
                raise UsageError(
                    f"{query} needs the parameter {spec.name}: {spec.type.expected}",
                    hint=f"give it with --param {spec.name}=VALUE{example}",
                )
        if not isinstance(value, str):
            out[spec.name] = value
            continue
        try:
            out[spec.name] = convert(spec, value)
        except ParamError as exc:
            raise UsageError(
                f"parameter {spec.name} is {spec.type.value}, but {exc}",
                hint=f"expected {spec.type.expected}",
            ) from None
    return out


def parse_assignments(pairs: list[str]) -> dict[str, str]:
    """`name=value` strings from the command line as a dict; a name given twice is an error."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not NAME.match(name):
            raise UsageError(f"--param {pair!r} is not NAME=VALUE", hint="for example --param from=2000")
        if name in out:
            raise UsageError(f"--param {name} is given twice")
        out[name] = value
    return out

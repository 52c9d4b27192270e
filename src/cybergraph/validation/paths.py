"""SHACL property paths as findings carry them: SPARQL property-path text, and back to SHACL's RDF form.

A finding's `property` is an IRI, or for a complex result path its SPARQL form in parentheses, every IRI
in angle brackets: `(<…#partOf>|^<…#hasPart>)`. Sequences and alternatives are always parenthesised, so
the text is unambiguous and this module reads back exactly what `shapes.path_text` writes. The SHACL
report needs the path as RDF again (`sh:alternativePath ( … )`, `sh:inversePath …`): `to_rdf` builds it.
The text is the project's own, never a user's, so a text that does not parse is a bug (ValueError).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from cybergraph.rdf.terms import RDF, SH

_TOKEN = re.compile(r"<[^<>\s]*>|[()|/^*+?]")
_IRI = re.compile(r"<([^<>\s]*)>")
_POSTFIX = {"*": "zeroOrMorePath", "+": "oneOrMorePath", "?": "zeroOrOnePath"}


@dataclass(frozen=True)
class Path:
    """A node of a path: an IRI (`iri`), or an operator (`inverse`, `sequence`, `alternative`, or a
    postfix `*`, `+`, `?`) over its `parts`."""

    kind: str
    iri: str = ""
    parts: tuple[Path, ...] = ()


def is_complex(property: str) -> bool:
    return property.startswith("(")


def parse(text: str) -> Path:
    """The path that `text` (as `shapes.path_text` writes it) denotes."""
    tokens = _TOKEN.findall(text)
    if "".join(tokens) != text:
        raise ValueError(f"not a property path: {text!r}")
    position = 0

    def peek() -> str | None:
        return tokens[position] if position < len(tokens) else None

    def take(expected: str | None = None) -> str:
        nonlocal position
        token = peek()
        if token is None or (expected is not None and token != expected):
            raise ValueError(f"not a property path: {text!r}")
        position += 1
        return token

    def alternative() -> Path:
        items = [sequence()]
        while peek() == "|":
            take("|")
            items.append(sequence())
        return items[0] if len(items) == 1 else Path("alternative", parts=tuple(items))

    def sequence() -> Path:
        items = [element()]
        while peek() == "/":
            take("/")
            items.append(element())
        return items[0] if len(items) == 1 else Path("sequence", parts=tuple(items))

    def element() -> Path:
        if peek() == "^":
            take("^")
            return Path("inverse", parts=(element(),))
        token = take()
        if token == "(":
            inner = alternative()
            take(")")
        elif token.startswith("<"):
            inner = Path("iri", iri=token[1:-1])
        else:
            raise ValueError(f"not a property path: {text!r}")
        while peek() in _POSTFIX:
            inner = Path(take(), parts=(inner,))
        return inner

    path = alternative()
    if position != len(tokens):
        raise ValueError(f"not a property path: {text!r}")
    return path


Node = ox.NamedNode | ox.BlankNode


def to_rdf(path: Path, node: Callable[[], ox.BlankNode]) -> tuple[Node, list[ox.Triple]]:
    """The SHACL form of a path: its node and the triples that describe it (`node` makes blank nodes)."""
    if path.kind == "iri":
        return ox.NamedNode(path.iri), []
    triples: list[ox.Triple] = []
    parts: list[Node] = []
    for part in path.parts:
        term, more = to_rdf(part, node)
        parts.append(term)
        triples.extend(more)
    if path.kind == "sequence":
        return _list(parts, node, triples), triples
    head = node()
    if path.kind == "alternative":
        triples.append(ox.Triple(head, ox.NamedNode(SH + "alternativePath"), _list(parts, node, triples)))
    elif path.kind == "inverse":
        triples.append(ox.Triple(head, ox.NamedNode(SH + "inversePath"), parts[0]))
    else:
        triples.append(ox.Triple(head, ox.NamedNode(SH + _POSTFIX[path.kind]), parts[0]))
    return head, triples


def _list(items: list[Node], node: Callable[[], ox.BlankNode], triples: list[ox.Triple]) -> Node:
    rest: Node = ox.NamedNode(RDF + "nil")
    for item in reversed(items):
        cell = node()
        triples.append(ox.Triple(cell, ox.NamedNode(RDF + "first"), item))
        triples.append(ox.Triple(cell, ox.NamedNode(RDF + "rest"), rest))
        rest = cell
    return rest


def shorten(text: str, short: Callable[[str], str]) -> str:
    """A path text with each IRI written by `short` (a prefixed name where one fits)."""
    return _IRI.sub(lambda m: short(m.group(1)), text)

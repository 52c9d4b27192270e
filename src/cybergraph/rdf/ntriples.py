"""N-Triples and N-Quads in canonical form: one statement a line, lines sorted, so a diff shows each change.

Terms are written as RDF 1.2 canonical N-Triples writes them: no prefixes, plain strings without a
datatype, only the escapes a parser needs.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node

from cybergraph.rdf.quads import Quad

_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_IRI_FORBIDDEN = set('<>"{}|^`\\')


def _string(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ECHAR:
            out.append(_ECHAR[ch])
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def iri(node: URIRef) -> str:
    text = "".join(f"\\u{ord(c):04X}" if ord(c) <= 0x20 or c in _IRI_FORBIDDEN else c for c in str(node))
    return f"<{text}>"


def term(node: Node) -> str:
    """One term in N-Triples syntax."""
    if isinstance(node, URIRef):
        return iri(node)
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        text = f'"{_string(str(node))}"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None and node.datatype != XSD.string:
            return f"{text}^^{iri(node.datatype)}"
        return text
    raise TypeError(f"cannot write {node!r} in N-Triples")


def to_ntriples(quads: Iterable[Quad]) -> str:
    """The triples of every graph, merged (a triple stated in two graphs is one line), sorted."""
    lines = {f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o, _ in quads}
    return "".join(sorted(lines))


def to_nquads(quads: Iterable[Quad]) -> str:
    """Every quad a line (the default graph's without a graph name), sorted."""
    lines = {f"{term(s)} {term(p)} {term(o)}{'' if g is None else ' ' + term(g)} .\n" for s, p, o, g in quads}
    return "".join(sorted(lines))

"""N-Triples and N-Quads in canonical form: one statement a line, lines sorted, so a diff shows each change.

Oxigraph's serialiser writes the statements (RDF 1.2 canonical N-Triples terms: no prefixes, plain
strings without a datatype, `\\b \\t \\n \\f \\r \\" \\\\` escaped and the other control characters as
`\\uXXXX`, exactly what the project's own writer used to write); here the lines are deduplicated and
sorted as bytes. UTF-8 keeps the order of code points, so that is the order of the lines as text.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox


def sort_lines(chunks: Iterable[bytes]) -> bytes:
    """The distinct lines of N-Triples or N-Quads texts, sorted, each ending in a newline (the chunks are
    taken in as they come, so a producer can write the next one meanwhile)."""
    lines: set[bytes] = set()
    for chunk in chunks:
        lines.update(chunk.split(b"\n"))
    lines.discard(b"")
    if not lines:
        return b""
    return b"\n".join(sorted(lines)) + b"\n"


def _triples(statements: Iterable[ox.Quad | ox.Triple]) -> Iterable[ox.Triple]:
    for statement in statements:
        yield statement.triple if type(statement) is ox.Quad else statement


def ntriples_bytes(statements: Iterable[ox.Quad | ox.Triple]) -> bytes:
    """The triples of every graph, merged (a triple stated in two graphs is one line), sorted."""
    return sort_lines([ox.serialize(_triples(statements), format=ox.RdfFormat.N_TRIPLES) or b""])


def nquads_bytes(quads: Iterable[ox.Quad]) -> bytes:
    """Every quad a line (the default graph's without a graph name), sorted."""
    return sort_lines([ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""])


def to_ntriples(statements: Iterable[ox.Quad | ox.Triple]) -> str:
    """`ntriples_bytes` as text."""
    return ntriples_bytes(statements).decode("utf-8")


def to_nquads(quads: Iterable[ox.Quad]) -> str:
    """`nquads_bytes` as text."""
    return nquads_bytes(quads).decode("utf-8")

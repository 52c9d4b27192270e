"""The W3C SPARQL 1.1 Query Results CSV and TSV texts of a table of terms.

Here, apart from `formats.py`, because a cold `cybergraph query` writes them in its worker without the
rest of the formats (the table, Markdown, XML, the graph writers) or the result types' dataclasses: this
module imports only pyoxigraph and `rdf.terms` (not `re`, whose import and compiler were a fifth of that
command's start-up). `formats.to_csv` and `formats.to_tsv` are these.

Blank nodes are renamed b0, b1, … in order of appearance (a result set's labels are its own, says the
standard), so the same answer is the same bytes whichever engine gave it.
"""

from __future__ import annotations

import pyoxigraph as ox

from cybergraph.rdf.terms import XSD, integer_form, ntriples

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (type checkers take it as true)
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from cybergraph.rdf.terms import Term

    Rows = Sequence[Sequence[Term | None]]


def blank_names(rows: Rows) -> dict[str, str]:
    """The new label of each blank node of `rows` (b0, b1, … in order of appearance)."""
    names: dict[str, str] = {}
    for row in rows:
        for term in row:
            if isinstance(term, ox.BlankNode) and term.value not in names:
                names[term.value] = f"b{len(names)}"
    return names


def relabelled(rows: Rows) -> Rows:
    """`rows` with their blank nodes renamed by `blank_names` (the same rows when there are none)."""
    names = blank_names(rows)
    if not names:
        return rows
    return tuple(
        tuple(ox.BlankNode(names[t.value]) if isinstance(t, ox.BlankNode) else t for t in row) for row in rows
    )


def _digits(text: str) -> bool:
    """One or more ASCII digits, and nothing else."""
    return text.isascii() and text.isdigit()


def _unsigned(text: str) -> str:
    return text[1:] if text[:1] in ("+", "-") else text


def _decimal(text: str) -> bool:
    """Turtle's DECIMAL: [+-]? [0-9]* '.' [0-9]+."""
    whole, dot, fraction = _unsigned(text).partition(".")
    return bool(dot) and (not whole or _digits(whole)) and _digits(fraction)


def _double(text: str) -> bool:
    """Turtle's DOUBLE: [+-]? ([0-9]+ '.' [0-9]* | '.' [0-9]+ | [0-9]+) [eE] [+-]? [0-9]+."""
    mantissa, _, exponent = _unsigned(text).replace("E", "e", 1).partition("e")
    if not integer_form(exponent):
        return False
    whole, dot, fraction = mantissa.partition(".")
    if not dot:
        return _digits(whole)
    return bool(whole or fraction) and (not whole or _digits(whole)) and (not fraction or _digits(fraction))


def _boolean(text: str) -> bool:
    return text in ("true", "false")


# The literals Turtle (and so TSV) writes bare: the whole value in the grammar's form, ASCII digits only
# (a value that only looks like a number, "١٢" or "12\n", is written quoted with its datatype).
_TURTLE_SHORT: dict[str, Callable[[str], bool]] = {
    XSD + "integer": integer_form,
    XSD + "decimal": _decimal,
    XSD + "double": _double,
    XSD + "boolean": _boolean,
}


def tsv_term(term: Term) -> str:
    """A term as the TSV format writes it: Turtle, with numbers and booleans in their short form."""
    if isinstance(term, ox.Literal) and not term.language:
        short = _TURTLE_SHORT.get(term.datatype.value)
        if short is not None and short(term.value):
            return term.value
    return ntriples(term)


def _csv_field(text: str) -> str:
    if any(c in text for c in '",\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_text(variables: Sequence[str], rows: Rows) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, CRLF line ends."""
    lines = [",".join(_csv_field(v) for v in variables)]
    for row in relabelled(rows):
        cells = []
        for term in row:
            if term is None:
                cells.append("")
            elif isinstance(term, ox.BlankNode):
                cells.append(f"_:{term.value}")
            elif isinstance(term, ox.Triple):
                cells.append(_csv_field(ntriples(term)))
            else:
                cells.append(_csv_field(term.value))
        lines.append(",".join(cells))
    return "\r\n".join(lines) + "\r\n"


def tsv_text(variables: Sequence[str], rows: Rows) -> str:
    """SPARQL 1.1 Query Results TSV: `?var` header, terms in Turtle form."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if t is None else tsv_term(t) for t in row) for row in relabelled(rows)]
    return "\n".join(lines) + "\n"


def boolean_text(value: bool, fmt: str) -> str:
    """An ASK's answer in CSV (CRLF) or TSV: `true` or `false`."""
    return ("true" if value else "false") + ("\r\n" if fmt == "csv" else "\n")

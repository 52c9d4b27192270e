"""Sorting a table of RDF terms as a SPARQL ORDER BY over its variables would (`query.ordering` says when
and why), made distinct if asked.

Rows are tuples of pyoxigraph terms (None where unbound). The values of a key's column are ranked in
SPARQL's order where that order is certain: unbound first, then IRIs, then literals; simple strings by
code point, as Oxigraph compares UTF-8 bytes; xsd:integer by value. Otherwise (a label with a language
tag, a date) Oxigraph itself sorts the rows, given to an empty in-memory store as a VALUES table; only a
blank node (which VALUES cannot hold) leaves it to the engine to run the query with its ORDER BY.

Apart from `ordering.py`, with no import but pyoxigraph and `rdf.terms`, because a cold `cybergraph
query`'s worker (`cli/fast.py`) sorts with it too.
"""

from __future__ import annotations

import pyoxigraph as ox

from cybergraph.rdf.terms import XSD, XSD_STRING, integer_form, ntriples

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (type checkers take it as true)
if TYPE_CHECKING:
    from collections.abc import Sequence

    from cybergraph.rdf.terms import Term

    Row = tuple[Term | None, ...]
    #: ORDER BY's variables in order, each with whether it is descending.
    Keys = Sequence[tuple[str, bool]]

_INTEGER = XSD + "integer"


class Unordered(Exception):
    """A value this module does not order as the engine would: the engine must sort."""


def _integer(text: str) -> int | None:
    """The value of an xsd:integer's lexical form, None for an invalid one (which the engine orders)."""
    return int(text) if integer_form(text) else None


def _ranks(values: list[Term | None]) -> list[int]:
    """The rank of each of `values` (distinct terms of one column) in SPARQL's order; raises Unordered."""
    kinds = set()
    for term in values:
        if term is None or isinstance(term, ox.NamedNode):
            continue
        if isinstance(term, ox.Literal) and not term.language:
            datatype = term.datatype.value
            if datatype == XSD_STRING or (datatype == _INTEGER and _integer(term.value) is not None):
                kinds.add(datatype)
                continue
        raise Unordered
    if len(kinds) > 1:
        raise Unordered
    numbers = kinds == {_INTEGER}
    keys: list[tuple[int, object]] = []
    for term in values:
        if term is None:
            keys.append((0, 0 if numbers else ""))
        elif isinstance(term, ox.NamedNode):
            keys.append((1, term.value))
        else:
            assert isinstance(term, ox.Literal)  # let through above
            keys.append((2, _integer(term.value) if numbers else term.value))
    ranks = [0] * len(values)
    rank, previous = -1, None
    for i in sorted(range(len(values)), key=keys.__getitem__):
        if keys[i] != previous:  # equal keys (1 and 01) share a rank
            rank, previous = rank + 1, keys[i]
        ranks[i] = rank
    return ranks


def _sort_columns(
    variables: Sequence[str], keys: Keys, projected: Sequence[str]
) -> tuple[dict[str, int], list[tuple[int, bool]]]:
    """The answer's columns by name, and the columns to sort by (index, descending); raises Unordered if
    the answer's variables are not the keys' and the projected ones."""
    columns = {name: i for i, name in enumerate(variables)}
    if set(columns) != {name for name, _ in keys} | set(projected):
        raise Unordered
    return columns, [(columns[name], descending) for name, descending in keys]


def _projected(
    rows: list[Row], columns: dict[str, int], projected: Sequence[str], distinct: bool
) -> list[Row]:
    """The sorted rows with only the projected variables, made distinct (the first of equal rows) if asked."""
    if list(columns) != list(projected):
        indexes = [columns[name] for name in projected]
        rows = [tuple([row[i] for i in indexes]) for row in rows]
        if distinct:
            rows = list(dict.fromkeys(rows))
    return rows


def sort_rows(
    variables: Sequence[str], rows: Sequence[Row], keys: Keys, projected: Sequence[str], distinct: bool
) -> list[Row]:
    """`rows` (of `variables`) sorted by `keys`, with only the `projected` variables, distinct if asked;
    raises Unordered where the engine must sort.

    Each distinct term is looked at once: the rows become tuples of numbers (a term's place among the
    distinct terms), which hash and compare without calling into pyoxigraph, and each column's terms are
    ranked once in SPARQL's order.
    """
    columns, sort_by = _sort_columns(variables, keys, projected)
    index: dict[Term | None, int] = {}
    coded = [tuple([index.setdefault(term, len(index)) for term in row]) for row in rows]
    if distinct:
        coded = list(dict.fromkeys(coded))  # equal rows stay equal once projected
    terms = list(index)
    ranked: list[tuple[int, dict[int, int]]] = []
    for i, descending in sort_by:
        ids = sorted({row[i] for row in coded})
        try:
            ranks = _ranks([terms[t] for t in ids])
        except Unordered:
            # A key this module cannot order: it matters only if the keys before it leave a tie.
            if len({tuple([rank[row[j]] for j, rank in ranked]) for row in coded}) < len(set(coded)):
                raise
            break
        ranked.append((i, dict(zip(ids, [-r for r in ranks] if descending else ranks, strict=True))))
    coded.sort(key=lambda row: tuple([rank[row[i]] for i, rank in ranked]))
    return _projected([tuple([terms[t] for t in row]) for row in coded], columns, projected, distinct)


def sort_rows_by_engine(
    variables: Sequence[str], rows: Sequence[Row], keys: Keys, projected: Sequence[str], distinct: bool
) -> list[Row]:
    """As `sort_rows`, sorted by Oxigraph itself, as a VALUES table on an empty store; raises Unordered
    for a blank node, which a VALUES table cannot hold."""
    columns, sort_by = _sort_columns(variables, keys, projected)
    cells: list[str] = []
    for row in dict.fromkeys(rows) if distinct else rows:
        if any(isinstance(term, ox.BlankNode) for term in row):
            raise Unordered
        cells.append("(" + " ".join("UNDEF" if term is None else ntriples(term) for term in row) + ")")
    names = " ".join(f"?{name}" for name in variables)
    order = " ".join(
        f"DESC(?{variables[i]})" if descending else f"?{variables[i]}" for i, descending in sort_by
    )
    text = f"SELECT {names} WHERE {{ VALUES ({names}) {{ {' '.join(cells)} }} }} ORDER BY {order}"
    answer = ox.Store().query(text)
    assert isinstance(answer, ox.QuerySolutions)
    return _projected([tuple(s) for s in answer], columns, projected, distinct)


def sorted_rows(
    variables: Sequence[str], rows: Sequence[Row], keys: Keys, projected: Sequence[str], distinct: bool
) -> list[Row] | None:
    """`sort_rows`, else `sort_rows_by_engine`; None where neither can (the engine must run the query
    with its ORDER BY)."""
    try:
        return sort_rows(variables, rows, keys, projected, distinct)
    except Unordered:
        pass
    try:
        return sort_rows_by_engine(variables, rows, keys, projected, distinct)
    except Unordered:
        return None

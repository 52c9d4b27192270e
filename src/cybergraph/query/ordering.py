"""A stored query's ORDER BY done on the answer's terms here, instead of by the embedded engine.

Oxigraph sorts an answer by evaluating the ORDER BY keys at every comparison and reading each string from
the store to compare it: on the 1M synthetic graph that is half the time of `resolutions` (71,728 rows:
7.3 s with ORDER BY, 4.7 s without) and more of `identifiers` (4.6 s against 1.3 s). Here each row's keys
are built once from the terms already read, and Python compares the strings in memory.

It applies only where the result is certainly the same as the engine's:

- the project's own stored queries (their texts are tested; a user's text is sorted by the engine);
- a SELECT that projects plain variables and whose last clause is `ORDER BY` over plain variables, each
  alone or in ASC( ) or DESC( ), with no LIMIT or OFFSET after it, that orders by every variable it
  projects (so rows equal on every key are equal once projected: the engine would leave rows that differ
  in another variable in an order of its own). A variable it orders by but does not project is projected
  too for the sort, then dropped (DISTINCT keeps the first of equal rows, as the engine's does after
  its sort);
- a column whose values are unbound, IRIs and simple literals, or unbound and xsd:integer literals, which
  SPARQL orders (unbound first, then IRIs, then literals; strings by code point, as Oxigraph compares
  UTF-8 bytes; integers by value), is sorted here. Where a column holds any other literal (a label with a
  language tag, a date), the engine sorts the rows themselves: they are given to an empty in-memory store
  as a VALUES table with the same ORDER BY, so Oxigraph's own order decides, without the store's reads.
  Only a blank node (which VALUES cannot hold) sends the query to the engine again with its ORDER BY.
  A key that only breaks ties the keys before it never leave (a date after the date's text) is not
  needed, whatever its values.

With the order done here, the query's top-level DISTINCT is done here too (a dict of the rows, which are
RDF terms compared as terms, as DISTINCT compares them): the engine's DISTINCT costs as much again on
computed strings (`resolutions`: 2.8 s without it).

It is not always the faster: keys that are short strings, which Oxigraph keeps inline and compares without
a read, it sorts quickly itself. `timeline` (63,001 rows at 1M, ordered by its dates' text) took 4.50 s
sorted here against 3.65 s by the engine, and keeps its `ORDER BY STR(?date)`, which this does not take.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cybergraph.query.binding import complete
from cybergraph.query.sparql import Query
from cybergraph.rdf.terms import Term


@dataclass(frozen=True)
class Order:
    """How to run a query whose ORDER BY (and DISTINCT) is done on its answer.

    `text` is the query to run: the complete text without its ORDER BY clause and its top-level DISTINCT,
    projecting also the variables it orders by; `keys` the ORDER BY variables in order, each with whether
    it is descending; `projected` the variables of the answer; `distinct` whether the query asked for
    distinct rows. (Where a value cannot be sorted here, the engine runs the query's complete text,
    `Prepared.text`, with its ORDER BY.)
    """

    text: str
    keys: tuple[tuple[str, bool], ...]
    projected: tuple[str, ...]
    distinct: bool


def cut(query: Query) -> tuple[Query, tuple[tuple[str, bool], ...], tuple[str, ...], bool] | None:
    """The query to run for `query` when its ORDER BY is done here (without ORDER BY and the top-level
    DISTINCT, projecting also the variables it orders by), its keys, its projected variables, and
    whether it asked for distinct rows; None where it does not apply."""
    clause = query.order_clause
    if clause is None:
        return None
    extra = dict.fromkeys(name for name, _ in clause.keys if name not in clause.projected)
    text = query.text[: clause.order_start]
    end = clause.projection_end
    text = text[:end] + "".join(f" ?{name}" for name in extra) + text[end:]
    if clause.distinct_start is not None:  # before the projection's end: its offset is unchanged
        text = text[: clause.distinct_start] + text[clause.distinct_start + len("DISTINCT") :]
    return Query(text, origin=query.origin), clause.keys, clause.projected, clause.distinct_start is not None


def plan(query: Query, bindings: Mapping[str, Term]) -> Order | None:
    """The Order for `query` with its parameters `bindings`, or None where it does not apply."""
    found = cut(query)
    if found is None:
        return None
    unordered, keys, projected, distinct = found
    return Order(complete(unordered, bindings), keys, projected, distinct)

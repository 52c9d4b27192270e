"""Binding a query's parameters: RDF terms in a VALUES block, written into the query's own text.

Parameters are bound as RDF terms, in one way for every engine: a VALUES block at the top of the WHERE
clause, written from the terms' N-Triples form at a place the lexer found in the query's own text. No
value can change the query's structure: a literal is one escaped string token, an IRI one checked `<…>`
token. pyoxigraph's own `substitutions=` (SEP-0007) is not used: in pyoxigraph 0.5 it only binds
variables of a SELECT's projection (it refuses every ASK, CONSTRUCT and DESCRIBE, and a SELECT whose
parameter only filters), and it scopes differently from VALUES, so the embedded and the remote engine
would not give the same answers.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from cybergraph.core.errors import UsageError
from cybergraph.query.sparql import Query
from cybergraph.rdf.terms import PREFIXES, Term, ntriples


def values_block(bindings: Mapping[str, Term]) -> str:
    """`VALUES (?a ?b) { (<…> "…") }` for the bound parameters."""
    names = sorted(bindings)
    variables = " ".join(f"?{n}" for n in names)
    terms = " ".join(ntriples(bindings[n]) for n in names)
    return f"VALUES ({variables}) {{ ({terms}) }}"


def complete(query: Query, bindings: Mapping[str, Term]) -> str:
    """The text every engine runs: the prefixes it uses declared, its parameters bound.

    Text is only inserted at offsets the lexer found in the query's own text: before the query-form
    keyword, and just inside the WHERE clause's braces.
    """
    inserts: list[tuple[int, str]] = []
    if bindings:
        for term in bindings.values():
            if not isinstance(term, ox.NamedNode | ox.Literal):
                raise UsageError(f"a parameter cannot be bound to {term!r}: only IRIs and literals")
        if query.where_open is None or query.where_close is None:
            raise UsageError("a query without a WHERE clause cannot take parameters")
        if query.is_short_construct:
            raise UsageError(
                "the short form CONSTRUCT WHERE { … } cannot take parameters",
                hint="write CONSTRUCT { template } WHERE { … }",
            )
        block = values_block(bindings)
        if query.where_is_subselect:
            # A sub-SELECT must be alone in its braces: wrap it in a group beside the VALUES.
            inserts += [(query.where_open, f" {block} {{"), (query.where_close, "} ")]
        else:
            inserts.append((query.where_open, f" {block} "))
    missing = sorted(query.used_prefixes() - set(query.declared_prefixes))
    declarations = "".join(f"PREFIX {p}: <{PREFIXES[p]}> " for p in missing if p in PREFIXES)
    if declarations:
        inserts.append((query.form_start, declarations))
    text = query.text
    for offset, insert in sorted(inserts, key=lambda i: -i[0]):
        text = text[:offset] + insert + text[offset:]
    return text

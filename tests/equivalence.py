"""Running the same prepared query on several engines and comparing what they answer.

The engines: the embedded pyoxigraph store, rdflib's own SPARQL engine over the same quads (a Dataset
whose default graph is the union of its graphs), and a SPARQL endpoint. Answers are compared after
normalising what the standard leaves to the engine: blank-node labels, the lexical form of numbers,
the case of language tags, and the order of rows unless the query orders them.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal
from rdflib.compare import to_canonical_graph

from cybergraph.query.results import Boolean, Result, Solutions, Triples
from cybergraph.rdf.rdflib_bridge import from_ox, to_ox
from cybergraph.rdf.terms import XSD, Term


class Rdflib:
    """rdflib's SPARQL engine as a cybergraph Engine (for tests: no time limit)."""

    name = "rdflib"

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def run(
        self, text: str, form: str, timeout: float | None, *, check: object = None, order: object = None
    ) -> Result:
        answer = self.dataset.query(text)  # the text keeps its ORDER BY: rdflib sorts, `order` is not needed
        if answer.type == "ASK":
            return Boolean(bool(answer.askAnswer))
        if answer.type == "SELECT":
            names = tuple(str(v) for v in answer.vars or [])
            rows = tuple(
                tuple(None if row[i] is None else to_ox(row[i]) for i in range(len(names)))  # type: ignore[index]
                for row in answer
            )
            return Solutions(names, rows)  # type: ignore[arg-type]
        graph = answer.graph
        assert graph is not None
        return Triples(tuple(ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph))  # type: ignore[arg-type]


def _number(datatype: str, lexical: str) -> str:
    try:
        if datatype in (XSD + "double", XSD + "float"):
            return repr(float(lexical))
        return format(Decimal(lexical).normalize(), "f")
    except (ValueError, InvalidOperation):
        return lexical


_NUMBERS = {XSD + "integer", XSD + "decimal", XSD + "double", XSD + "float"}


def term_key(term: Term | None) -> tuple[str, ...]:
    if term is None:
        return ("unbound",)
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        lexical = _number(datatype, term.value) if datatype in _NUMBERS else term.value
        return ("literal", lexical, datatype, (term.language or "").lower())
    return ("triple", str(term))


def normalised(result: Result) -> object:
    """What must be equal between engines: rows (as a multiset unless ordered), a boolean, or a graph."""
    if isinstance(result, Boolean):
        return result.value
    if isinstance(result, Solutions):
        rows = [tuple(term_key(t) for t in row) for row in result.rows]
        body = rows if result.ordered else sorted(Counter(rows).items())
        return (result.variables, body)
    graph = Graph()
    for t in result.triples:
        parts = []
        for term in (t.subject, t.predicate, t.object):
            node = from_ox(term)
            if isinstance(node, Literal) and node.datatype is not None and str(node.datatype) in _NUMBERS:
                node = Literal(_number(str(node.datatype), str(node)), datatype=node.datatype)
            elif isinstance(node, Literal) and node.language:
                node = Literal(str(node), lang=node.language.lower())
            parts.append(node)
        graph.add(tuple(parts))  # type: ignore[arg-type]
    return sorted(" ".join(n.n3() for n in triple) for triple in to_canonical_graph(graph))


__all__ = ["Rdflib", "normalised", "term_key"]

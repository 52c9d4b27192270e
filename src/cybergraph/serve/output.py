"""A query's answer as the bytes of one format, written where the answer is (the query's worker): the
W3C results formats of `query.formats` for tables, the RDF writers of `publishing.export` for graphs."""

from __future__ import annotations

from cybergraph.publishing.export import graph_quads, serialize
from cybergraph.query.formats import render
from cybergraph.query.results import Result, Triples


def write(result: Result, fmt: str) -> bytes:
    """`result` in `fmt` (json, xml, csv, tsv; turtle, ntriples, jsonld, rdfxml)."""
    if isinstance(result, Triples):
        return serialize(graph_quads(result.triples), format=fmt)
    return render(result, fmt).encode("utf-8")

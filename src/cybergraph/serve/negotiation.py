"""Content negotiation: which of the representations a resource offers an `Accept` header prefers.

The media types of every format the server writes, and the file suffixes that name them. The choice
follows RFC 9110: the highest quality wins, a more specific range (`text/turtle` over `text/*` over
`*/*`) sets the quality of a type, ties go to the server's order of preference (the first offered), and
`q=0` refuses a type. None means nothing offered is acceptable (406).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One format: its name in `query.formats` or `publishing.export`, media type and suffix."""

    name: str
    media_type: str
    suffix: str
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        text = self.media_type.startswith("text/") or self.name in ("json", "xml", "jsonld", "rdfxml")
        return f"{self.media_type}; charset=utf-8" if text else self.media_type


# Tables (SELECT and ASK), in the order of preference for */*.
JSON = Kind("json", "application/sparql-results+json", "json", ("application/json",))
XML = Kind("xml", "application/sparql-results+xml", "xml", ("application/xml", "text/xml"))
CSV = Kind("csv", "text/csv", "csv")
TSV = Kind("tsv", "text/tab-separated-values", "tsv")
TABLES = (JSON, XML, CSV, TSV)

# Graphs (CONSTRUCT, DESCRIBE, and every RDF document the server serves).
TURTLE = Kind("turtle", "text/turtle", "ttl", ("application/x-turtle",))
JSONLD = Kind("jsonld", "application/ld+json", "jsonld")
NTRIPLES = Kind("ntriples", "application/n-triples", "nt", ("text/plain",))
RDFXML = Kind("rdfxml", "application/rdf+xml", "rdf")
GRAPHS = (TURTLE, JSONLD, NTRIPLES, RDFXML)

HTML = Kind("html", "text/html", "html", ("application/xhtml+xml",))


def by_suffix(kinds: Sequence[Kind], suffix: str) -> Kind | None:
    return next((k for k in kinds if k.suffix == suffix), None)


def _ranges(accept: str) -> list[tuple[str, str, float]]:
    out = []
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        if not pieces[0]:
            continue
        kind, _, sub = pieces[0].lower().partition("/")
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        out.append((kind, sub or "*", q))
    return out


def _quality(media_type: str, ranges: list[tuple[str, str, float]]) -> float:
    kind, _, sub = media_type.partition("/")
    best, specificity = -1.0, -1
    for rk, rs, q in ranges:
        if rk == kind and rs == sub:
            level = 2
        elif rk == kind and rs == "*":
            level = 1
        elif rk == "*" and rs == "*":
            level = 0
        else:
            continue
        if level > specificity:
            best, specificity = q, level
    return best


def choose(accept: str | None, offered: Sequence[Kind]) -> Kind | None:
    """The offered kind `accept` prefers (no header or an empty one: the first offered)."""
    if not accept or not accept.strip():
        return offered[0] if offered else None
    ranges = _ranges(accept)
    best: Kind | None = None
    best_q = 0.0
    for kind in offered:
        q = max(_quality(t, ranges) for t in (kind.media_type, *kind.aliases))
        if q > best_q:
            best, best_q = kind, q
    return best

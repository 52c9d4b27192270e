"""RDF terms written as text: the N-Triples form that SPARQL VALUES blocks, TSV results and N-Triples share.

>>> import pyoxigraph as ox
>>> ntriples(ox.Literal('say "hi" }\\nUNION {'))
'"say \\\\"hi\\\\" }\\\\nUNION {"'
>>> ntriples(ox.Literal("2005", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")))
'"2005"^^<http://www.w3.org/2001/XMLSchema#gYear>'
"""

from __future__ import annotations

import re

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
XSD_STRING = XSD + "string"
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short", "byte",
                             "nonNegativeInteger", "positiveInteger", "negativeInteger",
                             "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort",
                             "unsignedByte")}  # fmt: skip

# ECHAR where N-Triples has one; the other control characters as UCHAR. A backslash is always doubled,
# so no `\u` of the value can become an escape of the text it is written into.
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
# Characters that may not appear in an IRIREF, in N-Triples or SPARQL.
_BAD_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def escape(text: str) -> str:
    """The body of a quoted N-Triples (or SPARQL) string literal for `text`."""

    def one(match: re.Match[str]) -> str:
        ch = match.group()
        return _ECHAR.get(ch) or f"\\u{ord(ch):04X}"

    return _NEEDS_ESCAPE.sub(one, text)


def iri_ref(iri: str) -> str:
    """`<iri>`; refuses an IRI that could not be written between angle brackets."""
    if _BAD_IRI.search(iri):
        raise ValueError(f"not a valid IRI: {iri!r}")
    return f"<{iri}>"


def ntriples(term: Term) -> str:
    """The N-Triples text of one term (blank nodes by their own label)."""
    if isinstance(term, ox.NamedNode):
        return iri_ref(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        body = f'"{escape(term.value)}"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype.value == XSD_STRING:
            return body
        return f"{body}^^{iri_ref(term.datatype.value)}"
    if isinstance(term, ox.Triple):
        return f"<<( {ntriples(term.subject)} {ntriples(term.predicate)} {ntriples(term.object)} )>>"
    raise TypeError(f"not an RDF term: {term!r}")

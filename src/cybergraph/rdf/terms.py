"""RDF terms as the whole package handles them: pyoxigraph terms, the project's namespaces, and their text.

One module for what every other one needs to name or write a term: the namespaces and graph names, the
prefixes every output uses, the N-Triples form of a term (shared by SPARQL VALUES blocks, TSV results,
N-Triples and findings), prefixed names (CURIEs) in the few syntaxes the outputs need, and the order in
which writers sort terms.

>>> ntriples(ox.Literal('say "hi" }\\nUNION {'))
'"say \\\\"hi\\\\" }\\\\nUNION {"'
>>> ntriples(ox.Literal("2005", datatype=ox.NamedNode(XSD + "gYear")))
'"2005"^^<http://www.w3.org/2001/XMLSchema#gYear>'
>>> curie(ENTITIES + "itu"), short(ENTITIES + "a b", local=TURTLE_LOCAL)
('cgid:itu', '<https://w3id.org/cybergraph/id/a b>')
"""

from __future__ import annotations

import pyoxigraph as ox

# No `re` (nor collections) at import: compiling this module's expressions and importing `re` (with enum
# and collections) was a fifth of a cold `cybergraph query`, whose worker writes its answer with
# `ntriples` alone. The N-Triples text is written with a translation table and a set; the rules for local
# names compile on first use.
TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (type checkers take it as true)
if TYPE_CHECKING:
    import re
    from collections.abc import Mapping
    from typing import Protocol

    class LocalRule(Protocol):
        """What `curie` asks of a rule for local parts: `re.Pattern`'s `match`."""

        def match(self, string: str, /) -> object: ...


TERMS = "https://w3id.org/cybergraph/def#"
ENTITIES = "https://w3id.org/cybergraph/id/"
GRAPHS = "https://w3id.org/cybergraph/graph/"
ONTOLOGY_GRAPH = GRAPHS + "ontology"
INFERRED_GRAPH = GRAPHS + "inferred"
SHAPES_GRAPH = GRAPHS + "shapes"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
SH = "http://www.w3.org/ns/shacl#"

#: The prefixes every file the project writes uses.
PREFIXES: dict[str, str] = {
    "cg": TERMS,
    "cgid": ENTITIES,
    "cgsh": "https://w3id.org/cybergraph/shapes#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": DCTERMS,
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "owl": OWL,
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": "https://schema.org/",
    "sh": SH,
    "skos": SKOS,
    "void": "http://rdfs.org/ns/void#",
    "wd": "http://www.wikidata.org/entity/",
    "xsd": XSD,
}

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Subject = ox.NamedNode | ox.BlankNode
Object = ox.NamedNode | ox.BlankNode | ox.Literal
GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph

RDF_TYPE = ox.NamedNode(RDF + "type")
RDFS_LABEL = ox.NamedNode(RDFS + "label")
RDF_LANG_STRING = RDF + "langString"
RDF_DIR_LANG_STRING = RDF + "dirLangString"
XSD_STRING = XSD + "string"
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short", "byte",
                             "nonNegativeInteger", "positiveInteger", "negativeInteger",
                             "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort",
                             "unsignedByte")}  # fmt: skip


def entity(slug: str) -> ox.NamedNode:
    """`cgid:<slug>`."""
    return ox.NamedNode(ENTITIES + slug)


def graph_name(name: str) -> ox.NamedNode:
    """`graph:<name>`: a graph of the build that is not a source section (ontology, inferred, sources)."""
    return ox.NamedNode(GRAPHS + name)


# -- N-Triples text

# ECHAR where N-Triples has one; the other control characters as UCHAR. A backslash is always doubled,
# so no `\u` of the value can become an escape of the text it is written into.
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
#: What `escape` writes for each character it changes: the backslash, the quote, the control characters.
_ESCAPES = {
    ord(ch): _ECHAR.get(ch) or f"\\u{ord(ch):04X}" for ch in ("\\", '"', *map(chr, range(0x20)), "\x7f")
}
#: Characters that may not appear in an IRIREF, in N-Triples or SPARQL.
NOT_IN_IRI = frozenset('<>"{}|^`\\' + "".join(map(chr, range(0x21))))


def escape(text: str) -> str:
    """The body of a quoted N-Triples (or SPARQL) string literal for `text`."""
    # Most values need nothing: three scans in C (a control character is never printable) before the
    # translation, which looks every character up.
    if text.isprintable() and '"' not in text and "\\" not in text:
        return text
    return text.translate(_ESCAPES)


def iri_ref(iri: str) -> str:
    """`<iri>`; refuses an IRI that could not be written between angle brackets."""
    if not NOT_IN_IRI.isdisjoint(iri):
        raise ValueError(f"not a valid IRI: {iri!r}")
    return f"<{iri}>"


def integer_form(text: str) -> bool:
    """Whether `text` is an xsd:integer's lexical form, which is also Turtle's INTEGER: [+-]? [0-9]+, in
    ASCII digits only (Python's isdigit takes any Unicode digit)."""
    digits = text[1:] if text[:1] in ("+", "-") else text
    return digits.isascii() and digits.isdigit()


def is_plain(literal: ox.Literal) -> bool:
    """A literal without a language tag whose datatype is xsd:string (written without a datatype)."""
    return not literal.language and literal.datatype.value == XSD_STRING


def datatype_of(literal: ox.Literal) -> str | None:
    """The datatype IRI a writer names: None for plain and language-tagged strings."""
    if literal.language or literal.datatype.value == XSD_STRING:
        return None
    return literal.datatype.value


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


def from_ntriples(text: str) -> Term:
    """The term an N-Triples text (as `ntriples` writes it) stands for; ValueError when it is none."""
    try:
        quad = next(iter(ox.parse(f"<urn:s> <urn:p> {text} .".encode(), format=ox.RdfFormat.N_TRIPLES)))
    except (SyntaxError, StopIteration):
        raise ValueError(f"not an RDF term in N-Triples form: {text!r}") from None
    return quad.object  # type: ignore[no-any-return]


def n3(term: Term) -> str:
    """A term as rdflib's `n3()` writes it: writers sort blank nodes by it (so outputs stay stable)."""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        value = term.value
        if "\n" in value:
            encoded = value.replace("\\", "\\\\")
            if '"""' in value:
                encoded = encoded.replace('"""', '\\"\\"\\"')
            if encoded[-1] == '"' and encoded[-2:-1] != "\\":
                encoded = encoded[:-1] + '\\"'
            quoted = '"""' + encoded.replace("\r", "\\r") + '"""'
        else:
            quoted = (
                '"'
                + value.replace("\n", "\\n").replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
                + '"'
            )
        if term.language:
            return f"{quoted}@{term.language}"
        datatype = datatype_of(term)
        return f"{quoted}^^<{datatype}>" if datatype else quoted
    raise TypeError(f"not an RDF term: {term!r}")


def sort_key(term: Term) -> tuple[int, str, str, str]:
    """IRIs first, then literals (by text, datatype, language), then blank nodes by label."""
    if isinstance(term, ox.NamedNode):
        return (0, term.value, "", "")
    if isinstance(term, ox.Literal):
        return (1, term.value, datatype_of(term) or "", term.language or "")
    if isinstance(term, ox.BlankNode):
        return (2, term.value, "", "")
    return (3, ntriples(term), "", "")


# -- prefixed names


class Rule:
    """A rule for local parts: a regular expression, compiled (and `re` imported) when first matched."""

    __slots__ = ("_compiled", "dotall", "pattern")

    def __init__(self, pattern: str, *, dotall: bool = False) -> None:
        self.pattern = pattern
        self.dotall = dotall
        self._compiled: re.Pattern[str] | None = None

    def match(self, string: str, /) -> re.Match[str] | None:
        """`re.match` of the expression at the start of `string`."""
        if self._compiled is None:
            import re

            self._compiled = re.compile(self.pattern, re.DOTALL if self.dotall else 0)
        return self._compiled.match(string)


#: A local part Turtle writes unescaped (a subset of PN_LOCAL; the empty name too).
TURTLE_LOCAL = Rule(r"^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?$")
#: A local part a person reads back without ambiguity in a table.
DISPLAY_LOCAL = Rule(r"^[\w.-]*$")
#: A local part that every JSON-LD processor expands back to the same IRI.
JSONLD_LOCAL = Rule(r"^[A-Za-z0-9_][\w.-]*$")
#: A local part that names an entity by its slug on the command line.
SLUG_LOCAL = Rule(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")
#: Any non-empty local part (messages, where a person reads it).
ANY_LOCAL = Rule(r"^.+$", dotall=True)


def curie(iri: str, prefixes: Mapping[str, str] = PREFIXES, *, local: LocalRule = ANY_LOCAL) -> str | None:
    """`prefix:local` for the longest namespace of `prefixes` that `iri` starts with, when its local part
    matches `local`; None otherwise."""
    best: tuple[int, str] | None = None
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and (best is None or len(ns) > best[0]):
            rest = iri[len(ns) :]
            if local.match(rest) and not rest.startswith("//"):
                best = (len(ns), f"{prefix}:{rest}")
    return best[1] if best else None


def short(iri: str, prefixes: Mapping[str, str] = PREFIXES, *, local: LocalRule = ANY_LOCAL) -> str:
    """An IRI as a person writes it: its prefixed name, else `<iri>`."""
    return curie(iri, prefixes, local=local) or f"<{iri}>"

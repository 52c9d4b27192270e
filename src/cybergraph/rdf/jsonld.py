"""JSON-LD with short, readable keys: a `@context` generated from the ontology, shipped as a file.

`context.jsonld` (beside this module) maps the ontology's terms and the standard terms the data uses to
short names: `"adoptedBy": "cgid:itu"`, `"label": "International Telecommunication Union"`. A document
carries that context inline by default, so that every JSON-LD processor (rdflib, pyoxigraph, Jena, pyld)
reads it without network access; a remote context is opt-in (`context_url`), for when its address
serves the file (the project's planned address is CONTEXT_URL, which serves nothing yet). Regenerate the
file after an ontology change with `python -m cybergraph.rdf.jsonld`; a test fails while it is stale.

The writer compacts by hand rather than through a JSON-LD processor, so the output is the same bytes on
every run: nodes sorted by `@id`, keys in the canonical Turtle's order, values sorted. A value takes the
short form only where the term's coercion gives back exactly that value; otherwise it is written as an
explicit `{"@value": ...}` or `{"@id": ...}` object, which no coercion touches.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from cybergraph.core.errors import UsageError
from cybergraph.rdf.index import TripleIndex
from cybergraph.rdf.quads import leading_rank
from cybergraph.rdf.terms import (
    GRAPHS,
    OWL,
    PREFIXES,
    RDF_TYPE,
    RDFS,
    TERMS,
    XSD,
    XSD_STRING,
    Term,
    curie,
    datatype_of,
    sort_key,
)

#: Where the context is to be published; nothing serves it yet, so documents name it only when asked to.
CONTEXT_URL = "https://w3id.org/cybergraph/context.jsonld"
CONTEXT_FILE = Path(__file__).resolve().with_name("context.jsonld")

# Standard terms the data and the ontology use, under the short names a reader expects. Label-like
# properties carry `@language: en` because the project writes its labels in English.
_STANDARD: list[tuple[str, str, str | None, str | None]] = [
    ("label", RDFS + "label", None, "en"),
    ("comment", RDFS + "comment", None, "en"),
    ("prefLabel", PREFIXES["skos"] + "prefLabel", None, "en"),
    ("altLabel", PREFIXES["skos"] + "altLabel", None, "en"),
    ("definition", PREFIXES["skos"] + "definition", None, "en"),
    ("title", PREFIXES["dcterms"] + "title", None, "en"),
    ("description", PREFIXES["dcterms"] + "description", None, "en"),
    ("inScheme", PREFIXES["skos"] + "inScheme", "@id", None),
    ("broader", PREFIXES["skos"] + "broader", "@id", None),
    ("narrower", PREFIXES["skos"] + "narrower", "@id", None),
    ("related", PREFIXES["skos"] + "related", "@id", None),
    ("exactMatch", PREFIXES["skos"] + "exactMatch", "@id", None),
    ("closeMatch", PREFIXES["skos"] + "closeMatch", "@id", None),
    ("page", PREFIXES["foaf"] + "page", "@id", None),
    ("publisher", PREFIXES["dcterms"] + "publisher", "@id", None),
    ("license", PREFIXES["dcterms"] + "license", "@id", None),
    ("relation", PREFIXES["dcterms"] + "relation", "@id", None),
    ("source", PREFIXES["dcterms"] + "source", "@id", None),
    ("creator", PREFIXES["dcterms"] + "creator", None, None),
    ("bibliographicCitation", PREFIXES["dcterms"] + "bibliographicCitation", None, None),
    ("issued", PREFIXES["dcterms"] + "issued", "xsd:date", None),
    ("created", PREFIXES["dcterms"] + "created", "xsd:date", None),
    ("modified", PREFIXES["dcterms"] + "modified", "xsd:date", None),
    ("subClassOf", RDFS + "subClassOf", "@id", None),
    ("subPropertyOf", RDFS + "subPropertyOf", "@id", None),
    ("domain", RDFS + "domain", "@id", None),
    ("range", RDFS + "range", "@id", None),
    ("inverseOf", OWL + "inverseOf", "@id", None),
    ("disjointWith", OWL + "disjointWith", "@id", None),
    ("sameAs", OWL + "sameAs", "@id", None),
    ("versionIRI", OWL + "versionIRI", "@id", None),
    ("versionInfo", OWL + "versionInfo", None, None),
]


def _curie(iri: str) -> str:
    return curie(iri, PREFIXES) or iri


def _date_properties(ontology: TripleIndex) -> set[ox.NamedNode]:
    root = ox.NamedNode(TERMS + "date")
    return {
        p
        for p in ontology.transitive_subjects(ox.NamedNode(RDFS + "subPropertyOf"), root)
        if isinstance(p, ox.NamedNode)
    }


def build_context(ontology: Iterable[ox.Triple]) -> dict[str, Any]:
    """The JSON-LD context for the ontology: prefixes, one short term per ontology term, standard terms."""
    index = TripleIndex(ontology)
    terms: dict[str, Any] = {prefix: ns for prefix, ns in PREFIXES.items()}
    terms["graph"] = GRAPHS
    dates = _date_properties(index)
    kinds = {
        OWL + "Class": "class",
        OWL + "ObjectProperty": "object",
        OWL + "DatatypeProperty": "datatype",
        OWL + "AnnotationProperty": "annotation",
    }
    own: dict[str, Any] = {}
    for kind_iri, kind in kinds.items():
        for term in index.subjects(RDF_TYPE, ox.NamedNode(kind_iri)):
            if not (isinstance(term, ox.NamedNode) and term.value.startswith(TERMS)):
                continue
            name = term.value[len(TERMS) :]
            short = f"cg:{name}"
            if kind == "class":
                own[name] = short
            elif kind == "object":
                own[name] = {"@id": short, "@type": "@id"}
            else:
                ranges = [
                    r.value
                    for r in index.objects(term, ox.NamedNode(RDFS + "range"))
                    if isinstance(r, ox.NamedNode)
                ]
                datatype = next((r for r in sorted(ranges) if r.startswith(XSD)), None)
                if datatype is None and term in dates:
                    datatype = XSD + "date"
                if datatype is not None and datatype != XSD_STRING:
                    own[name] = {"@id": short, "@type": _curie(datatype)}
                else:
                    own[name] = short
    for name, iri, coercion, language in _STANDARD:
        if name in own or name in terms:
            continue  # the ontology's own term keeps the short name; the standard one is written as a CURIE
        definition: dict[str, str] = {"@id": _curie(iri)}
        if coercion:
            definition["@type"] = coercion
        if language:
            definition["@language"] = language
        terms[name] = definition
    terms.update(own)
    return {"@context": dict(sorted(terms.items()))}


def context_text(ontology: Iterable[ox.Triple]) -> str:
    """The text of context.jsonld for the ontology's triples."""
    return json.dumps(build_context(ontology), indent=2, ensure_ascii=False) + "\n"


@cache
def shipped_context() -> dict[str, Any]:
    """The context as shipped with the package (what the published address serves)."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def context_address(url: str | None, *, format: str) -> str | None:
    """`url` checked as the address of a remote context: absolute, with no space, and for JSON-LD only.

    Raises UsageError for anything else, so that no document names a context a processor cannot find.
    """
    if url is None:
        return None
    if format != "jsonld":
        raise UsageError(
            f"a context address is for JSON-LD, not {format}", hint="add --format jsonld, or leave it out"
        )
    try:
        ox.NamedNode(url)
    except ValueError:
        url = ""
    if not url.startswith(("https://", "http://")):
        raise UsageError(
            "the context address must be an absolute http(s) URL that serves the context",
            hint=f"e.g. {CONTEXT_URL}, once it serves src/cybergraph/rdf/context.jsonld",
        )
    return url


class UnsupportedInJsonLd(ValueError):
    """A term JSON-LD cannot write (an RDF 1.2 triple term)."""


@dataclass(frozen=True)
class _Term:
    name: str
    coercion: str | None  # "@id", a datatype IRI, or None
    language: str | None


class _Compactor:
    def __init__(self, context: dict[str, Any]) -> None:
        self.prefixes = {
            k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("/", "#")) and ":" not in k
        }
        self.by_iri: dict[str, _Term] = {}
        for name, value in sorted(context.items()):
            if name in self.prefixes:
                continue
            spec = value if isinstance(value, dict) else {"@id": value}
            iri = self.expand(spec["@id"])
            coercion = spec.get("@type")
            if coercion and coercion != "@id":
                coercion = self.expand(coercion)
            self.by_iri.setdefault(iri, _Term(name, coercion, spec.get("@language")))

    def expand(self, value: str) -> str:
        prefix, sep, rest = value.partition(":")
        if sep and prefix in self.prefixes and not rest.startswith("//"):
            return self.prefixes[prefix] + rest
        return value

    def iri(self, node: Term) -> str:
        if isinstance(node, ox.BlankNode):
            return f"_:{node.value}"
        if isinstance(node, ox.NamedNode):
            return curie(node.value, self.prefixes) or node.value
        raise UnsupportedInJsonLd(f"JSON-LD 1.1 has no triple terms: {node}")

    def key(self, predicate: ox.NamedNode) -> tuple[str, _Term | None]:
        term = self.by_iri.get(predicate.value)
        return (term.name, term) if term else (self.iri(predicate), None)

    def type_name(self, cls: Term) -> str:
        term = self.by_iri.get(cls.value) if isinstance(cls, ox.NamedNode) else None
        return term.name if term and term.coercion is None and term.language is None else self.iri(cls)

    def value(self, node: Term, term: _Term | None) -> Any:
        coercion = term.coercion if term else None
        language = term.language if term else None
        if not isinstance(node, ox.Literal):
            return self.iri(node) if coercion == "@id" else {"@id": self.iri(node)}
        lex = node.value
        datatype = datatype_of(node)
        if node.language:
            if language == node.language and coercion is None:
                return lex
            return {"@value": lex, "@language": node.language}
        if datatype:
            if coercion == datatype:
                return lex
            return {"@value": lex, "@type": self.iri(ox.NamedNode(datatype))}
        if coercion is None and language is None:
            return lex
        return {"@value": lex}


def _nodes(compactor: _Compactor, triples: Iterable[ox.Triple]) -> list[dict[str, Any]]:
    by_subject: dict[Term, dict[ox.NamedNode, dict[Term, None]]] = {}
    for t in triples:
        by_subject.setdefault(t.subject, {}).setdefault(t.predicate, {})[t.object] = None
    out = []
    for subject in sorted(by_subject, key=sort_key):
        props = by_subject[subject]
        node: dict[str, Any] = {"@id": compactor.iri(subject)}
        types = sorted(props.pop(RDF_TYPE, {}), key=sort_key)
        if types:
            names = [compactor.type_name(t) for t in types]
            node["@type"] = names[0] if len(names) == 1 else names
        entries = []
        for p, objects in props.items():
            key, term = compactor.key(p)
            values = [compactor.value(o, term) for o in sorted(objects, key=sort_key)]
            entries.append((leading_rank(p), key, values[0] if len(values) == 1 else values))
        for _, key, value in sorted(entries, key=lambda e: (e[0], e[1])):
            node[key] = value
        out.append(node)
    return out


@cache
def _shipped_compactor() -> _Compactor:
    return _Compactor(shipped_context()["@context"])


@cache
def _context_text() -> str:
    """The shipped context as `json.dumps(..., indent=2)` writes it one level down (JSON strings hold no
    raw newline, so every newline in the text is indentation)."""
    return json.dumps(shipped_context()["@context"], indent=2, ensure_ascii=False).replace("\n", "\n  ")


def to_jsonld(quads: Iterable[ox.Quad], *, context_url: str | None = None) -> str:
    """The quads as JSON-LD: the default graph's nodes at the top, each named graph as `@id` + `@graph`.

    The `@context` is written inline, so the document is complete on its own; with `context_url` the
    document names that address instead, and a processor must fetch it (or be given it) to read the
    document. The keys are the same either way.
    """
    compactor = _shipped_compactor()
    graphs: dict[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, list[ox.Triple]] = {}
    for quad in quads:
        graphs.setdefault(quad.graph_name, []).append(quad.triple)
    top: list[dict[str, Any]] = _nodes(compactor, graphs.pop(ox.DefaultGraph(), []))
    for name in sorted(graphs, key=lambda g: g.value):  # type: ignore[union-attr]
        top.append({"@id": compactor.iri(name), "@graph": _nodes(compactor, graphs[name])})  # type: ignore[arg-type]
    if context_url is not None:
        document = {"@context": context_url, "@graph": top}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    # The inline context is the same text in every document: written once (_context_text), put in place
    # of a null. The context is the first key, so the null is the document's first.
    text = json.dumps({"@context": None, "@graph": top}, indent=2, ensure_ascii=False) + "\n"
    head = '{\n  "@context": null'
    assert text.startswith(head)
    return '{\n  "@context": ' + _context_text() + text[len(head) :]


def main(argv: list[str] | None = None) -> int:
    """Regenerate context.jsonld from the ontology (`python -m cybergraph.rdf.jsonld`)."""
    from cybergraph.core.files import write_text
    from cybergraph.core.resources import layout
    from cybergraph.rdf.read import read_triples

    text = context_text(read_triples(layout().ontology_file))
    if CONTEXT_FILE.exists() and CONTEXT_FILE.read_text(encoding="utf-8") == text:
        print(f"{CONTEXT_FILE.name} is current", file=sys.stderr)
        return 0
    write_text(CONTEXT_FILE, text)
    print(f"wrote {CONTEXT_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

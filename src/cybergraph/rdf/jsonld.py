"""JSON-LD with short, readable keys: a `@context` generated from the ontology, shipped as a file.

`context.jsonld` (beside this module) maps the ontology's terms and the standard terms the data uses to
short names: `"adoptedBy": "cgid:itu"`, `"label": "International Telecommunication Union"`. Exports
reference it by its published address; processors without network access load the shipped file (or take
an export written with the context inline). Regenerate the file after an ontology change with
`python -m cybergraph.rdf.jsonld`; a test fails while it is stale.

The writer compacts by hand rather than through a JSON-LD processor, so the output is the same bytes on
every run: nodes sorted by `@id`, keys in the canonical Turtle's order, values sorted. A value takes the
short form only where the term's coercion gives back exactly that value; otherwise it is written as an
explicit `{"@value": ...}` or `{"@id": ...}` object, which no coercion touches.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from cybergraph.rdf.legacy_vocab import GRAPH, PREFIXES
from cybergraph.rdf.quads import Quad, leading_rank

CONTEXT_URL = "https://w3id.org/cybergraph/context.jsonld"
CONTEXT_FILE = Path(__file__).resolve().with_name("context.jsonld")
TERMS = "https://w3id.org/cybergraph/def#"

# Standard terms the data and the ontology use, under the short names a reader expects. Label-like
# properties carry `@language: en` because the project writes its labels in English.
_STANDARD: list[tuple[str, str, str | None, str | None]] = [
    ("label", str(RDFS.label), None, "en"),
    ("comment", str(RDFS.comment), None, "en"),
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
    ("subClassOf", str(RDFS.subClassOf), "@id", None),
    ("subPropertyOf", str(RDFS.subPropertyOf), "@id", None),
    ("domain", str(RDFS.domain), "@id", None),
    ("range", str(RDFS.range), "@id", None),
    ("inverseOf", str(OWL.inverseOf), "@id", None),
    ("sameAs", str(OWL.sameAs), "@id", None),
    ("versionIRI", str(OWL.versionIRI), "@id", None),
    ("versionInfo", str(OWL.versionInfo), None, None),
]


def _curie(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _date_properties(ontology: Graph) -> set[URIRef]:
    root = URIRef(TERMS + "date")
    return {p for p in ontology.transitive_subjects(RDFS.subPropertyOf, root) if isinstance(p, URIRef)}


def build_context(ontology: Graph) -> dict[str, Any]:
    """The JSON-LD context for the ontology: prefixes, one short term per ontology term, standard terms."""
    terms: dict[str, Any] = {prefix: ns for prefix, ns in PREFIXES.items()}
    terms["graph"] = str(GRAPH)
    dates = _date_properties(ontology)
    kinds = {
        OWL.Class: "class",
        OWL.ObjectProperty: "object",
        OWL.DatatypeProperty: "datatype",
        OWL.AnnotationProperty: "annotation",
    }
    own: dict[str, Any] = {}
    for kind_iri, kind in kinds.items():
        for term in ontology.subjects(RDF.type, kind_iri):
            if not (isinstance(term, URIRef) and str(term).startswith(TERMS)):
                continue
            name = str(term)[len(TERMS) :]
            curie = f"cg:{name}"
            if kind == "class":
                own[name] = curie
            elif kind == "object":
                own[name] = {"@id": curie, "@type": "@id"}
            else:
                ranges = [r for r in ontology.objects(term, RDFS.range) if isinstance(r, URIRef)]
                datatype = next((r for r in sorted(ranges) if str(r).startswith(str(XSD))), None)
                if datatype is None and term in dates:
                    datatype = XSD.date
                if datatype is not None and datatype != XSD.string:
                    own[name] = {"@id": curie, "@type": _curie(str(datatype))}
                else:
                    own[name] = curie
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


def context_text(ontology: Graph) -> str:
    """The text of context.jsonld for `ontology`."""
    return json.dumps(build_context(ontology), indent=2, ensure_ascii=False) + "\n"


@cache
def shipped_context() -> dict[str, Any]:
    """The context as shipped with the package (what the published address serves)."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


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
        self.ordered_prefixes = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))

    def expand(self, value: str) -> str:
        prefix, sep, rest = value.partition(":")
        if sep and prefix in self.prefixes and not rest.startswith("//"):
            return self.prefixes[prefix] + rest
        return value

    def iri(self, node: Node) -> str:
        if isinstance(node, BNode):
            return f"_:{node}"
        text = str(node)
        for prefix, ns in self.ordered_prefixes:
            if text.startswith(ns) and len(text) > len(ns) and not text[len(ns) :].startswith("//"):
                return f"{prefix}:{text[len(ns) :]}"
        return text

    def key(self, predicate: URIRef) -> tuple[str, _Term | None]:
        term = self.by_iri.get(str(predicate))
        return (term.name, term) if term else (self.iri(predicate), None)

    def type_name(self, cls: Node) -> str:
        term = self.by_iri.get(str(cls)) if isinstance(cls, URIRef) else None
        return term.name if term and term.coercion is None and term.language is None else self.iri(cls)

    def value(self, node: Node, term: _Term | None) -> Any:
        coercion = term.coercion if term else None
        language = term.language if term else None
        if not isinstance(node, Literal):
            return self.iri(node) if coercion == "@id" else {"@id": self.iri(node)}
        lex = str(node)
        datatype = None if node.language or node.datatype in (None, XSD.string) else str(node.datatype)
        if node.language:
            if language == node.language and coercion is None:
                return lex
            return {"@value": lex, "@language": node.language}
        if datatype:
            if coercion == datatype:
                return lex
            return {"@value": lex, "@type": self.iri(URIRef(datatype))}
        if coercion is None and language is None:
            return lex
        return {"@value": lex}


def _sort_key(node: Node) -> tuple[int, str, str, str]:
    if isinstance(node, URIRef):
        return (0, str(node), "", "")
    if isinstance(node, Literal):
        return (1, str(node), str(node.datatype or ""), node.language or "")
    return (2, str(node), "", "")


def _nodes(compactor: _Compactor, triples: Iterable[tuple[Node, URIRef, Node]]) -> list[dict[str, Any]]:
    by_subject: dict[Node, dict[URIRef, set[Node]]] = defaultdict(lambda: defaultdict(set))
    for s, p, o in triples:
        by_subject[s][p].add(o)
    out = []
    for subject in sorted(by_subject, key=_sort_key):
        props = by_subject[subject]
        node: dict[str, Any] = {"@id": compactor.iri(subject)}
        types = sorted(props.pop(RDF.type, set()), key=_sort_key)
        if types:
            names = [compactor.type_name(t) for t in types]
            node["@type"] = names[0] if len(names) == 1 else names
        entries = []
        for p, objects in props.items():
            key, term = compactor.key(p)
            values = [compactor.value(o, term) for o in sorted(objects, key=_sort_key)]
            entries.append((leading_rank(p), key, values[0] if len(values) == 1 else values))
        for _, key, value in sorted(entries, key=lambda e: (e[0], e[1])):
            node[key] = value
        out.append(node)
    return out


def to_jsonld(quads: Iterable[Quad], *, inline_context: bool = False) -> str:
    """The quads as JSON-LD: the default graph's nodes at the top, each named graph as `@id` + `@graph`."""
    context = shipped_context()["@context"]
    compactor = _Compactor(context)
    graphs: dict[URIRef | None, list[tuple[Node, URIRef, Node]]] = defaultdict(list)
    for s, p, o, g in quads:
        graphs[g].append((s, p, o))
    top: list[dict[str, Any]] = _nodes(compactor, graphs.pop(None, []))
    for name in sorted((g for g in graphs if g is not None), key=str):
        top.append({"@id": compactor.iri(name), "@graph": _nodes(compactor, graphs[name])})
    document = {"@context": context if inline_context else CONTEXT_URL, "@graph": top}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Regenerate context.jsonld from the ontology (`python -m cybergraph.rdf.jsonld`)."""
    from cybergraph.core.files import write_text
    from cybergraph.core.resources import layout
    from cybergraph.graph.load import parse_turtle

    text = context_text(parse_turtle(layout().ontology_file))
    if CONTEXT_FILE.exists() and CONTEXT_FILE.read_text(encoding="utf-8") == text:
        print(f"{CONTEXT_FILE.name} is current", file=sys.stderr)
        return 0
    write_text(CONTEXT_FILE, text)
    print(f"wrote {CONTEXT_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

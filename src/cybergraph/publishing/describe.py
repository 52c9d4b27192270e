"""A VoID and DCAT description of an export, computed from the quads it holds: nothing typed by hand.

Counts follow VoID: `void:triples` distinct triples (a fact stated by two sections counts once),
`void:entities` distinct IRIs under the entity namespace (`void:uriSpace`) that are the subject of a
triple, `void:distinctSubjects` / `void:distinctObjects` over all terms, `void:classes` the distinct
objects of `rdf:type`; a class partition's `void:entities` counts the distinct instances of that class,
a property partition's `void:triples` the triples with that property. The licence and publisher come
from the ontology header, the version from the package, the sources (with their pages) from the source
catalogue in the data; only the title and the one-sentence description are fixed text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from cybergraph.core.version import __version__
from cybergraph.rdf.terms import (
    DCTERMS,
    ENTITIES,
    OWL,
    PREFIXES,
    RDF_TYPE,
    RDFS,
    TERMS,
    XSD,
    Term,
    sort_key,
)

VOID = PREFIXES["void"]
DCAT = PREFIXES["dcat"]
FOAF = PREFIXES["foaf"]

DATASET = ox.NamedNode("https://w3id.org/cybergraph/dataset")
ONTOLOGY = ox.NamedNode("https://w3id.org/cybergraph/def")
TITLE = "cybergraph: a knowledge graph of international cybersecurity cooperation"
DESCRIPTION = (
    "Organisations, states, legal instruments, standards, initiatives and events of international"
    " cooperation on cybersecurity and cybercrime, each fact in the named graph of the source section"
    " that states it."
)
_MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".owl": "application/rdf+xml",
}


@dataclass(frozen=True)
class Statistics:
    """The VoID counts of a set of quads."""

    triples: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    classes: dict[ox.NamedNode, int]  # class -> entities of that class
    properties: dict[ox.NamedNode, int]  # property -> triples

    @property
    def class_count(self) -> int:
        return len(self.classes)

    @property
    def property_count(self) -> int:
        return len(self.properties)


def _distinct_triples(quads: Iterable[ox.Quad | ox.Triple]) -> dict[ox.Triple, None]:
    return dict.fromkeys(q.triple if isinstance(q, ox.Quad) else q for q in quads)


def statistics(quads: Iterable[ox.Quad | ox.Triple], *, uri_space: str = ENTITIES) -> Statistics:
    """VoID counts over the distinct triples of `quads` (named graphs merged)."""
    triples = _distinct_triples(quads)
    subjects = {t.subject for t in triples}
    instances: dict[ox.NamedNode, set[object]] = defaultdict(set)
    properties: Counter[ox.NamedNode] = Counter()
    for t in triples:
        properties[t.predicate] += 1
        if t.predicate == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            instances[t.object].add(t.subject)
    return Statistics(
        triples=len(triples),
        entities=sum(1 for s in subjects if isinstance(s, ox.NamedNode) and s.value.startswith(uri_space)),
        distinct_subjects=len(subjects),
        distinct_objects=len({t.object for t in triples}),
        classes={c: len(members) for c, members in instances.items()},
        properties=dict(properties),
    )


def _media_type(url: str) -> str | None:
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    for ext, media in _MEDIA_TYPES.items():
        if path.endswith(ext) or path.endswith(ext + ".gz"):
            return media
    return None


def _vocabularies(stats: Statistics) -> list[ox.NamedNode]:
    used = [t.value for t in (*stats.classes, *stats.properties)]
    namespaces = {ns for ns in PREFIXES.values() if any(t.startswith(ns) for t in used)}
    namespaces.discard(ENTITIES)
    return [ONTOLOGY if ns == TERMS else ox.NamedNode(ns) for ns in sorted(namespaces)]


def scope_text(selection: str, include: Iterable[str]) -> str:
    """The part of the graph an export holds, in words (for the description and messages)."""
    parts = [p for p in ("ontology", "data", "shapes") if p in set(include)]
    named = {"ontology": "the ontology", "data": "the data", "shapes": "the SHACL shapes"}
    listed = " and ".join(named[p] for p in parts)
    if selection == "inferred":
        return "only the triples the ontology implies (no asserted triples)"
    if selection == "all":
        return f"{listed} as asserted, plus every triple the ontology implies"
    return f"{listed} as asserted, without inferred triples"


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


class _Graph:
    """Triples in the order added, each once."""

    def __init__(self) -> None:
        self.triples: dict[ox.Triple, None] = {}

    def add(self, s: Term, p: str, o: Term) -> None:
        self.triples[ox.Triple(s, ox.NamedNode(p), o)] = None  # type: ignore[arg-type]


def describe(
    quads: Iterable[ox.Quad | ox.Triple],
    *,
    scope: str,
    endpoint_url: str | None = None,
    dump_url: str | None = None,
) -> list[ox.Triple]:
    """The VoID + DCAT description of the dataset made of `quads`, as triples.

    `scope` says in words what the counts cover (which parts, asserted or inferred); the endpoint and
    dump locations are stated only when given. Its blank nodes (publisher, distributions, partitions)
    have fresh labels: `publishing.export.graph_quads` names them by content.
    """
    triples = list(_distinct_triples(quads))
    stats = statistics(triples)
    out = _Graph()
    d = DATASET
    rdf_type = RDF_TYPE.value
    out.add(d, rdf_type, ox.NamedNode(VOID + "Dataset"))
    out.add(d, rdf_type, ox.NamedNode(DCAT + "Dataset"))
    out.add(d, DCTERMS + "title", ox.Literal(TITLE, language="en"))
    out.add(d, DCTERMS + "description", ox.Literal(DESCRIPTION, language="en"))
    out.add(d, RDFS + "comment", ox.Literal(f"Counts cover {scope}.", language="en"))
    out.add(d, DCAT + "version", ox.Literal(__version__))
    out.add(d, OWL + "versionInfo", ox.Literal(__version__))

    source_class = ox.NamedNode(TERMS + "Source")
    sources = sorted(
        {t.subject for t in triples if t.predicate == RDF_TYPE and t.object == source_class}, key=sort_key
    )
    described = {ONTOLOGY, *sources}
    values: dict[tuple[Term, str], set[Term]] = defaultdict(set)
    for t in triples:
        if t.subject in described:
            values[(t.subject, t.predicate.value)].add(t.object)

    def objects(subject: Term, predicate: str) -> list[Term]:
        return sorted(values.get((subject, predicate), ()), key=sort_key)

    for licence in objects(ONTOLOGY, DCTERMS + "license"):
        out.add(d, DCTERMS + "license", licence)
    for creator in objects(ONTOLOGY, DCTERMS + "creator"):
        publisher = ox.BlankNode()
        out.add(d, DCTERMS + "publisher", publisher)
        out.add(publisher, rdf_type, ox.NamedNode(FOAF + "Agent"))
        out.add(publisher, FOAF + "name", creator)
    for source in sources:
        out.add(d, DCTERMS + "source", source)
        for p in (RDFS + "label", DCTERMS + "title", FOAF + "page"):
            for o in objects(source, p):
                out.add(source, p, o)
    for vocabulary in _vocabularies(stats):
        out.add(d, VOID + "vocabulary", vocabulary)
    out.add(d, VOID + "uriSpace", ox.Literal(ENTITIES))
    if endpoint_url:
        endpoint = ox.NamedNode(endpoint_url)
        out.add(d, VOID + "sparqlEndpoint", endpoint)
        dist, service = ox.BlankNode(), ox.BlankNode()
        out.add(d, DCAT + "distribution", dist)
        out.add(dist, rdf_type, ox.NamedNode(DCAT + "Distribution"))
        out.add(dist, DCAT + "accessURL", endpoint)
        out.add(dist, DCAT + "accessService", service)
        out.add(service, rdf_type, ox.NamedNode(DCAT + "DataService"))
        out.add(service, DCAT + "endpointURL", endpoint)
        out.add(service, DCTERMS + "conformsTo", ox.NamedNode("https://www.w3.org/TR/sparql11-protocol/"))
    if dump_url:
        out.add(d, VOID + "dataDump", ox.NamedNode(dump_url))
        dist = ox.BlankNode()
        out.add(d, DCAT + "distribution", dist)
        out.add(dist, rdf_type, ox.NamedNode(DCAT + "Distribution"))
        out.add(dist, DCAT + "downloadURL", ox.NamedNode(dump_url))
        media = _media_type(dump_url)
        if media:
            out.add(
                dist,
                DCAT + "mediaType",
                ox.NamedNode(f"https://www.iana.org/assignments/media-types/{media}"),
            )
    out.add(d, VOID + "triples", _integer(stats.triples))
    out.add(d, VOID + "entities", _integer(stats.entities))
    out.add(d, VOID + "distinctSubjects", _integer(stats.distinct_subjects))
    out.add(d, VOID + "distinctObjects", _integer(stats.distinct_objects))
    out.add(d, VOID + "classes", _integer(stats.class_count))
    out.add(d, VOID + "properties", _integer(stats.property_count))
    for cls, count in stats.classes.items():
        part = ox.BlankNode()
        out.add(d, VOID + "classPartition", part)
        out.add(part, VOID + "class", cls)
        out.add(part, VOID + "entities", _integer(count))
    for prop, count in stats.properties.items():
        part = ox.BlankNode()
        out.add(d, VOID + "propertyPartition", part)
        out.add(part, VOID + "property", prop)
        out.add(part, VOID + "triples", _integer(count))
    return list(out.triples)

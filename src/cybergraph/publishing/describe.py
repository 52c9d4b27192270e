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

from rdflib import OWL, RDF, BNode, Graph, Literal, Namespace, URIRef

from cybergraph.core.version import __version__
from cybergraph.rdf.legacy_vocab import CG, CGID, PREFIXES
from cybergraph.rdf.quads import Quad

VOID = Namespace(PREFIXES["void"])
DCAT = Namespace(PREFIXES["dcat"])
DCTERMS = Namespace(PREFIXES["dcterms"])
FOAF = Namespace(PREFIXES["foaf"])
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")

DATASET = URIRef("https://w3id.org/cybergraph/dataset")
ONTOLOGY = URIRef("https://w3id.org/cybergraph/def")
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
    classes: dict[URIRef, int]  # class -> entities of that class
    properties: dict[URIRef, int]  # property -> triples

    @property
    def class_count(self) -> int:
        return len(self.classes)

    @property
    def property_count(self) -> int:
        return len(self.properties)


def statistics(quads: Iterable[Quad], *, uri_space: str = str(CGID)) -> Statistics:
    """VoID counts over the distinct triples of `quads` (named graphs merged)."""
    triples = {(s, p, o) for s, p, o, _ in quads}
    subjects = {s for s, _, _ in triples}
    instances: dict[URIRef, set[object]] = defaultdict(set)
    properties: Counter[URIRef] = Counter()
    for s, p, o in triples:
        properties[p] += 1
        if p == RDF.type and isinstance(o, URIRef):
            instances[o].add(s)
    return Statistics(
        triples=len(triples),
        entities=sum(1 for s in subjects if isinstance(s, URIRef) and str(s).startswith(uri_space)),
        distinct_subjects=len(subjects),
        distinct_objects=len({o for _, _, o in triples}),
        classes={c: len(members) for c, members in instances.items()},
        properties=dict(properties),
    )


def _media_type(url: str) -> str | None:
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    for ext, media in _MEDIA_TYPES.items():
        if path.endswith(ext) or path.endswith(ext + ".gz"):
            return media
    return None


def _vocabularies(stats: Statistics) -> list[URIRef]:
    used = [str(t) for t in (*stats.classes, *stats.properties)]
    namespaces = {ns for ns in PREFIXES.values() if any(t.startswith(ns) for t in used)}
    namespaces.discard(str(CGID))
    return sorted(ONTOLOGY if ns == str(CG) else URIRef(ns) for ns in namespaces)


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


def describe(
    quads: Iterable[Quad],
    *,
    scope: str,
    endpoint_url: str | None = None,
    dump_url: str | None = None,
) -> Graph:
    """The VoID + DCAT description of the dataset made of `quads`.

    `scope` says in words what the counts cover (which parts, asserted or inferred); the endpoint and
    dump locations are stated only when given.
    """
    quads = list(quads)
    stats = statistics(quads)
    triples = {(s, p, o) for s, p, o, _ in quads}
    out = Graph()
    d = DATASET
    out.add((d, RDF.type, VOID.Dataset))
    out.add((d, RDF.type, DCAT.Dataset))
    out.add((d, DCTERMS.title, Literal(TITLE, lang="en")))
    out.add((d, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    out.add(
        (
            d,
            URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
            Literal(f"Counts cover {scope}.", lang="en"),
        )
    )
    out.add((d, DCAT.version, Literal(__version__)))
    out.add((d, OWL.versionInfo, Literal(__version__)))
    for licence in sorted({o for s, p, o in triples if s == ONTOLOGY and p == DCTERMS.license}):
        out.add((d, DCTERMS.license, licence))
    for creator in sorted({o for s, p, o in triples if s == ONTOLOGY and p == DCTERMS.creator}):
        publisher = BNode()
        out.add((d, DCTERMS.publisher, publisher))
        out.add((publisher, RDF.type, FOAF.Agent))
        out.add((publisher, FOAF.name, creator))
    sources = sorted({s for s, p, o in triples if p == RDF.type and o == CG.Source})
    for source in sources:
        out.add((d, DCTERMS.source, source))
        for p in (RDFS_LABEL, DCTERMS.title, FOAF.page):
            for o in {o for s, p2, o in triples if s == source and p2 == p}:
                out.add((source, p, o))
    for vocabulary in _vocabularies(stats):
        out.add((d, VOID.vocabulary, vocabulary))
    out.add((d, VOID.uriSpace, Literal(str(CGID))))
    if endpoint_url:
        out.add((d, VOID.sparqlEndpoint, URIRef(endpoint_url)))
        dist, service = BNode(), BNode()
        out.add((d, DCAT.distribution, dist))
        out.add((dist, RDF.type, DCAT.Distribution))
        out.add((dist, DCAT.accessURL, URIRef(endpoint_url)))
        out.add((dist, DCAT.accessService, service))
        out.add((service, RDF.type, DCAT.DataService))
        out.add((service, DCAT.endpointURL, URIRef(endpoint_url)))
        out.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    if dump_url:
        out.add((d, VOID.dataDump, URIRef(dump_url)))
        dist = BNode()
        out.add((d, DCAT.distribution, dist))
        out.add((dist, RDF.type, DCAT.Distribution))
        out.add((dist, DCAT.downloadURL, URIRef(dump_url)))
        media = _media_type(dump_url)
        if media:
            out.add((dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}")))
    out.add((d, VOID.triples, Literal(stats.triples)))
    out.add((d, VOID.entities, Literal(stats.entities)))
    out.add((d, VOID.distinctSubjects, Literal(stats.distinct_subjects)))
    out.add((d, VOID.distinctObjects, Literal(stats.distinct_objects)))
    out.add((d, VOID.classes, Literal(stats.class_count)))
    out.add((d, VOID.properties, Literal(stats.property_count)))
    for cls, count in stats.classes.items():
        part = BNode()
        out.add((d, VOID.classPartition, part))
        out.add((part, VOID["class"], cls))
        out.add((part, VOID.entities, Literal(count)))
    for prop, count in stats.properties.items():
        part = BNode()
        out.add((d, VOID.propertyPartition, part))
        out.add((part, VOID.property, prop))
        out.add((part, VOID.triples, Literal(count)))
    return out

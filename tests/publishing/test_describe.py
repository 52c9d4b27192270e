"""The VoID + DCAT description: every count checked against the graph, counted here with rdflib."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from cybergraph.graph.build import BuiltGraph, build
from cybergraph.graph.derived import DERIVED_GRAPH
from cybergraph.graph.load import INFERRED_GRAPH, ONTOLOGY_GRAPH
from cybergraph.publishing import describe
from cybergraph.publishing.export import description, graph_quads, serialize
from cybergraph.rdf.rdflib_bridge import to_dataset

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
CG = Namespace("https://w3id.org/cybergraph/def#")
ENTITIES = "https://w3id.org/cybergraph/id/"
DATASET = URIRef(describe.DATASET.value)


@pytest.fixture(scope="module")
def built_graph() -> BuiltGraph:
    return build()


def expected_graph(built: BuiltGraph, *, inferred: bool, ontology: bool = True) -> Graph:
    """The triples the description covers, merged with rdflib from the Dataset's named graphs (its default
    graph is their union, inferred and derived triples included)."""
    merged = Graph()
    for context in to_dataset(built.store).graphs():
        name = context.identifier
        if name == DATASET_DEFAULT_GRAPH_ID:
            continue
        # What the build derived for the queries comes with the inferred triples (publishing.export).
        if name in (INFERRED_GRAPH, URIRef(DERIVED_GRAPH)) and not inferred:
            continue
        if name == ONTOLOGY_GRAPH and not ontology:
            continue
        for triple in context:
            merged.add(triple)
    return merged


def read_back(built: BuiltGraph, **options: object) -> Graph:
    """The description as a user gets it: Turtle bytes, parsed again."""
    text = serialize(graph_quads(description(built, **options)), format="turtle")  # type: ignore[arg-type]
    return Graph().parse(data=text.decode("utf-8"), format="turtle")


def number(graph: Graph, subject: object, predicate: URIRef) -> int:
    values = list(graph.objects(subject, predicate))  # type: ignore[arg-type]
    assert len(values) == 1, f"{predicate} given {len(values)} times"
    return int(values[0])


@pytest.mark.parametrize("inferred", [False, True], ids=["asserted", "with-inferred"])
def test_counts_match_the_graph(built_graph: BuiltGraph, inferred: bool) -> None:
    expected = expected_graph(built_graph, inferred=inferred)
    void = read_back(built_graph, selection="all" if inferred else "asserted")
    d = DATASET
    assert number(void, d, VOID.triples) == len(expected)
    subjects = set(expected.subjects())
    assert number(void, d, VOID.distinctSubjects) == len(subjects)
    assert number(void, d, VOID.distinctObjects) == len(set(expected.objects()))
    assert number(void, d, VOID.entities) == sum(1 for s in subjects if str(s).startswith(ENTITIES))
    classes = set(expected.objects(None, RDF.type))
    assert number(void, d, VOID.classes) == len(classes)
    assert number(void, d, VOID.properties) == len(set(expected.predicates()))

    partitions = {
        void.value(part, VOID["class"]): number(void, part, VOID.entities)
        for part in void.objects(d, VOID.classPartition)
    }
    assert partitions == {c: len(set(expected.subjects(RDF.type, c))) for c in classes}
    properties = {
        void.value(part, VOID.property): number(void, part, VOID.triples)
        for part in void.objects(d, VOID.propertyPartition)
    }
    assert properties == {p: len(list(expected.triples((None, p, None)))) for p in set(expected.predicates())}
    assert sum(properties.values()) == len(expected)
    assert len(expected) > 3000 and len(partitions) > 40  # real data, not an empty graph


def test_metadata_sources_and_locations(built_graph: BuiltGraph) -> None:
    void = read_back(
        built_graph, endpoint_url="https://example.org/sparql", dump_url="https://example.org/cybergraph.nq"
    )
    d = DATASET
    assert {VOID.Dataset, DCAT.Dataset} <= set(void.objects(d, RDF.type))
    assert void.value(d, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert str(void.value(d, DCAT.version)) == __import__("cybergraph").__version__
    assert str(void.value(void.value(d, DCTERMS.publisher), FOAF.name)) == "The cybergraph project"
    assert void.value(d, DCTERMS.title) == Literal(
        "cybergraph: a knowledge graph of international cybersecurity cooperation", lang="en"
    )
    data = expected_graph(built_graph, inferred=False)
    sources = set(data.subjects(RDF.type, CG.Source))
    assert set(void.objects(d, DCTERMS.source)) == sources
    for source in sources:
        assert set(void.objects(source, FOAF.page)) == set(data.objects(source, FOAF.page))
    assert void.value(d, VOID.sparqlEndpoint) == URIRef("https://example.org/sparql")
    assert void.value(d, VOID.dataDump) == URIRef("https://example.org/cybergraph.nq")
    downloads = {
        (void.value(dist, DCAT.downloadURL), void.value(dist, DCAT.mediaType))
        for dist in void.objects(d, DCAT.distribution)
        if void.value(dist, DCAT.downloadURL) is not None
    }
    assert downloads == {
        (
            URIRef("https://example.org/cybergraph.nq"),
            URIRef("https://www.iana.org/assignments/media-types/application/n-quads"),
        )
    }
    assert URIRef("https://w3id.org/cybergraph/def") in set(void.objects(d, VOID.vocabulary))


def test_locations_are_omitted_when_not_given(built_graph: BuiltGraph) -> None:
    void = read_back(built_graph)
    for p in (VOID.sparqlEndpoint, VOID.dataDump, DCAT.distribution):
        assert list(void.objects(DATASET, p)) == []


def test_counts_cover_what_the_export_selects(built_graph: BuiltGraph) -> None:
    only_data = read_back(built_graph, include={"data"})
    expected = expected_graph(built_graph, inferred=False, ontology=False)
    assert number(only_data, DATASET, VOID.triples) == len(expected)
    assert "the data as asserted, without inferred triples" in str(
        only_data.value(DATASET, rdflib.RDFS.comment)
    )

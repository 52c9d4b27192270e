"""Regressions of issue 11 ("a dataset and a catalogue that work on a standard load"), each named for what
it guards:

- a plain query saw a fact once per graph that held it (`SELECT * { ?s ?p ?o }` gave 8,600 rows for
  7,825 distinct triples; the label of APEC came three times), on the embedded store;
- the published dump had no default graph, so an engine loading it the standard way (no union default
  graph) answered plain patterns with nothing;
- on Virtuoso every entity given by slug or label was "not found": it answers ASK as a table;
- `cybergraph publish --quads` to Virtuoso said "published" and loaded nothing.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from cybergraph.cli import main
from cybergraph.core.errors import UsageError
from cybergraph.graph.build import BuiltGraph
from cybergraph.graph.dataset import DEFAULT_GRAPH_NAME
from cybergraph.publishing.export import export
from cybergraph.publishing.publish import PublishError, publish
from cybergraph.query.endpoint import Endpoint
from cybergraph.query.entities import resolve_entity
from tests.virtuoso_server import VirtuosoServer

RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
APEC_LABEL = f"SELECT ?l WHERE {{ <https://w3id.org/cybergraph/id/apec> {RDFS_LABEL} ?l }}"


def _distinct_triples(project: BuiltGraph) -> int:
    return len({q.triple for q in project.store})


def test_a_plain_query_sees_each_fact_once_on_the_embedded_store(
    project: BuiltGraph, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-f", "csv"]) == 0
    assert capsys.readouterr().out == f"n\r\n{_distinct_triples(project)}\r\n"
    assert main(["query", "--sparql", APEC_LABEL, "-f", "csv"]) == 0
    assert capsys.readouterr().out == "l\r\nAsia-Pacific Economic Cooperation\r\n"


def test_a_standard_load_of_the_dump_sees_each_fact_once(project: BuiltGraph) -> None:
    dump = export(project, format="nquads", selection="all")
    store = ox.Store()  # queried as it is: no union default graph
    store.load(dump, format=ox.RdfFormat.N_QUADS)
    dataset = Dataset()  # rdflib's default settings: no union default graph either
    dataset.parse(data=dump, format="nquads")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(next(iter(store.query(count)))[0].value) == _distinct_triples(project)  # type: ignore[index, union-attr]
    assert int(next(iter(dataset.query(count)))[0]) == _distinct_triples(project)  # type: ignore[call-overload]
    assert [row[0].value for row in store.query(APEC_LABEL)] == ["Asia-Pacific Economic Cooperation"]  # type: ignore[index, union-attr]
    assert [str(row[0]) for row in dataset.query(APEC_LABEL)] == ["Asia-Pacific Economic Cooperation"]  # type: ignore[index]


def test_entities_given_by_slug_or_label_resolve_on_virtuoso(virtuoso_loaded: str) -> None:
    engine = Endpoint(virtuoso_loaded, default_graph_uri=DEFAULT_GRAPH_NAME)
    sco = ox.NamedNode("https://w3id.org/cybergraph/id/sco")
    assert resolve_entity("sco", engine) == sco
    assert resolve_entity("Shanghai Cooperation Organisation", engine) == sco
    with pytest.raises(UsageError, match="the graph has nothing about cgid:no-such-entity"):
        resolve_entity("cgid:no-such-entity", engine)


def test_publish_quads_to_virtuoso_is_an_error_not_a_silent_no_op(
    project: BuiltGraph, virtuoso: VirtuosoServer
) -> None:
    endpoint = f"http://127.0.0.1:{virtuoso.http_port}/sparql-graph-crud"
    with pytest.raises(PublishError) as caught:
        publish(project, endpoint=endpoint, quads=True, include={"ontology"})
    assert caught.value.exit_code == 2
    assert "answered 200" in caught.value.message
    assert "Virtuoso accepts N-Quads there but loads nothing" in caught.value.message
    assert "bulk loader" in caught.value.message

"""Publishing into a real Oxigraph server over the Graph Store Protocol, and reading it back over SPARQL."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from cybergraph.graph.build import BuiltGraph, build
from cybergraph.publishing.export import select
from cybergraph.publishing.publish import DEFAULT_GRAPH_IRI, PublishError, publish, target_url
from tests.oxigraph_server import OxigraphServer, start, stop

PREFIXES = """PREFIX cg: <https://w3id.org/cybergraph/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""
# The catalogue of source documents: what a user lists first to see where the facts come from.
CATALOGUE = (
    PREFIXES
    + """SELECT ?source ?name ?page WHERE {{
  {graph} {{ ?source a cg:Source ; skos:altLabel ?name . OPTIONAL {{ ?source foaf:page ?page }} }}
}} ORDER BY ?source ?name ?page"""
)
# Graph names of our own, so that other tests using the shared server are not disturbed.
TEST_GRAPH = "urn:cybergraph-test:publish"


def sparql(server: OxigraphServer, query: str) -> list[tuple[str | None, ...]]:
    request = urllib.request.Request(
        server.query_url,
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        result = json.load(response)
    names = result["head"]["vars"]
    return [
        tuple(row[n]["value"] if n in row else None for n in names) for row in result["results"]["bindings"]
    ]


def count(server: OxigraphServer, graph: str | None) -> int:
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    return int(sparql(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")[0][0])  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def built_graph() -> BuiltGraph:
    return build()


@pytest.fixture(scope="module")
def own_server() -> Iterator[OxigraphServer]:
    # A server of this module's own, without the union default graph, for the tests that replace the
    # default graph or the whole dataset.
    process, server = start(union_default_graph=False)
    try:
        yield server
    finally:
        stop(process)


def test_publish_replaces_the_named_graph(built_graph: BuiltGraph, oxigraph_server: OxigraphServer) -> None:
    triples = {q.triple for q in select(built_graph)}
    done = publish(built_graph, endpoint=oxigraph_server.store_url, graph=TEST_GRAPH)
    assert done.status in (201, 204)
    assert done.statements == len(triples) > 3000
    assert done.url == oxigraph_server.store_url + "?graph=urn%3Acybergraph-test%3Apublish"
    assert count(oxigraph_server, TEST_GRAPH) == len(triples)

    remote = sparql(oxigraph_server, CATALOGUE.format(graph=f"GRAPH <{TEST_GRAPH}>"))
    local = [
        tuple(None if v is None else v.value for v in row)  # type: ignore[union-attr]
        for row in built_graph.store.query(CATALOGUE.format(graph=""))  # type: ignore[union-attr]
    ]
    assert remote == local and len(remote) == 4  # ITU, EWI, CoE Treaty Office, reference data
    assert (
        "https://w3id.org/cybergraph/id/ewi-2012",
        "EWI 2012",
        "https://www.eastwest.ngo/idea/cybersecurity-international-level",
    ) in remote

    # Publishing something else replaces the graph: nothing of the first load remains.
    ontology_only = publish(
        built_graph, endpoint=oxigraph_server.store_url, graph=TEST_GRAPH, include={"ontology"}
    )
    assert count(oxigraph_server, TEST_GRAPH) == ontology_only.statements < len(triples)
    assert sparql(oxigraph_server, CATALOGUE.format(graph=f"GRAPH <{TEST_GRAPH}>")) == []

    # And publishing the same export twice gives the same graph, not twice the triples.
    publish(built_graph, endpoint=oxigraph_server.store_url, graph=TEST_GRAPH)
    publish(built_graph, endpoint=oxigraph_server.store_url, graph=TEST_GRAPH)
    assert count(oxigraph_server, TEST_GRAPH) == len(triples)


def test_default_target_is_the_all_graph() -> None:
    assert target_url("http://h:7878/store", graph=None) == (
        "http://h:7878/store?graph=https%3A%2F%2Fw3id.org%2Fcybergraph%2Fgraph%2Fall"
    )
    assert DEFAULT_GRAPH_IRI == "https://w3id.org/cybergraph/graph/all"
    assert (
        target_url("http://h/ds/data?x=1", graph=None, default_graph=True) == "http://h/ds/data?x=1&default"
    )


def test_publish_into_the_default_graph(built_graph: BuiltGraph, own_server: OxigraphServer) -> None:
    done = publish(built_graph, endpoint=own_server.store_url, default_graph=True, include={"ontology"})
    assert done.url == own_server.store_url + "?default" and done.target == "the default graph"
    assert count(own_server, None) == done.statements


def test_quads_replace_the_whole_dataset_keeping_each_section(
    built_graph: BuiltGraph, own_server: OxigraphServer
) -> None:
    publish(
        built_graph,
        endpoint=own_server.store_url,
        graph="urn:cybergraph-test:left-over",
        include={"ontology"},
    )
    done = publish(built_graph, endpoint=own_server.store_url, quads=True)
    quads = select(built_graph)
    assert done.statements == len(quads)
    rows = sparql(own_server, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    remote = {g: int(n) for g, n in rows}  # type: ignore[arg-type]
    expected: dict[str, int] = {}
    for q in quads:
        if isinstance(q.graph_name, ox.NamedNode):
            expected[q.graph_name.value] = expected.get(q.graph_name.value, 0) + 1
    assert remote == expected
    # The default graph: every triple once, so a plain query on the server sees each fact once.
    distinct = {q.triple for q in quads}
    assert count(own_server, None) == len(distinct) == len(quads) - sum(expected.values())
    apec = "<https://w3id.org/cybergraph/id/apec> <http://www.w3.org/2000/01/rdf-schema#label> ?l"
    assert sparql(own_server, f"SELECT ?l WHERE {{ {apec} }}") == [("Asia-Pacific Economic Cooperation",)]
    assert "urn:cybergraph-test:left-over" not in remote


def test_unreachable_store_is_reported(built_graph: BuiltGraph) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(
        PublishError, match=r"cannot reach the store at http://127\.0\.0\.1:\d+/store\?graph=.*refused"
    ):
        publish(built_graph, endpoint=f"http://127.0.0.1:{port}/store", include={"ontology"})


def test_refusal_gives_the_status_and_the_servers_message(
    built_graph: BuiltGraph, oxigraph_server: OxigraphServer
) -> None:
    with pytest.raises(PublishError) as caught:
        publish(built_graph, endpoint=oxigraph_server.query_url, graph=TEST_GRAPH, include={"ontology"})
    assert "answered 404" in caught.value.message
    assert "PUT /query is not supported by this server" in caught.value.message
    assert caught.value.exit_code == 2

"""Exports: every format round-trips through two independent parsers, and gives the same bytes every run."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import BNode, Graph
from rdflib.compare import isomorphic

from cybergraph.core.errors import UsageError
from cybergraph.core.resources import ROOT, layout
from cybergraph.graph.build import BuiltGraph, build
from cybergraph.graph.dataset import fill_default_graph
from cybergraph.publishing.export import FORMATS, ExportError, export, select, serialize
from cybergraph.rdf.jsonld import CONTEXT_FILE, CONTEXT_URL, context_text, shipped_context
from cybergraph.rdf.rdflib_bridge import from_ox, to_ox
from cybergraph.rdf.read import read_triples

RDFLIB_FORMAT = {
    "turtle": "turtle",
    "ntriples": "nt",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "rdfxml": "xml",
}
OXIGRAPH_FORMAT = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}

# Shapes with nested blank nodes, a list, and two identical property shapes under one node shape: the
# export must keep both (they are two nodes) and label them the same way every run.
SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix cg: <https://w3id.org/cybergraph/def#> .
@prefix ex: <https://example.org/shapes#> .
ex:OrganizationShape a sh:NodeShape ;
    sh:targetClass cg:Organization ;
    sh:property [ sh:path <http://www.w3.org/2000/01/rdf-schema#label> ; sh:minCount 1 ;
                  sh:message "needs a label\\twith a tab"@en ] ,
                [ sh:path cg:hasMember ; sh:or ( [ sh:class cg:State ] [ sh:class cg:Organization ] ) ] ,
                [ sh:path cg:foundingDate ; sh:maxCount 1 ] ,
                [ sh:path cg:foundingDate ; sh:maxCount 1 ] .
"""


def parse_with_rdflib(data: bytes, format: str) -> dict[str | None, Graph]:
    dataset = rdflib.Dataset()
    dataset.parse(data=data.decode("utf-8"), format=RDFLIB_FORMAT[format])
    graphs: dict[str | None, Graph] = {}
    for context in dataset.graphs():
        if len(context) == 0:
            continue
        name = (
            None if context.identifier == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else str(context.identifier)
        )
        graphs[name] = Graph()
        for triple in context:
            graphs[name].add(triple)
    return graphs


def parse_with_oxigraph(data: bytes, format: str) -> dict[str | None, Graph]:
    graphs: dict[str | None, Graph] = {}
    for quad in ox.parse(data, OXIGRAPH_FORMAT[format]):
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        graphs.setdefault(name, Graph()).add(
            (from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object))  # type: ignore[arg-type]
        )
    return graphs


def same_graph(a: Graph, b: Graph) -> bool:
    """Isomorphism; for graphs without blank nodes that is set equality, which is much faster to check."""
    if any(isinstance(term, BNode) for graph in (a, b) for triple in graph for term in triple):
        return isomorphic(a, b)
    return set(a) == set(b)


@dataclass
class Expected:
    """The source quads as rdflib graphs, built once: per graph name, and merged."""

    graphs: dict[str | None, Graph]
    merged: Graph

    @classmethod
    def of(cls, quads: list[ox.Quad]) -> Expected:
        graphs: dict[str | None, Graph] = {}
        merged = Graph()
        for q in quads:
            name = None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
            triple = (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
            graphs.setdefault(name, Graph()).add(triple)  # type: ignore[arg-type]
            merged.add(triple)  # type: ignore[arg-type]
        return cls(graphs, merged)


def assert_same(parsed: dict[str | None, Graph], expected: Expected | list[ox.Quad], format: str) -> None:
    if isinstance(expected, list):
        expected = Expected.of(expected)
    if FORMATS[format].keeps_graphs:
        assert sorted(parsed, key=str) == sorted(expected.graphs, key=str)
        for name, graph in expected.graphs.items():
            assert same_graph(parsed[name], graph), f"graph {name} differs after the round trip"
    else:
        assert list(parsed) == [None], "a triple format must not produce named graphs"
        assert same_graph(parsed[None], expected.merged)


@pytest.fixture(scope="module")
def built_graph() -> BuiltGraph:
    return build()


@pytest.fixture(scope="module")
def shapes_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("shapes") / "shapes.ttl"
    path.write_text(SHAPES, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def everything(built_graph: BuiltGraph, shapes_file: Path) -> list[ox.Quad]:
    return select(
        built_graph, selection="all", include={"ontology", "data", "shapes"}, shapes_file=shapes_file
    )


@pytest.fixture(scope="module")
def expected_everything(everything: list[ox.Quad]) -> Expected:
    return Expected.of(everything)


@pytest.mark.parametrize("format", list(FORMATS))
def test_every_format_round_trips_through_rdflib_and_oxigraph(
    format: str, built_graph: BuiltGraph, shapes_file: Path, expected_everything: Expected
) -> None:
    data = export(
        built_graph,
        format=format,
        selection="all",
        include={"ontology", "data", "shapes"},
        shapes_file=shapes_file,
    )
    assert_same(parse_with_rdflib(data, format), expected_everything, format)
    assert_same(parse_with_oxigraph(data, format), expected_everything, format)


def test_the_selection_covers_the_whole_build(
    built_graph: BuiltGraph, shapes_file: Path, everything: list[ox.Quad]
) -> None:
    # The round trips compare with `select`: it must hold every quad of the build and of the shapes, and a
    # default graph that is their union, each triple once.
    named = [q for q in everything if not isinstance(q.graph_name, ox.DefaultGraph)]
    default = [q.triple for q in everything if isinstance(q.graph_name, ox.DefaultGraph)]
    built_names = {g.value for g in built_graph.store.named_graphs()}  # type: ignore[union-attr]
    shapes_graph = "https://w3id.org/cybergraph/graph/shapes"
    assert {q.graph_name.value for q in named} == built_names | {shapes_graph}  # type: ignore[union-attr]
    shapes = [q for q in named if q.graph_name == ox.NamedNode(shapes_graph)]
    assert len(shapes) == len(read_triples(shapes_file)) == 21
    in_named_graphs = sum(1 for q in built_graph.store if not isinstance(q.graph_name, ox.DefaultGraph))
    assert len(named) - len(shapes) == in_named_graphs
    assert len(default) == len(set(default)) and set(default) == {q.triple for q in named}
    store_default = {
        q.triple for q in built_graph.store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    }
    assert set(default) - {q.triple for q in shapes} == store_default


def test_selections_and_parts(built_graph: BuiltGraph) -> None:
    def graphs(**options: object) -> set[str]:
        quads = select(built_graph, **options)  # type: ignore[arg-type]
        named = [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
        # The export's default graph is the union of what it selects, each triple once.
        assert sorted(str(q) for q in quads if isinstance(q.graph_name, ox.DefaultGraph)) == sorted(
            {str(ox.Quad(q.subject, q.predicate, q.object)) for q in named}
        )
        return {q.graph_name.value for q in named}  # type: ignore[union-attr]

    ontology, inferred = (
        "https://w3id.org/cybergraph/graph/ontology",
        "https://w3id.org/cybergraph/graph/inferred",
    )
    asserted = graphs()
    derived = "https://w3id.org/cybergraph/graph/derived"
    assert ontology in asserted and inferred not in asserted and derived not in asserted
    assert "https://w3id.org/cybergraph/graph/sources" in asserted
    assert "https://w3id.org/cybergraph/id/itu-gsr-ch5-sec-5-3-3-1" in asserted
    # What the build computed comes with the inferred triples: the rules' closure and what the stored
    # queries look up (graph.derived), so that a load of the dump with --inferred answers them.
    assert graphs(selection="inferred") == {inferred, derived}
    assert graphs(selection="all") == asserted | {inferred, derived}
    assert graphs(include={"ontology"}) == {ontology}
    assert ontology not in graphs(include={"data"})
    # Without named graphs (the triple formats, the description) no default graph is needed.
    assert not any(
        isinstance(q.graph_name, ox.DefaultGraph) for q in select(built_graph, default_graph=False)
    )


def test_default_export_is_readable_turtle(built_graph: BuiltGraph) -> None:
    text = export(built_graph).decode("utf-8")
    assert text.startswith("@prefix cg: <https://w3id.org/cybergraph/def#> .\n@prefix cgid: ")
    # The ontology header comes first, then one block per subject: type, then labels, then the rest.
    first = text.split("\n\n")[1]
    assert first.startswith("<https://w3id.org/cybergraph/def> a owl:Ontology ;\n    rdfs:label ")
    block = next(b for b in text.split("\n\n") if b.startswith("cgid:itu a "))
    lines = block.splitlines()
    assert lines[1] == '    rdfs:label "International Telecommunication Union"@en ;'
    assert lines[2] == '    skos:altLabel "ITU"@en ;'
    assert "graph/inferred" not in text


def test_jsonld_carries_its_context_inline_and_uses_short_keys(built_graph: BuiltGraph) -> None:
    document = json.loads(export(built_graph, format="jsonld"))
    assert list(document) == ["@context", "@graph"]
    assert document["@context"] == shipped_context()["@context"]
    # Top level: the default graph's nodes (every fact once), then one object per named graph.
    named = {g["@id"]: g["@graph"] for g in document["@graph"] if "@graph" in g}
    default = {n["@id"]: n for n in document["@graph"] if "@graph" not in n}
    assert default["cgid:a-res-57-239"]["adoptionDate"] == "2002-12-20"
    assert "graph:ontology" in named and "cgid:itu-gsr-ch5-sec-5-5-1" in named
    # Every key of every node is a keyword or a short term of the context: no CURIE, no full IRI.
    keys = {key for nodes in named.values() for node in nodes for key in node}
    assert keys and all(key.startswith("@") or ":" not in key for key in keys)
    nodes = {n["@id"]: n for n in named["cgid:itu-gsr-ch5-sec-5-5-1"]}
    assert nodes["cgid:a-res-57-239"] == {
        "@id": "cgid:a-res-57-239",
        "@type": "Resolution",
        "label": "UN General Assembly resolution 57/239",
        "title": "Creation of a global culture of cybersecurity",
        "addresses": "cgid:topic-global-culture-of-cybersecurity",
        "adoptedBy": "cgid:un-general-assembly",
        "adoptionDate": "2002-12-20",
        "documentSymbol": "A/RES/57/239",
    }
    ontology = {n["@id"]: n for n in named["graph:ontology"]}
    assert ontology["cg:adoptedBy"]["@type"] == "owl:ObjectProperty"
    assert ontology["cg:adoptedBy"]["domain"] == "cg:Document"


def test_shipped_context_is_current() -> None:
    expected = context_text(read_triples(layout().ontology_file))
    assert CONTEXT_FILE.read_text(encoding="utf-8") == expected, (
        "context.jsonld is stale; regenerate it with: .venv/bin/python -m cybergraph.rdf.jsonld"
    )


# ----------------------------------------------------------------------------- JSON-LD offline (issue 11)


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No socket may resolve a name or connect: a reader that reaches for the network fails loudly."""

    def refuse(*args: object, **kwargs: object) -> NoReturn:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def refusing_loader(url: str, options: object = None) -> NoReturn:
    """pyld's document loader for the tests: any remote document, a context included, is refused."""
    raise AssertionError(f"pyld tried to load {url}")


def quads_of_rdflib(data: bytes) -> set[ox.Quad]:
    dataset = rdflib.Dataset()
    dataset.parse(data=data.decode("utf-8"), format="json-ld")
    default = rdflib.graph.DATASET_DEFAULT_GRAPH_ID
    return {
        ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph() if g in (None, default) else to_ox(g))  # type: ignore[arg-type]
        for s, p, o, g in dataset.quads((None, None, None, None))
    }


def quads_of_pyld(data: bytes) -> set[ox.Quad]:
    from pyld import jsonld

    options = {"format": "application/n-quads", "documentLoader": refusing_loader}
    nquads = jsonld.to_rdf(json.loads(data), options)  # type: ignore[arg-type]
    return set(ox.parse(nquads.encode("utf-8"), ox.RdfFormat.N_QUADS))


@pytest.fixture(scope="module")
def default_jsonld(built_graph: BuiltGraph) -> bytes:
    return export(built_graph, format="jsonld")


@pytest.fixture(scope="module")
def default_nquads(built_graph: BuiltGraph) -> set[ox.Quad]:
    return set(ox.parse(export(built_graph, format="nquads"), ox.RdfFormat.N_QUADS))


@pytest.mark.usefixtures("offline")
@pytest.mark.parametrize(
    "reader",
    [
        pytest.param(quads_of_rdflib, id="rdflib"),
        pytest.param(lambda data: set(ox.parse(data, ox.RdfFormat.JSON_LD)), id="pyoxigraph"),
        pytest.param(quads_of_pyld, id="pyld"),
    ],
)
def test_default_jsonld_export_reads_offline_as_the_nquads_export(
    reader: Callable[[bytes], set[ox.Quad]], default_jsonld: bytes, default_nquads: set[ox.Quad]
) -> None:
    """The default export names no remote context: three processors read it with the network refused,
    and each gets exactly the quads of the N-Quads export, every source section's graph included."""
    quads = reader(default_jsonld)
    assert len(default_nquads) > 4000
    assert quads == default_nquads


@pytest.mark.usefixtures("offline")
def test_a_remote_context_is_opt_in_and_then_needs_its_address(built_graph: BuiltGraph) -> None:
    url = "https://example.org/cybergraph/context.jsonld"
    data = export(built_graph, format="jsonld", include={"ontology"}, context_url=url)
    document = json.loads(data)
    assert document["@context"] == url
    with pytest.raises(AssertionError, match="network access attempted"):  # what the default spares
        quads_of_rdflib(data)
    from pyld.jsonld import JsonLdError

    with pytest.raises(JsonLdError) as failure:  # pyld wraps the loader's error in its own
        quads_of_pyld(data)
    causes: list[BaseException] = []
    cause: BaseException | None = failure.value
    while cause is not None:
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    assert f"pyld tried to load {url}" in [str(c) for c in causes]
    # Given the shipped file in its place, the document is the same as the default export.
    document["@context"] = shipped_context()["@context"]
    assert json.dumps(document, indent=2, ensure_ascii=False) + "\n" == export(
        built_graph, format="jsonld", include={"ontology"}
    ).decode("utf-8")


@pytest.mark.parametrize(
    ("format", "url", "message"),
    [
        ("turtle", CONTEXT_URL, "a context address is for JSON-LD, not turtle"),
        ("jsonld", "context.jsonld", "must be an absolute http(s) URL"),
        ("jsonld", "file:///etc/passwd", "must be an absolute http(s) URL"),
        ("jsonld", "https://exa mple.org/c", "must be an absolute http(s) URL"),
    ],
)
def test_a_context_address_that_cannot_serve_is_refused(
    built_graph: BuiltGraph, format: str, url: str, message: str
) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        export(built_graph, format=format, include={"ontology"}, context_url=url)


def _tiny(*triples: ox.Triple) -> BuiltGraph:
    store = ox.Store()
    graph = ox.NamedNode("https://w3id.org/cybergraph/id/tiny")
    store.extend([ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples])
    return BuiltGraph(store=store)


TRICKY = [
    "tab\there",
    'quote " and backslash \\',
    "line\nbreak and\r\ncarriage return",
    "control \x01 character",
    "non-ASCII: Genève, 北京, emoji 🔒",
    "  leading and trailing spaces  ",
    "<angle> & ampersand",
    'line one\nline two ends with a quote"',
    '"starts with a quote\nand has two lines',
    'three """ quotes\nand "" two, on two lines',
    "two lines\nending in a backslash \\",
]


@pytest.mark.parametrize("format", [f for f in FORMATS if f != "rdfxml"] + ["rdfxml"])
def test_tricky_literals_survive_every_format(format: str) -> None:
    s, p = ox.NamedNode("https://w3id.org/cybergraph/id/x"), ox.NamedNode("https://example.org/vocab#note")
    triples = [ox.Triple(s, p, ox.Literal(t)) for t in TRICKY]
    triples += [
        ox.Triple(s, p, ox.Literal("fr", language="fr")),
        ox.Triple(s, p, ox.Literal("2012", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))),
        ox.Triple(s, p, ox.Literal("007", datatype=ox.NamedNode("https://example.org/vocab#code"))),
        ox.Triple(
            s, ox.NamedNode("https://example.org/other/p-1"), ox.NamedNode("https://example.org/a?b=1&c=2#d")
        ),
    ]
    if format == "rdfxml":
        triples = [t for t in triples if "\x01" not in t.object.value]  # type: ignore[union-attr]
    built = _tiny(*triples)
    quads = select(built, include={"data"})
    data = export(built, format=format, include={"data"})
    assert_same(parse_with_rdflib(data, format), quads, format)
    assert_same(parse_with_oxigraph(data, format), quads, format)


def test_rdfxml_refuses_what_xml_cannot_carry() -> None:
    built = _tiny(
        ox.Triple(ox.NamedNode("https://e.org/s"), ox.NamedNode("https://e.org/p"), ox.Literal("bell \x07"))
    )
    with pytest.raises(ExportError, match=r"XML 1\.0"):
        export(built, format="rdfxml", include={"data"})


def test_blank_node_labels_depend_on_content_only(shapes_file: Path) -> None:
    runs = set()
    for _ in range(3):  # each parse gives the blank nodes new random labels
        built = _tiny(*read_triples(shapes_file))
        runs.add(export(built, format="nquads", include={"data"}))
    assert len(runs) == 1
    text = runs.pop().decode()
    assert "_:b" in text and "genid" not in text
    # The two identical property shapes stay two nodes, in the named graph and in the default graph.
    lines = [line for line in text.splitlines() if "<http://www.w3.org/ns/shacl#maxCount>" in line]
    assert len([line for line in lines if line.endswith("/tiny> .")]) == 2 and len(lines) == 4


def test_shared_blank_node_is_refused_with_a_reason() -> None:
    shared = ox.BlankNode()
    p = ox.NamedNode("https://e.org/p")
    built = _tiny(
        ox.Triple(ox.NamedNode("https://e.org/a"), p, shared),
        ox.Triple(ox.NamedNode("https://e.org/b"), p, shared),
        ox.Triple(shared, ox.NamedNode("https://e.org/q"), ox.Literal("x")),
    )
    for format in FORMATS:
        with pytest.raises(ExportError, match="object of 2 triples; give it an IRI"):
            export(built, format=format, include={"data"})


# Run in a fresh interpreter: build (from the cache, or from scratch with a new cache), export every
# format and the description, write each to OUT/<format>.
_EXPORT_ALL = """
import sys
from pathlib import Path
from cybergraph.graph.build import build
from cybergraph.publishing.export import FORMATS, description, export, graph_quads, serialize
out, shapes = Path(sys.argv[1]), Path(sys.argv[2])
built = build()
for name in FORMATS:
    parts = {"ontology", "data", "shapes"}
    data = export(built, format=name, selection="all", include=parts, shapes_file=shapes)
    (out / name).write_bytes(data)
void = description(built, endpoint_url="http://localhost:7878/query", dump_url="https://example.org/cg.nq")
for name in ("turtle", "ntriples", "jsonld", "rdfxml"):
    (out / f"void-{name}").write_bytes(serialize(graph_quads(void), format=name))
"""


def test_same_bytes_in_separate_processes_for_every_format(
    tmp_path: Path, built_graph: BuiltGraph, shapes_file: Path
) -> None:
    # One process reads the cached build; the other builds from scratch in an empty cache, under
    # another hash seed, so that neither set iteration order nor the build changes a byte.
    runs = []
    for seed, cache in (("1", os.environ.get("CYBERGRAPH_CACHE", "")), ("4242", str(tmp_path / "cache"))):
        out = tmp_path / f"out-{seed}"
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed, "CYBERGRAPH_CACHE": cache}
        process = subprocess.Popen(
            [sys.executable, "-c", _EXPORT_ALL, str(out), str(shapes_file)],
            env=env,
            cwd=ROOT,
            stderr=subprocess.PIPE,
        )
        runs.append((process, out))
    for process, _ in runs:
        _, err = process.communicate(timeout=240)
        assert process.returncode == 0, err.decode()
    (_, first), (_, second) = runs
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted([*FORMATS, "void-turtle", "void-ntriples", "void-jsonld", "void-rdfxml"])
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), f"{name} differs between runs"
    # And the same as this process's export.
    here = export(
        built_graph,
        format="nquads",
        selection="all",
        include={"ontology", "data", "shapes"},
        shapes_file=shapes_file,
    )
    assert (first / "nquads").read_bytes() == here


@pytest.mark.parametrize("format", ["ntriples", "nquads", "turtle", "trig"])
def test_line_formats_written_from_the_store_are_the_bytes_of_the_quads(
    format: str, built_graph: BuiltGraph, shapes_file: Path
) -> None:
    # Without blank nodes in the store, these formats are written from the store's own N-Triples (the
    # shapes, with blank nodes, from their file): the same bytes as writing the selected quads.
    for include in ({"ontology", "data"}, {"ontology", "data", "shapes"}):
        options = {"selection": "all", "include": include, "shapes_file": shapes_file}
        quads = select(built_graph, **options)  # type: ignore[arg-type]
        assert export(built_graph, format=format, **options) == serialize(quads, format=format)  # type: ignore[arg-type]


def test_a_literal_that_looks_like_a_blank_node_and_the_default_graph() -> None:
    s, p, g = (
        ox.NamedNode("https://e.org/s"),
        ox.NamedNode("https://e.org/p"),
        ox.NamedNode("https://e.org/g"),
    )
    store = ox.Store()
    store.add(ox.Quad(s, p, ox.Literal("see _:b1 .\nnext line"), g))
    store.add(ox.Quad(s, p, ox.Literal("x"), g))
    fill_default_graph(store)  # as a build does
    # The store's default graph is not read: the export's is the union of the graphs it selects.
    store.add(ox.Quad(s, p, ox.Literal("only in the store's default graph")))
    built = BuiltGraph(store=store)
    expected = (
        b'<https://e.org/s> <https://e.org/p> "see _:b1 .\\nnext line" .\n'
        b'<https://e.org/s> <https://e.org/p> "see _:b1 .\\nnext line" <https://e.org/g> .\n'
        b'<https://e.org/s> <https://e.org/p> "x" .\n'
        b'<https://e.org/s> <https://e.org/p> "x" <https://e.org/g> .\n'
    )
    assert export(built, format="nquads", include={"data"}) == expected
    assert serialize(select(built, include={"data"}), format="nquads") == expected
    assert export(built, format="ntriples", include={"ontology"}) == b""


@pytest.mark.parametrize("format", ["ntriples", "nquads", "turtle", "trig"])
def test_a_store_with_blank_nodes_is_written_the_quads_way(format: str) -> None:
    # The store's own text is given up at the first graph with a blank node: the labels come by content.
    store = ox.Store()
    p = ox.NamedNode("https://e.org/p")
    for i in range(3):
        graph = ox.NamedNode(f"https://e.org/g{i}")
        store.add(ox.Quad(ox.NamedNode(f"https://e.org/s{i}"), p, ox.Literal(f"v{i}"), graph))
    node = ox.BlankNode()
    store.add(ox.Quad(ox.NamedNode("https://e.org/s1"), p, node, ox.NamedNode("https://e.org/g1")))
    store.add(ox.Quad(node, p, ox.Literal("inside"), ox.NamedNode("https://e.org/g1")))
    built = BuiltGraph(store=store)
    data = export(built, format=format, include={"data"})
    assert data == serialize(select(built, include={"data"}), format=format)
    if format in ("ntriples", "nquads"):
        assert b"_:b" in data
    else:
        pad = b"    " if format == "trig" else b""
        assert b"[\n        " + pad + b'<https://e.org/p> "inside"\n    ' + pad + b"]" in data

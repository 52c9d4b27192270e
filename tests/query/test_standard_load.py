"""The published dump on a STANDARD load: every stored query, with every example of its header, gives the
golden answer (the first example) or the embedded store's (the others) on four engines:

(a) the embedded store, as every command queries it;
(b) an Oxigraph server started with no special flag (no `--union-default-graph`), loaded by
    `cybergraph publish --quads --inferred`;
(c) Virtuoso Open Source 7, the dump (`cybergraph export --format nquads --inferred`) loaded by its bulk
    loader with the default graph's triples in graph:default, queried through `cybergraph query
    --endpoint … --default-graph-uri …`, as the README tells users to;
(d) rdflib's Dataset with its default settings (not default_union), parsing the same dump.

None of them is told to read the union of the graphs: plain patterns read the dump's default graph,
which holds every fact once, and `GRAPH ?g` its named graphs (graph.dataset).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from cybergraph.cli import main
from cybergraph.graph.build import BuiltGraph
from cybergraph.graph.dataset import DEFAULT_GRAPH_NAME
from cybergraph.publishing.export import export
from cybergraph.publishing.publish import publish
from cybergraph.query.catalogue import example_args, find, names
from cybergraph.query.engine import Embedded
from cybergraph.query.results import Result, Solutions, Triples
from cybergraph.query.run import prepare
from cybergraph.query.sparql import Query
from tests.equivalence import Rdflib, normalised
from tests.oxigraph_server import start, stop
from tests.virtuoso_server import VirtuosoServer

GOLDEN = Path(__file__).parent / "golden"
ENGINES = ("embedded", "oxigraph", "virtuoso", "rdflib")
CASES = [(name, index) for name in names() for index in range(len(find(name).examples))]


def golden(name: str) -> Result:
    """The golden answer of a query's first example, read back from its file."""
    turtle = GOLDEN / f"{name}.ttl"
    if turtle.exists():
        return Triples(tuple(ox.parse(turtle.read_bytes(), format=ox.RdfFormat.TURTLE)))
    return _solutions((GOLDEN / f"{name}.tsv").read_bytes())


def _solutions(tsv: bytes) -> Solutions:
    answer = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    variables = tuple(v.value for v in answer.variables)  # type: ignore[union-attr]
    rows = tuple(tuple(s[v] for v in variables) for s in answer)  # type: ignore[union-attr]
    return Solutions(variables, rows, ordered=True)


def _graph_query(name: str) -> bool:
    return Query(find(name).text).form in ("CONSTRUCT", "DESCRIBE")


@pytest.fixture(scope="module")
def dump(project: BuiltGraph) -> bytes:
    """What `cybergraph export --format nquads --inferred` writes."""
    return export(project, format="nquads", selection="all")


@pytest.fixture(scope="module")
def oxigraph_plain(project: BuiltGraph) -> Iterator[str]:
    """`oxigraph serve` with no flag, loaded by `cybergraph publish --quads --inferred`."""
    process, server = start(union_default_graph=False)
    try:
        done = publish(project, endpoint=server.store_url, quads=True, selection="all")
        assert done.target == "the whole dataset"
        yield server.query_url
    finally:
        stop(process)


@pytest.fixture(scope="module")
def rdflib_dataset(dump: bytes) -> Dataset:
    dataset = Dataset()  # the default settings: its default graph is the dump's, not a union
    dataset.parse(data=dump, format="nquads")
    return dataset


def answer(engine: str, name: str, index: int, request: pytest.FixtureRequest) -> Result:
    """The answer of one example of a stored query on one engine."""
    query = find(name)
    words, params = example_args(query.examples[index], name, origin=query.origin)
    if engine == "virtuoso":
        return _through_the_command(request, words, name, request.getfixturevalue("virtuoso_loaded"))
    if engine == "embedded":
        chosen = Embedded(request.getfixturevalue("project").store)
        return prepare(query, engine=chosen, params=params, timeout=None).run()
    if engine == "oxigraph":
        endpoint = request.getfixturevalue("oxigraph_plain")
        return prepare(query, endpoint=endpoint, params=params, timeout=60).run()
    rdflib_engine = Rdflib(request.getfixturevalue("rdflib_dataset"))
    return prepare(query, engine=rdflib_engine, params=params, timeout=None).run()


def _through_the_command(
    request: pytest.FixtureRequest, words: list[str], name: str, endpoint: str
) -> Result:
    capsys: pytest.CaptureFixture[str] = request.getfixturevalue("capsys")
    graph = _graph_query(name)
    # The example's own --format gives way to one that keeps every term's type.
    flags = ("--format", "-f")
    args = [w for before, w in pairwise(words) if w not in flags and before not in flags]
    args += ["--format", "ntriples" if graph else "tsv", "--endpoint", endpoint]
    args += ["--default-graph-uri", DEFAULT_GRAPH_NAME]
    code = main(args)
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    if graph:
        return Triples(tuple(ox.parse(out.encode(), format=ox.RdfFormat.N_TRIPLES)))
    return _solutions(out.encode())


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "index"), CASES)
def test_the_catalogue_on_a_standard_load(
    engine: str, name: str, index: int, request: pytest.FixtureRequest
) -> None:
    expected = golden(name) if index == 0 else answer("embedded", name, index, request)
    got = answer(engine, name, index, request)
    assert normalised(got) == normalised(expected)


def test_without_virtuoso_its_tests_skip_naming_the_package_but_fail_under_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tests.virtuoso_server as harness

    monkeypatch.setattr(harness.shutil, "which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"install the Debian package virtuoso-opensource"):
        harness.executables()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(
        pytest.fail.Exception, match=r"virtuoso-opensource.*under CI=true the Virtuoso tests must run"
    ):
        harness.executables()


def test_virtuoso_with_the_graph_as_its_endpoints_default_needs_no_parameter(
    virtuoso: VirtuosoServer, virtuoso_loaded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's other way for Virtuoso: make graph:default the default of /sparql for every client."""

    def statistics() -> Result:
        assert main(["query", "statistics", "--format", "tsv", "--endpoint", virtuoso_loaded]) == 0
        return _solutions(capsys.readouterr().out.encode())

    # Without it, the default graph is the union of all of Virtuoso's graphs: each fact once per graph.
    assert normalised(statistics()) != normalised(golden("statistics"))
    row = f"('*', '{DEFAULT_GRAPH_NAME}')"
    virtuoso.sql(f"INSERT INTO DB.DBA.SYS_SPARQL_HOST (SH_HOST, SH_GRAPH_URI) VALUES {row};")
    try:
        assert normalised(statistics()) == normalised(golden("statistics"))
    finally:
        virtuoso.sql("DELETE FROM DB.DBA.SYS_SPARQL_HOST WHERE SH_HOST = '*';")

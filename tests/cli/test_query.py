"""`cybergraph query` and `cybergraph queries`: formats, errors with exit code 2, time limits, endpoints."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from cybergraph.cli import main
from cybergraph.graph.build import BuiltGraph
from cybergraph.query.catalogue import names
from tests.oxigraph_server import start

XSD = "http://www.w3.org/2001/XMLSchema#"
CLASSES = (
    "SELECT ?class ?label WHERE { VALUES ?class { cg:Convention cg:Resolution } ?class rdfs:label ?label }"
    " ORDER BY ?class"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _built(project: BuiltGraph) -> None:
    """Every command here reuses the session's cached build."""


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (
            "tsv",
            '?class\t?label\n<https://w3id.org/cybergraph/def#Convention>\t"convention"@en\n'
            '<https://w3id.org/cybergraph/def#Resolution>\t"resolution"@en\n',
        ),
        (
            "csv",
            "class,label\r\nhttps://w3id.org/cybergraph/def#Convention,convention\r\n"
            "https://w3id.org/cybergraph/def#Resolution,resolution\r\n",
        ),
        (
            "table",
            "class       label\n----------  ----------\n"
            "convention  convention\nresolution  resolution\n(2 rows)\n",
        ),
        (
            "markdown",
            "| class | label |\n| --- | --- |\n"
            "| [convention](<https://w3id.org/cybergraph/def#Convention>) | convention |\n"
            "| [resolution](<https://w3id.org/cybergraph/def#Resolution>) | resolution |\n",
        ),
    ],
)
def test_formats(capsys: pytest.CaptureFixture[str], fmt: str, expected: str) -> None:
    assert run(capsys, "query", "--sparql", CLASSES, "--format", fmt) == (0, expected, "")


def test_tsv_is_the_default_off_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "--sparql", CLASSES)
    assert code == 0 and out.startswith("?class\t?label\n")


def test_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    assert run(capsys, "query", "--sparql", CLASSES, "-f", "json", "-o", str(target)) == (0, "", "")
    assert target.read_text().startswith('{"head":{"vars":["class","label"]}')


def test_a_stored_query_with_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "query", "part-of-tree", "--param", "entity=International Telecommunication Union"
    )
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "?depth\t?part\t?parent\t?section"
    assert "\t<https://w3id.org/cybergraph/id/itu-t>\t<https://w3id.org/cybergraph/id/itu>\t" in out


def test_jsonld_answers_carry_their_context_unless_a_remote_one_is_asked_for(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from cybergraph.rdf.jsonld import shipped_context

    code, out, err = run(capsys, "query", "describe", "--param", "entity=cert-eu", "--format", "jsonld")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document["@context"] == shipped_context()["@context"]
    assert "cgid:ewi-2012-para-cert-eu" in out
    code, remote, err = run(
        capsys,
        "query",
        "describe",
        "-p",
        "entity=cert-eu",
        "-f",
        "jsonld",
        "--context-url",
        "https://e.org/c",
    )
    assert (code, err) == (0, "")
    assert json.loads(remote) == {**document, "@context": "https://e.org/c"}


def test_a_construct_query_writes_turtle(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "query",
        "--sparql",
        "CONSTRUCT { cg:Convention rdfs:label ?l } WHERE { cg:Convention rdfs:label ?l }",
    )
    assert (code, out) == (
        0,
        "@prefix cg: <https://w3id.org/cybergraph/def#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
        'cg:Convention rdfs:label "convention"@en .\n',
    )


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (
            ["timeline", "--param", "form=2000"],
            "error: query 'timeline' has no parameter 'form'\n"
            "  hint: its parameters: from (integer, default 1980), to (integer, default 2030)\n",
        ),
        (
            ["timeline", "--param", "from=MMV"],
            "error: parameter from is integer, but 'MMV' is not a whole number\n"
            "  hint: expected a whole number such as 2005\n",
        ),
        (
            ["describe"],
            "error: query 'describe' needs the parameter entity: an entity: its slug (itu), its label"
            " (International Telecommunication Union) or its full IRI\n"
            "  hint: give it with --param entity=VALUE (for example --param entity=cert-eu)\n",
        ),
        (
            ["describe", "--param", "entity=Nowhere At All"],
            "error: no entity has the slug, label or IRI 'Nowhere At All'\n"
            "  hint: give its slug (as in cgid:SLUG), its label or its full IRI\n",
        ),
        (
            ["timelines"],
            "error: no stored query 'timelines'\n"
            "  hint: did you mean timeline? `cybergraph queries` lists them;"
            " run your own with --file or --sparql\n",
        ),
        (
            ["--sparql", 'SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = "x)\n}'],
            "<--sparql>:3:15: error: SPARQL syntax error: a string is not closed on its line\n",
        ),
        (
            ["--sparql", "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}"],
            "<--sparql>:3:3: error: SPARQL syntax error: unexpected 'FILTER'\n  hint: here: FILTER(?o = )\n",
        ),
        (
            ["--sparql", "SELECT * WHERE { ?s ?p ?o "],
            "<--sparql>:1:25: error: SPARQL syntax error: the query ends before it is complete (expected",
        ),
        (
            ["--sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"],
            "<--sparql>:1:18: error: the query calls a SERVICE (http://127.0.0.1:9/), which would send"
            " requests to another server\n"
            "  hint: run it with --allow-service if you mean it to\n",
        ),
        (
            ["--sparql", "DELETE WHERE { ?s ?p ?o }"],
            "<--sparql>:1:1: error: this is a SPARQL update (DELETE), not a query\n"
            "  hint: cybergraph only reads the graph: write a SELECT, ASK, CONSTRUCT or DESCRIBE query\n",
        ),
        (
            ["describe", "--param", "entity=itu", "--format", "csv"],
            "error: a CONSTRUCT query answers with a graph, which --format csv cannot hold\n"
            "  hint: use --format turtle, ntriples, jsonld\n",
        ),
        (
            ["describe", "--param", "entity=itu", "--format", "turtle", "--context-url", "https://e.org/c"],
            "error: a context address is for JSON-LD, not turtle\n"
            "  hint: add --format jsonld, or leave it out\n",
        ),
        (
            ["describe", "--param", "entity=itu", "--context-url", "https://e.org/c"],
            "error: a context address is for JSON-LD, not turtle\n",
        ),
        (
            [],
            "error: give one query: a stored query's NAME, --file FILE or --sparql TEXT\n"
            "  hint: `cybergraph queries` lists the stored queries\n",
        ),
        (
            ["timeline", "--sparql", "ASK {}"],
            "error: give one query: a stored query's NAME, --file FILE or --sparql TEXT\n"
            "  hint: `cybergraph queries` lists the stored queries\n",
        ),
        (
            ["--sparql", "ASK {}", "--endpoint", "ftp://x/"],
            "error: --endpoint 'ftp://x/' is not an http(s) URL\n",
        ),
        (
            ["--sparql", "ASK {}", "--default-graph-uri", "https://w3id.org/cybergraph/graph/default"],
            "error: --default-graph-uri is for a SPARQL endpoint (--endpoint URL)\n"
            "  hint: the built graph's default graph already holds every fact once\n",
        ),
        (
            [
                "--sparql",
                "ASK {}",
                "--endpoint",
                "http://127.0.0.1:9/sparql",
                "--default-graph-uri",
                "no iri",
            ],
            "error: --default-graph-uri 'no iri' is not an absolute IRI\n"
            "  hint: give the graph the dump's default graph was loaded into,"
            " e.g. https://w3id.org/cybergraph/graph/default\n",
        ),
    ],
)
def test_errors_exit_2_with_a_message(
    capsys: pytest.CaptureFixture[str], args: list[str], stderr: str
) -> None:
    code, out, err = run(capsys, "query", *args)
    assert (code, out) == (2, "")
    assert err.startswith(stderr)


def test_syntax_error_in_a_file_names_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mine.rq"
    path.write_text(
        "# my own query\nPREFIX ex: <http://e/>\nSELECT ?x WHERE {\n  ?x ex:p ?y\n  FILTER(?y > 1)) }\n"
    )
    code, _, err = run(capsys, "query", "--file", str(path))
    assert code == 2
    assert err.splitlines()[0].endswith("mine.rq:5:17: error: SPARQL syntax error: unexpected ')'")
    assert err.splitlines()[1] == "  hint: here: FILTER(?y > 1)) }"


def test_a_file_with_a_header_takes_its_parameters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "label.rq"
    path.write_text(
        "# param: thing (entity) anything\nSELECT ?label WHERE { ?thing rdfs:label ?label } ORDER BY ?label\n"
    )
    assert run(capsys, "query", "--file", str(path), "-p", "thing=cg:Convention", "-f", "csv") == (
        0,
        "label\r\nconvention\r\n",
        "",
    )


def test_queries_lists_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "queries")
    rows = {
        line.split("  ")[0]: [c.strip() for c in line.split("  ") if c.strip()] for line in out.splitlines()
    }
    assert code == 0
    assert rows["timeline"] == [
        "timeline",
        "Timeline of instruments and events",
        "from (integer, default 1980), to (integer, default 2030)",
    ]
    assert rows["describe"][2] == "entity (entity, required)"
    assert len([r for r in rows if r in names()]) == len(names())


def test_queries_shows_one(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "queries", "part-of-tree")
    assert code == 0
    assert out.splitlines()[:7] == [
        "part-of-tree: Part-of tree of an organisation",
        "",
        "  What are the parts of an organisation, initiative or document (its units, bodies, study groups,",
        "  sections) at any depth, each under its direct parent, and which source section says so?",
        "",
        "Parameters",
        "  --param entity=…  (entity, required, example itu) the whole: its slug, label or IRI",
    ]


def test_queries_check_reports_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "fine.rq").write_text(
        "# title: t\n# question: q?\n# example: cybergraph query fine\n"
        "PREFIX cg: <https://w3id.org/cybergraph/def#>\nSELECT ?s WHERE { ?s a cg:Convention } ORDER BY ?s\n"
    )
    (tmp_path / "typo.rq").write_text(
        "# title: t\n# question: q?\n# example: cybergraph query typo\n"
        "PREFIX cg: <https://w3id.org/cybergraph/def#>\nASK { ?s a cg:Covention }\n"
    )
    monkeypatch.setattr("cybergraph.query.catalogue.folder", lambda: tmp_path)
    code, out, err = run(capsys, "queries", "--check")
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0].endswith("typo.rq:5:12: error: cg:Covention is not defined by the ontology")
    assert lines[1:] == ["  hint: did you mean cg:Convention?", "2 queries checked, 1 problems"]


EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_a_runaway_query_is_stopped() -> None:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "cybergraph", "query", "--sparql", EXPLOSIVE, "--timeout", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 2
    assert result.stderr == (
        "error: the query did not finish within 1 s and was stopped\n"
        "  hint: make it more selective, or allow more time with --timeout SECONDS\n"
    )
    assert elapsed < 10


# -- a real SPARQL endpoint


@pytest.fixture(scope="module")
def endpoint(project: BuiltGraph) -> Iterator[str]:
    """An Oxigraph server of our own (no flag: a standard dataset) holding the built graph, its default
    graph and its named graphs. Not the session's shared server, where other tests add graphs of their
    own. Every stored query on such a server: tests/query/test_standard_load.py."""
    process, server = start()
    try:
        request = urllib.request.Request(
            server.store_url,
            data=project.store.dump(format=ox.RdfFormat.N_QUADS),
            headers={"Content-Type": "application/n-quads"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status in (200, 201, 204)
        yield server.query_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.parametrize("value", ['x" } UNION { ?s ?p ?o } #', "line\n} UNION {\r\n", "\\u0022 }", "{", "}"])
def test_hostile_values_stay_values_on_the_endpoint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], endpoint: str, value: str
) -> None:
    echo, match = tmp_path / "echo.rq", tmp_path / "match.rq"
    echo.write_text("# param: text (literal) any text\nSELECT ?text WHERE { }\n")
    match.write_text(
        "# param: text (literal) any text\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(STR(?o) = ?text) }\n"
    )
    results = []
    for path in (echo, match):
        code, out, err = run(
            capsys, "query", "--file", str(path), "-p", f"text={value}", "-f", "json", "--endpoint", endpoint
        )
        assert (code, err) == (0, "")
        answer = ox.parse_query_results(out.encode(), format=ox.QueryResultsFormat.JSON)
        results.append([tuple(s) for s in answer])  # type: ignore[union-attr]
    assert results == [[(ox.Literal(value),)], [(ox.Literal("0", datatype=ox.NamedNode(XSD + "integer")),)]]


def test_entities_resolve_on_the_endpoint(capsys: pytest.CaptureFixture[str], endpoint: str) -> None:
    code, out, _ = run(
        capsys, "query", "part-of-tree", "-p", "entity=ITU", "--endpoint", endpoint, "-f", "csv"
    )
    assert code == 0 and "https://w3id.org/cybergraph/id/itu-t,https://w3id.org/cybergraph/id/itu," in out


def test_service_runs_when_allowed(capsys: pytest.CaptureFixture[str], endpoint: str) -> None:
    query = f"SELECT ?l WHERE {{ SERVICE <{endpoint}> {{ cg:Convention rdfs:label ?l }} }}"
    assert run(capsys, "query", "--sparql", query, "--allow-service", "-f", "csv") == (
        0,
        "l\r\nconvention\r\n",
        "",
    )


def test_endpoint_errors(capsys: pytest.CaptureFixture[str], endpoint: str) -> None:
    code, _, err = run(
        capsys, "query", "--sparql", "ASK {}", "--endpoint", endpoint.replace("/query", "/nowhere")
    )
    assert code == 2 and err.startswith("error: the endpoint rejected the query (HTTP 404 Not Found)")
    code, _, err = run(capsys, "query", "--sparql", "ASK {}", "--endpoint", "http://127.0.0.1:9/sparql")
    assert code == 2 and err.startswith("error: cannot reach the endpoint http://127.0.0.1:9/sparql: ")


def test_default_formats() -> None:
    from cybergraph.query.run import default_format

    assert [default_format(form, to_terminal=tty) for form in ("SELECT", "ASK") for tty in (True, False)] == [
        "table",
        "tsv",
        "table",
        "tsv",
    ]
    assert default_format("CONSTRUCT", to_terminal=True) == default_format("DESCRIBE", to_terminal=False)
    assert default_format("DESCRIBE", to_terminal=False) == "turtle"


def test_a_stored_query_with_an_entity_parameter_runs_in_one_worker(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, project: BuiltGraph
) -> None:
    # Resolving `organisation`, running the query and writing the answer share one sandboxed worker (a
    # fork per query was a tenth of a cold `query`), and answer what the library's two steps answer.
    from cybergraph.core import sandbox
    from cybergraph.query.engine import Embedded
    from cybergraph.query.run import prepare

    forks: list[int] = []
    fork = sandbox.os.fork

    def counted() -> int:
        forks.append(1)
        return fork()

    monkeypatch.setattr(sandbox.os, "fork", counted)
    code, out, err = run(capsys, "query", "members", "--param", "organisation=sco")
    assert (code, err, len(forks)) == (0, "", 1)
    monkeypatch.undo()
    prepared = prepare("members", params={"organisation": "sco"}, engine=Embedded(project.store))
    expected = prepared.answer("tsv")
    assert out == expected and out.count("\n") > 1

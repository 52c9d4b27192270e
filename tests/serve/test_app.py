"""Every route of the server at the HTTP level (Starlette's TestClient, one application for the module):
the SPARQL Protocol, content negotiation, dereferenceable IRIs, the stored questions as an API, the
pages' routing, ETag, CORS, the limits on a request, and the errors with the command line's messages."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import redirect_stderr
from pathlib import Path

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from cybergraph.cli import main
from cybergraph.graph.build import BuiltGraph
from cybergraph.publishing.export import graph_quads, serialize
from cybergraph.query.run import prepare, run_query
from cybergraph.serve.limits import Limits
from tests.serve.conftest import make_client

LABEL = "SELECT ?l WHERE { cgid:apec rdfs:label ?l }"
SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.fixture(scope="module")
def client(project: BuiltGraph, assets: Path) -> Iterator[TestClient]:
    yield from make_client(project, assets, Limits(workers=2, max_rows=200, client_errors=1000))


def cli_error(*args: str) -> str:
    """What `cybergraph ...` prints on standard error."""
    err = io.StringIO()
    with redirect_stderr(err):
        code = main(list(args))
    assert code == 2
    return err.getvalue()


# -- the SPARQL Protocol


@pytest.mark.parametrize(
    ("accept", "media_type", "body"),
    [
        ("text/csv", "text/csv; charset=utf-8", "l\r\nAsia-Pacific Economic Cooperation\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8",
         '?l\n"Asia-Pacific Economic Cooperation"@en\n'),
        ("application/sparql-results+json", "application/sparql-results+json; charset=utf-8",
         '{"head":{"vars":["l"]},"results":{"bindings":[{"l":{"type":"literal","value":'
         '"Asia-Pacific Economic Cooperation","xml:lang":"en"}}]}}\n'),
        ("application/sparql-results+xml", "application/sparql-results+xml; charset=utf-8",
         '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
         '<variable name="l"/></head><results><result><binding name="l"><literal xml:lang="en">'
         "Asia-Pacific Economic Cooperation</literal></binding></result></results></sparql>\n"),
        (None, "application/sparql-results+json; charset=utf-8", None),
        ("text/html;q=0.9, */*;q=0.1", "application/sparql-results+json; charset=utf-8", None),
    ],
)  # fmt: skip
def test_select_by_accept(client: TestClient, accept: str | None, media_type: str, body: str | None) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": LABEL}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert "Accept" in response.headers["vary"]
    if body is not None:
        assert response.text == body


def test_three_ways_to_send_a_query(client: TestClient) -> None:
    accept = {"Accept": "text/csv"}
    get = client.get("/sparql", params={"query": LABEL}, headers=accept)
    form = client.post("/sparql", data={"query": LABEL}, headers=accept)
    direct = client.post(
        "/sparql", content=LABEL.encode(), headers={**accept, "Content-Type": "application/sparql-query"}
    )
    assert get.text == form.text == direct.text == "l\r\nAsia-Pacific Economic Cooperation\r\n"


def test_ask(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "ASK { cgid:apec a cg:Organization }"})
    assert response.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize(
    ("accept", "media_type", "fmt"),
    [
        ("text/turtle", "text/turtle; charset=utf-8", "turtle"),
        ("application/n-triples", "application/n-triples", "ntriples"),
        ("application/ld+json", "application/ld+json; charset=utf-8", "jsonld"),
        ("application/rdf+xml", "application/rdf+xml; charset=utf-8", "rdfxml"),
    ],
)
def test_construct_by_accept(client: TestClient, accept: str, media_type: str, fmt: str) -> None:
    query = "CONSTRUCT { cgid:apec ?p ?o } WHERE { cgid:apec ?p ?o }"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    expected = run_query(query)
    assert response.content == serialize(graph_quads(expected.triples), format=fmt)  # type: ignore[union-attr]


def test_describe_query(client: TestClient) -> None:
    response = client.get(
        "/sparql", params={"query": "DESCRIBE cgid:apec"}, headers={"Accept": "application/n-triples"}
    )
    assert response.status_code == 200
    assert (
        "<https://w3id.org/cybergraph/id/apec> <http://www.w3.org/2000/01/rdf-schema#label>"
        ' "Asia-Pacific Economic Cooperation"@en .' in response.text.splitlines()
    )


def test_406(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": LABEL}, headers={"Accept": "text/turtle"})
    assert response.status_code == 406
    assert response.text.startswith("error: none of the formats asked for in Accept is available here")
    graph = client.get("/sparql", params={"query": "DESCRIBE cgid:apec"}, headers={"Accept": "text/csv"})
    assert graph.status_code == 406


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?x WHERE { ?x ?y }",
        "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
        "LOAD <http://example.org/data.ttl>",
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }",
    ],
)
def test_bad_and_refused_queries_say_what_the_command_line_says(client: TestClient, query: str) -> None:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    expected = cli_error("query", "--sparql", query).replace("<--sparql>", "<query>")
    assert response.text == expected


def test_updates_are_refused_however_they_come(client: TestClient) -> None:
    update = "DELETE WHERE { ?s ?p ?o }"
    expected = cli_error("query", "--sparql", update).replace("<--sparql>", "<query>")
    by_form = client.post("/sparql", data={"update": update})
    direct = client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"})
    assert (by_form.status_code, by_form.text) == (400, expected)
    assert (direct.status_code, direct.text) == (400, expected)
    assert client.get("/sparql", params={"query": "ASK { cgid:apec ?p ?o }"}).json()["boolean"] is True


def test_protocol_errors(client: TestClient) -> None:
    two = client.get("/sparql", params=[("query", LABEL), ("query", LABEL)])
    assert (two.status_code, two.text) == (
        400,
        "error: the request holds more than one query\n  hint: send one query= per request\n",
    )
    odd = client.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"})
    assert odd.status_code == 400
    assert odd.text.startswith(
        "error: a POST to the SPARQL endpoint must be a form or a query, not 'text/plain'"
    )
    bad = client.get("/sparql", params={"query": LABEL, "timeout": "soon"})
    assert (bad.status_code, bad.text.splitlines()[0]) == (
        400,
        "error: timeout must be a number of seconds above 0, not 'soon'",
    )
    assert client.put("/sparql").status_code == 405


def test_dataset_parameters(client: TestClient) -> None:
    section = "https://w3id.org/cybergraph/id/ewi-2012-para-apec"
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    expected = run_query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{section}> {{ ?s ?p ?o }} }}")
    n = next(iter(expected))[0]
    answer = client.get(
        "/sparql", params={"query": query, "default-graph-uri": section}, headers={"Accept": "text/csv"}
    )
    assert answer.text == f"n\r\n{n}\r\n"
    named = client.get(
        "/sparql",
        params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": section},
        headers={"Accept": "text/csv"},
    )
    assert named.text == f"g\r\n{section}\r\n"
    remote = client.get("/sparql", params={"query": query, "default-graph-uri": "http://example.org/g"})
    assert remote.status_code == 400
    assert "not one of this dataset's graphs" in remote.text


def test_rows_are_cut_at_the_limit_and_the_header_says_so(client: TestClient) -> None:
    many = client.get(
        "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"}
    )
    assert many.status_code == 200
    assert many.headers["x-cybergraph-truncated"] == "200"
    assert len(many.text.splitlines()) == 201
    few = client.get("/sparql", params={"query": LABEL})
    assert "x-cybergraph-truncated" not in few.headers


def test_etag_and_304(client: TestClient) -> None:
    first = client.get("/sparql", params={"query": LABEL}, headers={"Accept": "text/csv"})
    etag = first.headers["etag"]
    assert etag.endswith('-csv"')
    again = client.get(
        "/sparql", params={"query": LABEL}, headers={"Accept": "text/csv", "If-None-Match": etag}
    )
    assert again.status_code == 304
    assert again.content == b""
    other = client.get(
        "/sparql", params={"query": LABEL}, headers={"Accept": "application/json", "If-None-Match": etag}
    )
    assert other.status_code == 200


def test_cors(client: TestClient) -> None:
    preflight = client.options(
        "/sparql",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"},
    )  # fmt: skip
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in preflight.headers
    simple = client.get("/sparql", params={"query": LABEL}, headers={"Origin": "https://example.org"})
    assert simple.headers["access-control-allow-origin"] == "*"
    assert "X-Cybergraph-Truncated" in simple.headers["access-control-expose-headers"]


def test_service_description(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    triples = {q.triple for q in ox.parse(response.content, format=ox.RdfFormat.TURTLE)}
    service = ox.NamedNode("http://testserver/sparql")
    assert ox.Triple(service, ox.NamedNode(SD + "endpoint"), service) in triples
    assert (
        ox.Triple(service, ox.NamedNode(SD + "supportedLanguage"), ox.NamedNode(SD + "SPARQL11Query"))
        in triples
    )
    jsonld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"] == "application/ld+json; charset=utf-8"
    browser = client.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False)
    assert (browser.status_code, browser.headers["location"]) == (303, "http://testserver/editor")


def test_void(client: TestClient) -> None:
    response = client.get("/.well-known/void", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    lines = response.text.splitlines()
    assert (
        "<https://w3id.org/cybergraph/dataset> <http://rdfs.org/ns/void#sparqlEndpoint>"
        " <http://testserver/sparql> ." in lines
    )
    assert any(
        line.startswith("<https://w3id.org/cybergraph/dataset> <http://rdfs.org/ns/void#triples> ")
        for line in lines
    )


# -- dereferenceable IRIs


def test_entity_in_rdf_is_the_describe_query(client: TestClient) -> None:
    response = client.get("/id/apec", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    answer = prepare("describe", params={"entity": ox.NamedNode("https://w3id.org/cybergraph/id/apec")}).run()
    assert response.content == serialize(graph_quads(answer.triples), format="turtle")  # type: ignore[union-attr]
    assert response.headers["content-location"] == "http://testserver/id/apec.ttl"
    assert "x-cybergraph-truncated" not in response.headers
    big = client.get("/id/united-nations", headers={"Accept": "application/n-triples"})
    assert big.headers["x-cybergraph-truncated"] == "200"
    assert len(big.text.splitlines()) == 200
    assert response.headers["vary"].startswith("Accept")
    links = response.headers["link"]
    kinds = (("html", "text/html"), ("ttl", "text/turtle"), ("jsonld", "application/ld+json"),
             ("nt", "application/n-triples"), ("rdf", "application/rdf+xml"))  # fmt: skip
    for suffix, media_type in kinds:
        assert f'<http://testserver/id/apec.{suffix}>; rel="alternate"; type="{media_type}"' in links


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/id/apec.ttl", "text/turtle; charset=utf-8"),
        ("/id/apec.jsonld", "application/ld+json; charset=utf-8"),
        ("/id/apec.nt", "application/n-triples"),
        ("/id/apec.rdf", "application/rdf+xml; charset=utf-8"),
        ("/id/apec.html", "text/html; charset=utf-8"),
    ],
)
def test_entity_by_suffix(client: TestClient, path: str, media_type: str) -> None:
    response = client.get(path, headers={"Accept": "text/csv"})  # the suffix wins over Accept
    assert (response.status_code, response.headers["content-type"]) == (200, media_type)


def test_entity_html_comes_from_the_pages(client: TestClient) -> None:
    response = client.get("/id/apec", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.text == "<h1>Asia-Pacific Economic Cooperation</h1>"
    assert response.headers["content-location"] == "http://testserver/id/apec.html"


def test_unknown_entity(client: TestClient) -> None:
    rdf = client.get("/id/no-such-thing", headers={"Accept": "text/turtle"})
    assert (rdf.status_code, rdf.text) == (
        404,
        "error: the graph holds nothing about https://w3id.org/cybergraph/id/no-such-thing\n",
    )
    page = client.get("/id/no-such-thing", headers={"Accept": "text/html"})
    assert (page.status_code, page.text) == (404, "<h1>Not found</h1><p>/id/no-such-thing</p>")
    assert client.get("/id/a%20b", headers={"Accept": "text/turtle"}).status_code == 404


def test_ontology(client: TestClient, project: BuiltGraph) -> None:
    turtle = client.get("/def", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200
    parsed = {q.triple for q in ox.parse(turtle.content, format=ox.RdfFormat.TURTLE)}
    stored = {
        q.triple
        for q in project.store.quads_for_pattern(
            None, None, None, ox.NamedNode("https://w3id.org/cybergraph/graph/ontology")
        )
    }
    assert len(parsed) == len(stored)
    assert (
        ox.Triple(
            ox.NamedNode("https://w3id.org/cybergraph/def#Convention"),
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode("http://www.w3.org/2002/07/owl#Class"),
        )
        in parsed
    )
    assert client.get("/def.nt").headers["content-type"] == "application/n-triples"
    assert client.get("/def.rdf").headers["content-type"] == "application/rdf+xml; charset=utf-8"
    assert client.get("/def", headers={"Accept": "text/html"}).text == "<p>page /def []</p>"
    assert client.get("/def.xyz").status_code == 404


# -- the stored questions


def test_catalogue_as_json(client: TestClient) -> None:
    response = client.get("/queries", headers={"Accept": "application/json"})
    items = {q["name"]: q for q in response.json()["queries"]}
    assert items["members"]["parameters"] == [
        {"name": "organisation", "type": "entity", "required": False, "default": "apec", "example": "sco",
         "description": "the organisation, alliance or partnership"},
    ]  # fmt: skip
    assert items["members"]["url"] == "http://testserver/queries/members"
    assert items["describe"]["form"] == "CONSTRUCT"
    assert client.get("/queries", headers={"Accept": "text/html"}).text == "<p>page /queries []</p>"


@pytest.mark.parametrize("suffix", ["csv", "tsv", "json", "xml"])
def test_question_by_suffix_is_the_command_lines_answer(client: TestClient, suffix: str) -> None:
    fmt = {"csv": "csv", "tsv": "tsv", "json": "json", "xml": "xml"}[suffix]
    response = client.get(f"/queries/members.{suffix}", params={"organisation": "sco"})
    assert response.status_code == 200
    assert response.text == prepare("members", params={"organisation": "sco"}).answer(fmt)


def test_question_by_accept_and_html(client: TestClient) -> None:
    csv = client.get("/queries/members", params={"organisation": "sco"}, headers={"Accept": "text/csv"})
    assert csv.text == prepare("members", params={"organisation": "sco"}).answer("csv")
    page = client.get("/queries/members", params={"organisation": "sco"}, headers={"Accept": "text/html"})
    assert page.text == "<p>page /queries/members [(&#x27;organisation&#x27;, &#x27;sco&#x27;)]</p>"
    graph = client.get("/queries/describe.nt", params={"entity": "apec"})
    assert graph.headers["content-type"] == "application/n-triples"
    assert client.get("/queries/describe.csv", params={"entity": "apec"}).status_code == 404


def test_bad_parameters_say_what_the_command_line_says(client: TestClient) -> None:
    for params, argv in (
        ({"organisation": "no-such-org"}, ["--param", "organisation=no-such-org"]),
        ({"colour": "red"}, ["--param", "colour=red"]),
    ):
        response = client.get("/queries/members.csv", params=params)
        assert response.status_code == 400
        assert response.text == cli_error("query", "members", *argv)
    year = client.get("/queries/timeline.csv", params={"from": "soon"})
    assert year.text == cli_error("query", "timeline", "--param", "from=soon")
    missing = client.get("/queries/no-such-query")
    assert missing.status_code == 404


def test_openapi(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert document["openapi"] == "3.0.3"
    timeline = document["paths"]["/queries/timeline"]["get"]
    params = {p["name"]: p for p in timeline["parameters"]}
    assert params["from"]["schema"] == {"type": "integer", "default": 1980}
    assert params["from"]["example"] == 2000
    assert params["timeout"]["schema"] == {"type": "number", "minimum": 0, "exclusiveMinimum": True}
    suffixed = document["paths"]["/queries/describe.{format}"]["get"]
    assert suffixed["parameters"][0]["schema"]["enum"] == ["ttl", "jsonld", "nt", "rdf"]
    assert set(timeline["responses"]["200"]["content"]) == {
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    }


# -- pages, assets, health, limits of a request


def test_pages_and_assets(client: TestClient) -> None:
    assert client.get("/", headers={"Accept": "text/html"}).text == "<p>page / []</p>"
    assert client.get("/editor", headers={"Accept": "text/html"}).status_code == 200
    nowhere = client.get("/nowhere", headers={"Accept": "text/html"})
    assert (nowhere.status_code, nowhere.text) == (404, "<h1>Not found</h1><p>/nowhere</p>")
    assert client.get("/nowhere", headers={"Accept": "application/json"}).status_code == 404
    css = client.get("/static/site.css")
    assert css.text == "body { margin: 0 }\n"
    assert css.headers["cache-control"] == "public, max-age=86400"


def test_a_pages_queries_are_limited_too(client: TestClient) -> None:
    response = client.get("/many", headers={"Accept": "text/html"})
    assert response.text == "<p>200 rows</p>"
    assert response.headers["x-cybergraph-truncated"] == "200"


def test_health(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["workers"] == 2
    assert body["in_flight"] == 0


def test_request_size_limits(client: TestClient) -> None:
    big = client.post(
        "/sparql", content=b"#" * ((1 << 20) + 1), headers={"Content-Type": "application/sparql-query"}
    )
    assert big.status_code == 413
    assert big.text.startswith("error: the request's body is over the limit of 1,048,576 bytes")
    long = client.get("/sparql", params={"query": "ASK {}" + " " * (8 << 10)})
    assert long.status_code == 414
    assert long.text.startswith("error: the URL is ")


def test_time_limit(client: TestClient) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    response = client.get("/sparql", params={"query": query, "timeout": "0.5"})
    assert response.status_code == 504
    assert response.text.startswith("error: the query did not finish within 0.5 s and was stopped")
    assert client.get("/sparql", params={"query": LABEL}, headers={"Accept": "text/csv"}).status_code == 200


def test_access_log(project: BuiltGraph, assets: Path, tmp_path: Path) -> None:
    from cybergraph.serve.app import create_app
    from tests.serve.conftest import FakePages

    log = tmp_path / "access.log"
    with log.open("w") as stream:
        app = create_app(project, limits=Limits(workers=1), pages=FakePages, assets=assets, log=stream)
        with TestClient(app) as client:
            client.get("/sparql", params={"query": LABEL})
            client.get("/id/nothing-here", headers={"Accept": "text/turtle"})
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(r["client"], r["method"], r["path"], r["status"], r["rows"]) for r in records] == [
        ("testclient", "GET", "/sparql", 200, 1),
        ("testclient", "GET", "/id/nothing-here", 404, 0),
    ]
    assert all(isinstance(r["duration_ms"], float) and r["time"].endswith("+00:00") for r in records)


def test_the_access_log_gives_the_path_asked_for_under_a_mount(
    project: BuiltGraph, assets: Path, tmp_path: Path
) -> None:
    # Starlette's Mount rewrites the scope in place: the log once read "/static/static/site.css" and,
    # behind a base URL, "/cg/cg/id/apec".
    from cybergraph.serve.app import create_app
    from tests.serve.conftest import FakePages

    log = tmp_path / "access.log"
    with log.open("w") as stream:
        for base in (None, "https://example.org/cg"):
            app = create_app(
                project, limits=Limits(workers=1), pages=FakePages, assets=assets, log=stream, base_url=base
            )
            prefix = "/cg" if base else ""
            with TestClient(app) as client:
                assert client.get(f"{prefix}/static/site.css").status_code == 200
                assert client.get(f"{prefix}/id/apec", headers={"Accept": "text/html"}).status_code == 200
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert [r["path"] for r in records] == [
        "/static/site.css",
        "/id/apec",
        "/cg/static/site.css",
        "/cg/id/apec",
    ]


def test_behind_a_base_url(project: BuiltGraph, assets: Path) -> None:
    limits = Limits(workers=1)
    for client in make_client(project, assets, limits, base_url="https://w3id.org/cybergraph/"):
        turtle = client.get("/cybergraph/id/apec", headers={"Accept": "text/turtle"})
        assert turtle.status_code == 200
        assert turtle.headers["content-location"] == "https://w3id.org/cybergraph/id/apec.ttl"
        assert '<https://w3id.org/cybergraph/id/apec.nt>; rel="alternate"' in turtle.headers["link"]
        described = client.get("/cybergraph/sparql", headers={"Accept": "application/n-triples"})
        assert (
            "<https://w3id.org/cybergraph/sparql> <http://www.w3.org/ns/sparql-service-description#endpoint>"
            in described.text
        )
        listed = client.get("/cybergraph/queries", headers={"Accept": "application/json"}).json()
        assert listed["queries"][0]["url"].startswith("https://w3id.org/cybergraph/queries/")
        assert client.get("/cybergraph/openapi.json").json()["servers"] == [
            {"url": "https://w3id.org/cybergraph"}
        ]
        assert client.get("/id/apec", headers={"Accept": "text/turtle"}).status_code == 404
        assert client.get("/cybergraph/health").status_code == 200


def test_a_stored_questions_text_with_its_header_is_plain_sparql(client: TestClient) -> None:
    # Regression: the header's `# param: entity (entity, ...)` made the endpoint ask for a parameter.
    text = prepare("describe", params={"entity": "apec"}).text
    assert text.startswith("# title: ")
    response = client.get("/sparql", params={"query": text}, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    expected = prepare("describe", params={"entity": "apec"}).run()
    assert response.content == serialize(graph_quads(expected.triples), format="ntriples")  # type: ignore[union-attr]


def test_the_engine_tells_a_page_its_answer_was_cut(client: TestClient) -> None:
    from cybergraph.serve.engine import PooledEngine
    from cybergraph.serve.limits import CURRENT, Ticket

    engine = client.app.state.service.engine  # type: ignore[attr-defined]
    assert isinstance(engine, PooledEngine)
    token = CURRENT.set(Ticket("page", 10, engine.max_rows))
    try:
        engine.run(
            LABEL.replace("cgid:apec", "<https://w3id.org/cybergraph/id/apec>").replace(
                "rdfs:label", "<http://www.w3.org/2000/01/rdf-schema#label>"
            ),
            "SELECT",
            None,
        )
        assert engine.truncated is False
        engine.run("SELECT * WHERE { ?s ?p ?o }", "SELECT", None)
        assert (engine.truncated, engine.max_rows) == (True, 200)
    finally:
        CURRENT.reset(token)
    assert engine.truncated is False

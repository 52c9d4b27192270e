"""A SPARQL endpoint's failures become messages with exit code 2: the server's own words, or a time limit."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from cybergraph.core.errors import InputError, QueryTimeout, UsageError
from cybergraph.query.endpoint import Endpoint
from cybergraph.query.results import Boolean, Solutions

_JSON = (
    b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"typed-literal","value":"1",'
    b'"datatype":"http://www.w3.org/2001/XMLSchema#integer"}}]}}'
)
_XML = (
    b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
    b"<boolean>true</boolean></sparql>"
)
ANSWERS: dict[str, tuple[int, str, bytes, float]] = {
    "/ok": (200, "application/sparql-results+json", _JSON, 0),
    "/ask": (200, "application/sparql-results+xml", _XML, 0),
    "/broken": (500, "text/plain", b"Query evaluation failed: out of memory", 0),
    "/html": (200, "text/html", b"<html>login</html>", 0),
    "/slow": (200, "application/sparql-results+json", b"{}", 3),
}
SEEN: list[dict[str, list[str]]] = []


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        SEEN.append({**parse_qs(body.decode()), "accept": [self.headers["Accept"]]})
        status, media, answer, delay = ANSWERS[self.path]
        time.sleep(delay)
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def stub() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_results_in_json_and_xml(stub: str) -> None:
    result = Endpoint(stub + "/ok").run("SELECT ?x WHERE {}", "SELECT", 5)
    assert isinstance(result, Solutions) and result.variables == ("x",) and result.rows[0][0].value == "1"  # type: ignore[union-attr]
    assert SEEN[-1] == {
        "query": ["SELECT ?x WHERE {}"],
        "accept": ["application/sparql-results+json, application/sparql-results+xml;q=0.9"],
    }
    assert Endpoint(stub + "/ask").run("ASK {}", "ASK", 5) == Boolean(True)


def test_the_default_graph_is_named_when_asked(stub: str) -> None:
    graph = "https://w3id.org/cybergraph/graph/default"
    Endpoint(stub + "/ok", default_graph_uri=graph).run("SELECT ?x WHERE {}", "SELECT", 5)
    assert SEEN[-1]["default-graph-uri"] == [graph] and SEEN[-1]["query"] == ["SELECT ?x WHERE {}"]
    Endpoint(stub + "/ok").run("SELECT ?x WHERE {}", "SELECT", 5)
    assert "default-graph-uri" not in SEEN[-1]
    for bad in ("not an iri", "graph", "http://e/a b", "http://e/<x>"):
        with pytest.raises(UsageError, match="is not an absolute IRI"):
            Endpoint(stub + "/ok", default_graph_uri=bad)


def test_server_error_gives_its_message(stub: str) -> None:
    with pytest.raises(InputError) as caught:
        Endpoint(stub + "/broken").run("ASK {}", "ASK", 5)
    assert caught.value.message == (
        "the endpoint failed (HTTP 500 Internal Server Error): Query evaluation failed: out of memory"
    )


def test_an_answer_that_is_no_result(stub: str) -> None:
    with pytest.raises(InputError) as caught:
        Endpoint(stub + "/html").run("ASK {}", "ASK", 5)
    assert (
        caught.value.message
        == "cannot read the endpoint's answer: query results were expected, the endpoint sent text/html"
    )


def test_a_slow_endpoint_times_out(stub: str) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as caught:
        Endpoint(stub + "/slow").run("ASK {}", "ASK", 0.5)
    assert time.monotonic() - started < 2.5
    assert caught.value.message == f"the endpoint {stub}/slow did not finish within 0.5 s and was given up"


def test_only_http_urls() -> None:
    with pytest.raises(UsageError, match="is not an http"):
        Endpoint("file:///etc/passwd")

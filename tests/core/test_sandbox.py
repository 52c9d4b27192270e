"""No network while validating, and a time limit that really stops the work.

A local HTTP server on 127.0.0.1 records every request it gets; each test that must not reach the
network asserts that it recorded none (and a control test shows that it does record a request that is
allowed through, so an empty record means something).
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyshacl
import pytest
from rdflib import Graph

from cybergraph.core.errors import CybergraphError, InputError, QueryTimeout
from cybergraph.core.sandbox import NetworkBlocked, WorkerCrashed, no_network, run_isolated, run_limited


class Recorder(ThreadingHTTPServer):
    hits: list[str]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        body = b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[Recorder]:
    """An HTTP server on 127.0.0.1 that answers every GET with Turtle and records its path."""
    recorder = Recorder(("127.0.0.1", 0), _Handler)
    recorder.hits = []
    thread = threading.Thread(target=recorder.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        recorder.shutdown()
        recorder.server_close()


def test_the_recorder_records_a_request_that_is_let_through(server: Recorder) -> None:
    with urllib.request.urlopen(f"{server.base}/control.ttl") as response:
        assert response.status == 200
    assert server.hits == ["/control.ttl"]


def test_urlopen_is_refused(server: Recorder) -> None:
    with no_network(), pytest.raises(NetworkBlocked):
        urllib.request.urlopen(f"{server.base}/x.ttl")
    assert server.hits == []


def test_rdflib_parsing_a_url_is_refused(server: Recorder) -> None:
    with no_network(), pytest.raises(NetworkBlocked):
        Graph().parse(f"{server.base}/x.ttl")
    assert server.hits == []


def test_rdflib_sparql_service_is_refused(server: Recorder) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{server.base}/sparql> {{ ?s ?p ?o }} }}"
    with no_network(), pytest.raises(NetworkBlocked):
        list(Graph().query(query))
    assert server.hits == []


def test_pyshacl_owl_imports_are_refused(server: Recorder) -> None:
    shapes = Graph().parse(
        data=f"<http://example.org/o> a <http://www.w3.org/2002/07/owl#Ontology> ;"
        f" <http://www.w3.org/2002/07/owl#imports> <{server.base}/imported.ttl> .",
        format="turtle",
    )
    with no_network(), pytest.raises(Exception) as caught:
        pyshacl.validate(Graph(), shacl_graph=shapes, do_owl_imports=True)
    assert "a network request was attempted and refused" in str(caught.value)
    assert server.hits == []


def test_the_network_is_back_after_the_block(server: Recorder) -> None:
    with no_network():
        pass
    with urllib.request.urlopen(f"{server.base}/after.ttl"):
        pass
    assert server.hits == ["/after.ttl"]


# The block imports none of the network modules (a cold `query` must not pay for them): one imported while
# it is active gets its doors closed as it is imported, and they open again after the block.
_IMPORTED_INSIDE = """
import sys
from cybergraph.core.sandbox import NetworkBlocked, no_network

assert "urllib.request" not in sys.modules and "http.client" not in sys.modules
with no_network():
    import urllib.request
    for door in (urllib.request.urlopen, urllib.request.build_opener().open):
        try:
            door(sys.argv[1] + "/inside.ttl")
        except NetworkBlocked as exc:
            print("refused:", exc.message.split(" (")[0])
    import http.client
    try:
        http.client.HTTPConnection("127.0.0.1", int(sys.argv[1].rsplit(":", 1)[1])).request("GET", "/raw")
    except NetworkBlocked:
        print("refused: http.client")
with urllib.request.urlopen(sys.argv[1] + "/after.ttl") as response:
    print("after:", response.status)
"""


def test_network_modules_imported_inside_the_block_are_refused(server: Recorder) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTED_INSIDE, server.base], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "refused: a network request was attempted and refused",
        "refused: a network request was attempted and refused",
        "refused: http.client",
        "after: 200",
    ]
    assert server.hits == ["/after.ttl"]


def test_work_in_the_child_cannot_reach_the_network(server: Recorder) -> None:
    def fetch() -> int:
        with urllib.request.urlopen(f"{server.base}/child.ttl") as response:
            return int(response.status)

    with pytest.raises(NetworkBlocked):
        run_limited(fetch, timeout=10)
    assert server.hits == []


def test_the_time_limit_stops_the_work_and_says_so() -> None:
    start = time.monotonic()
    with pytest.raises(QueryTimeout) as caught:
        run_limited(lambda: time.sleep(30), timeout=0.3)
    assert time.monotonic() - start < 5
    assert caught.value.message == "validation did not finish within 0.3 s and was stopped"
    assert caught.value.exit_code == 2


def test_the_child_returns_values_and_raises_errors_with_their_details() -> None:
    assert run_limited(lambda: {"answer": 42}, timeout=10) == {"answer": 42}

    def fail() -> None:
        raise InputError("bad input", hint="fix it")

    with pytest.raises(InputError) as caught:
        run_limited(fail, timeout=10)
    assert (caught.value.message, caught.value.hint) == ("bad input", "fix it")


def test_a_worker_that_dies_is_an_error() -> None:
    import os

    with pytest.raises(
        CybergraphError, match="validation stopped unexpectedly: its worker stopped without an"
    ):
        run_limited(lambda: os._exit(3), timeout=10)


def test_a_worker_killed_by_a_signal_names_the_signal() -> None:
    import os
    import signal

    with pytest.raises(WorkerCrashed, match="killed by SIGSEGV"):
        run_isolated(lambda: os.kill(os.getpid(), signal.SIGSEGV), what="the query")


def test_a_worker_cannot_open_a_socket_and_a_listener_hears_nothing(server: Recorder) -> None:
    """The second wall: even Rust code (Oxigraph's SERVICE client) cannot reach the network."""
    import pyoxigraph as ox

    url = f"http://127.0.0.1:{server.server_address[1]}/sparql"

    def service() -> object:
        return list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"))

    with pytest.raises(OSError, match="Permission denied"):
        run_isolated(service, what="the query")
    assert server.hits == []


def test_a_worker_that_outlives_its_memory_limit_is_a_clear_error() -> None:
    with pytest.raises(WorkerCrashed, match="more than the 200 MiB of memory"):
        run_isolated(lambda: bytearray(400 << 20), memory=200 << 20, what="the query")


def _square_or_fail(n: int) -> int:
    if n == 3:
        raise InputError("three is refused")
    return n * n


def test_work_shared_between_processes_comes_back_in_order() -> None:
    from cybergraph.core.sandbox import fork_map

    assert fork_map(_square_or_fail, [4, 5, 6]) == [16, 25, 36]
    with pytest.raises(InputError, match="three is refused"):
        fork_map(_square_or_fail, [1, 3, 2])

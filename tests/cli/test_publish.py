"""`cybergraph publish`: success against a real Oxigraph, basic auth from a file, errors with exit code 2."""

from __future__ import annotations

import base64
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cybergraph.cli import main
from tests.oxigraph_server import OxigraphServer
from tests.publishing.test_publish import count

GRAPH = "urn:cybergraph-test:cli-publish"


@dataclass
class Stub:
    """A Graph Store endpoint that wants user `ana` with password `s3cret pass`, or answers `status`."""

    url: str
    status: int = 204
    seen: list[dict[str, str]] = field(default_factory=list)


@pytest.fixture
def stub() -> Iterator[Stub]:
    state = Stub(url="")
    expected = "Basic " + base64.b64encode(b"ana:s3cret pass").decode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_PUT(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.seen.append(
                {
                    "path": self.path,
                    "type": self.headers.get("Content-Type", ""),
                    "auth": self.headers.get("Authorization", ""),
                    "size": str(len(body)),
                }
            )
            if self.headers.get("Authorization") != expected:
                self._answer(401, b"authentication required for this store")
            elif state.status >= 400:
                self._answer(state.status, b"store is read-only during maintenance")
            else:
                self._answer(state.status, b"")

        def _answer(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/gsp"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "password"
    path.write_text("s3cret pass\n")
    return path


def test_publish_to_oxigraph(oxigraph_server: OxigraphServer, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["publish", "--endpoint", oxigraph_server.store_url, "--graph", GRAPH, "--include", "ontology"]
    assert main(argv) == 0
    err = capsys.readouterr().err
    n = count(oxigraph_server, GRAPH)
    assert n > 500
    assert err.startswith(f"published {n:,} triples (")
    assert f"into <{GRAPH}> at {oxigraph_server.store_url}: HTTP 20" in err


def test_basic_auth_from_a_password_file(
    stub: Stub, password_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["publish", "--endpoint", stub.url, "--include", "ontology", "--user", "ana", "--password-file"]
    assert main([*argv, str(password_file)]) == 0
    [request] = stub.seen
    assert request["path"] == "/gsp?graph=https%3A%2F%2Fw3id.org%2Fcybergraph%2Fgraph%2Fall"
    assert request["type"] == "text/turtle"
    assert int(request["size"]) > 10_000
    assert "HTTP 204" in capsys.readouterr().err


def test_wrong_password_is_exit_2_with_the_servers_message(
    stub: Stub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "wrong"
    wrong.write_text("guess\n")
    argv = ["publish", "--endpoint", stub.url, "--include", "ontology", "--user", "ana", "--password-file"]
    assert main([*argv, str(wrong)]) == 2
    err = capsys.readouterr().err
    assert "the store answered 401 Unauthorized" in err
    assert "authentication required for this store" in err
    assert "hint: check --user and --password-file" in err and "guess" not in err


def test_server_error_is_exit_2_with_status_and_message(
    stub: Stub, password_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stub.status = 503
    argv = ["publish", "--endpoint", stub.url, "--include", "ontology", "--user", "ana"]
    assert main([*argv, "--password-file", str(password_file)]) == 2
    err = capsys.readouterr().err
    assert "answered 503 Service Unavailable" in err and "store is read-only during maintenance" in err


def test_closed_port_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert main(["publish", "--endpoint", f"http://127.0.0.1:{port}/store", "--include", "ontology"]) == 2
    err = capsys.readouterr().err
    assert f"error: cannot reach the store at http://127.0.0.1:{port}/store" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--user", "ana"], "--user needs --password-file"),
        (["--password-file", "pw"], "--password-file needs --user"),
        (["--user", "ana", "--password-file", "/nonexistent/pw"], "cannot read the password file"),
        (["--graph", "not an iri"], "is not an absolute IRI"),
        (["--graph", "urn:x", "--quads"], "not allowed with argument"),
    ],
)
def test_usage_errors(extra: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["publish", "--endpoint", "http://127.0.0.1:9/store", "--include", "ontology", *extra]) == 2
    assert message in capsys.readouterr().err


def test_endpoint_must_be_http(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["publish", "--endpoint", "ftp://example.org/store"]) == 2
    assert "is not an http(s) URL" in capsys.readouterr().err

"""Fixtures of the server's tests: a stand-in for the pages' renderer, the application under Starlette's
TestClient, and a real `cybergraph serve` process on a free port.

`FakePages` implements the interface of `cybergraph.web.pages.Pages` (render a
path with its query-string parameters to a Page, or None; a 404 page), with queries of its own run
through the engine it is given, so that the tests see a page's queries go through the server's limits.
"""

from __future__ import annotations

import html
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from cybergraph.graph.build import BuiltGraph
from cybergraph.query.engine import Engine
from cybergraph.query.results import Solutions
from cybergraph.serve.app import create_app
from cybergraph.serve.limits import Limits


@dataclass
class FakePage:
    status: int
    html: str
    truncated: bool = False


class FakePages:
    """The pages' interface: a page per known path, its content from a query run on `engine`."""

    def __init__(self, engine: Engine, *, base_url: str) -> None:
        self.engine = engine
        self.base_url = base_url
        self.rendered: list[tuple[str, dict[str, str]]] = []

    def render(self, path: str, params: Mapping[str, str]) -> FakePage | None:
        self.rendered.append((path, dict(params)))
        if path.startswith("/id/"):
            slug = path.removeprefix("/id/")
            iri = f"<https://w3id.org/cybergraph/id/{slug}>"
            query = f"SELECT ?l WHERE {{ {iri} <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
            answer = self.engine.run(query, "SELECT", None)
            assert isinstance(answer, Solutions)
            if not answer.rows:
                return None
            label = answer.rows[0][0].value  # type: ignore[union-attr]
            return FakePage(200, f"<h1>{html.escape(label)}</h1>")
        if path == "/many":  # a page whose query is cut at the row limit
            answer = self.engine.run("SELECT * WHERE { ?s ?p ?o }", "SELECT", None)
            return FakePage(200, f"<p>{len(answer)} rows</p>")  # type: ignore[arg-type]
        if path in ("/", "/def", "/queries", "/editor") or path.startswith("/queries/"):
            return FakePage(
                200, f"<p>page {html.escape(path)} {html.escape(repr(sorted(params.items())))}</p>"
            )
        return None

    def not_found(self, path: str) -> FakePage:
        return FakePage(404, f"<h1>Not found</h1><p>{html.escape(path)}</p>")


@pytest.fixture(scope="module")
def assets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("assets")
    (folder / "site.css").write_text("body { margin: 0 }\n")
    return folder


def make_client(project: BuiltGraph, assets: Path, limits: Limits, **kwargs: object) -> Iterator[TestClient]:
    """The application on the project's graph with FakePages, started (its workers) and stopped."""
    with open(os.devnull, "w") as log:
        app = create_app(project, limits=limits, pages=FakePages, assets=assets, log=log, **kwargs)  # type: ignore[arg-type]
        with TestClient(app, base_url="http://testserver") as client:
            yield client


# -- a real server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def descendants(self) -> list[int]:
        """Every process under the server (the fork server, the workers, the resource tracker)."""
        out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True).stdout
        children: dict[int, list[int]] = {}
        for line in out.splitlines():
            pid, ppid = (int(x) for x in line.split())
            children.setdefault(ppid, []).append(pid)
        found, todo = [], [self.process.pid]
        while todo:
            for child in children.get(todo.pop(), []):
                found.append(child)
                todo.append(child)
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(tmp: Path, *options: str) -> Server:
    port = free_port()
    log = tmp / "server.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "cybergraph", "serve", "--port", str(port), *options],
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    server = Server(process, port, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped: {log.read_text()}")
        try:
            if httpx.get(f"{server.base}/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    server.stop()
    pytest.fail(f"the server did not start: {log.read_text()}")

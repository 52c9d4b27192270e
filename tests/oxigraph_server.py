"""A real Oxigraph SPARQL server (PyPI package `oxigraph`) on 127.0.0.1, for tests of remote endpoints.

Its endpoints: `<base>/query` (SPARQL 1.1 Protocol query), `<base>/update`, `<base>/store` (Graph Store
HTTP Protocol). Bound to loopback on a free port; stopped when the fixture ends.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class OxigraphServer:
    base: str

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base}/update"

    @property
    def store_url(self) -> str:
        return f"{self.base}/store"


def _executable() -> str:
    candidate = Path(sys.executable).with_name("oxigraph")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("oxigraph")
    if not found:
        pytest.fail("the oxigraph server is not installed: run `make test`, which installs it from PyPI")
    return found


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(*, union_default_graph: bool = False) -> tuple[subprocess.Popen[bytes], OxigraphServer]:
    """A server on a free port of 127.0.0.1; `oxigraph serve` with no flag unless `union_default_graph`
    (the dataset cybergraph publishes needs none: its default graph holds every fact once)."""
    port = _free_port()
    args = [_executable(), "serve", "--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        args.append("--union-default-graph")
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = OxigraphServer(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(f"{server.query_url}?query=ASK%7B%7D", timeout=1):
                return process, server
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("oxigraph did not start within 20 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """End a server started by `start`, forcibly if it does not stop within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator[OxigraphServer]:
    process, server = start()
    try:
        yield server
    finally:
        stop(process)

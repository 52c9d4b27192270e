"""Fixtures for the pages: the pages of the project's graph, its static site (written once per session),
and a tiny HTTP server that serves a static site as GitHub Pages does."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from cybergraph.graph.build import BuiltGraph
from cybergraph.query.engine import Embedded
from cybergraph.web.pages import Pages
from cybergraph.web.site import write_site

BASE_URL = "https://example.org/cg"
PREFIX = "/cg"


@pytest.fixture(scope="session")
def pages(project: BuiltGraph) -> Pages:
    return Pages(Embedded(project.store), base_url=BASE_URL)


@pytest.fixture(scope="session")
def site(project: BuiltGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's static site, for the base URL BASE_URL."""
    out = tmp_path_factory.mktemp("site") / "site"
    write_site(project, out, base_url=BASE_URL)
    return out


def resolve(root: Path, path: str) -> Path | None:
    """The file a static host serves for `path` (below the site's prefix): the file itself, else
    `path.html`, else `path/index.html`, as GitHub Pages does."""
    path = unquote(urlsplit(path).path)
    if not path.startswith(PREFIX + "/") and path != PREFIX:
        return None
    rest = path[len(PREFIX) :].strip("/")
    candidates = [root / rest] if rest else []
    candidates += [root / f"{rest}.html", root / rest / "index.html"]
    for candidate in candidates:
        if candidate.is_file() and root.resolve() in candidate.resolve().parents:
            return candidate
    return None


class _Handler(SimpleHTTPRequestHandler):
    root: Path

    def do_GET(self) -> None:
        found = resolve(self.root, self.path)
        status = 200
        if found is None:
            found, status = self.root / "404.html", 404
        data = found.read_bytes()
        kind = {".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css"}.get(
            found.suffix, "application/octet-stream"
        )
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    """The static site served on 127.0.0.1 at a free port, under PREFIX."""
    handler = type("Handler", (_Handler,), {"root": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

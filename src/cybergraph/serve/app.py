"""The server's application: `create_app()` assembles the routes, the middleware and the query workers.

Routes (under the path of `--base-url`, if it has one):

| route | what |
|---|---|
| `/sparql` | the SPARQL 1.1 Protocol (GET, POST form, POST direct); without a query, its description |
| `/id/{slug}[.ext]`, `/def[.ext]` | dereferenceable IRIs: entities and source sections, the ontology |
| `/.well-known/void` | the dataset's VoID/DCAT description |
| `/queries`, `/queries/{name}[.ext]` | the stored questions: the catalogue, one answer |
| `/openapi.json` | the OpenAPI 3 document of the stored questions |
| `/health` | liveness, workers, queries in flight |
| `/static/…` | the pages' assets |
| any other path | a page of `cybergraph.web` (text/html), or 404 |

Every text/html answer comes from the pages' renderer (`cybergraph.web.pages.Pages`), given the server's
engine so that a page's queries run under the same limits as everyone's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from cybergraph.core.errors import UsageError
from cybergraph.core.version import __version__
from cybergraph.graph.build import BuiltGraph
from cybergraph.serve import api, dereference, sparql
from cybergraph.serve.engine import PooledEngine
from cybergraph.serve.limits import Admission, Limits
from cybergraph.serve.middleware import AccessLog, RequestLimits
from cybergraph.serve.negotiation import HTML, choose
from cybergraph.serve.pool import Pool
from cybergraph.serve.service import EXPOSED, Pages, Service, render_page

#: `create_app(pages=DEFAULT)`: the renderer of `cybergraph.web`, imported when the app is made.
DEFAULT: Any = object()

#: Paths whose answers never count against a client's error budget.
EXEMPT = ("/health", "/static")

Handler = Callable[[Service, Request], Awaitable[Response]]


def base_parts(base_url: str | None) -> tuple[str, str]:
    """The public base address (no trailing slash) and the path prefix of the routes."""
    if not base_url:
        return "", ""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise UsageError(
            f"--base-url must be an absolute http(s) URL without query or fragment, not {base_url!r}",
            hint="for example https://w3id.org/cybergraph or https://example.org/cybergraph",
        )
    return base_url.rstrip("/"), parts.path.rstrip("/")


def _web_pages() -> tuple[Callable[..., Pages], Path]:
    from cybergraph.web.pages import ASSETS
    from cybergraph.web.pages import Pages as WebPages

    return WebPages, ASSETS


class _LongCache(StaticFiles):
    """The pages' assets, cached by browsers for a day (they change only with a new release)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = "public, max-age=86400"
        return response


def create_app(
    graph: BuiltGraph,
    *,
    limits: Limits | None = None,
    base_url: str | None = None,
    pages: Callable[..., Pages] | None = DEFAULT,
    assets: Path | None = None,
    log: TextIO | None = None,
) -> Starlette:
    """The server's application on the built `graph` (see the module).

    `pages` makes the HTML renderer, called as `pages(engine, base_url=...)` with the server's engine
    (default: `cybergraph.web.pages.Pages`, imported here; None: no HTML), `assets` is the folder served
    at /static (default: the pages' ASSETS). `log` receives the access log (default: standard error).
    """
    limits = limits or Limits()
    public, prefix = base_parts(base_url)
    if graph.path is None:
        raise UsageError("the server needs the built graph's store on disk (cybergraph build)")
    engine = PooledEngine(None, limits)
    if pages is DEFAULT:
        pages, found = _web_pages()
        assets = assets or found
    renderer = pages(engine, base_url=public) if pages is not None else None
    admission = Admission(limits)
    executor = ThreadPoolExecutor(
        max_workers=limits.workers + limits.waiting + 4, thread_name_prefix="cybergraph-request"
    )
    service = Service(graph, limits, engine, admission, executor, public, prefix, renderer)
    store = str(graph.path / "store")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine.pool = Pool(store, size=limits.workers, memory=limits.memory_mib << 20)
        app.state.pool = engine.pool
        try:
            yield
        finally:
            engine.pool.close()
            executor.shutdown(wait=False, cancel_futures=True)

    def bound(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            return await handler(service, request)

        return endpoint

    routes: list[BaseRoute] = [
        Route("/sparql", bound(sparql.endpoint), methods=["GET", "POST"]),
        Route("/.well-known/void", bound(dereference.void), methods=["GET"]),
        Route("/id/{name}", bound(dereference.entity), methods=["GET"]),
        Route("/def", bound(dereference.ontology), methods=["GET"]),
        Route("/def.{suffix}", bound(dereference.ontology), methods=["GET"]),
        Route("/queries", bound(api.index), methods=["GET"]),
        Route("/queries/{name}", bound(api.question), methods=["GET"]),
        Route("/openapi.json", bound(api.openapi_json), methods=["GET"]),
        Route("/health", bound(health), methods=["GET"]),
    ]
    if assets is not None:
        routes.append(Mount("/static", app=_LongCache(directory=assets), name="static"))
    routes.append(Route("/{path:path}", bound(page), methods=["GET"]))
    if prefix:
        routes = [Mount(prefix, routes=routes)]
    middleware = [
        Middleware(AccessLog, stream=log),
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
            allow_headers=["Accept", "Content-Type", "If-None-Match"],
            allow_credentials=False,
            expose_headers=EXPOSED,
            max_age=86400,
        ),
        Middleware(
            RequestLimits, limits=limits, admission=admission, exempt=tuple(prefix + e for e in EXEMPT)
        ),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.service = service
    return app


async def health(service: Service, request: Request) -> Response:
    pool = service.engine.pool
    workers = len(pool.pids()) if pool is not None else 0
    body = {
        "status": "ok" if workers else "no workers",
        "version": __version__,
        "dataset": service.version,
        "workers": workers,
        "idle": pool.idle if pool is not None else 0,
        "in_flight": service.admission.in_flight,
    }
    return JSONResponse(body, status_code=200 if workers else 503, headers={"Cache-Control": "no-store"})


async def page(service: Service, request: Request) -> Response:
    """Any other path: a page of the pages' renderer for a browser, else 404."""
    path = "/" + request.path_params["path"]
    pages = service.pages
    if pages is None or choose(request.headers.get("accept"), (HTML,)) is None:
        return PlainTextResponse(f"error: nothing here: {path}\n", status_code=404)
    return await render_page(service, request, path)

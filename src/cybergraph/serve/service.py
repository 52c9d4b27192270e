"""What every route of the server shares: the built graph, the engine and its limits, the pages, the
public base address; and the one way a request runs queries and the one way an error becomes a response.

A request that runs queries is admitted first (`limits.Admission`: 429 or 503 with Retry-After), then its
work (preparing, running and writing the answer) runs on a thread of the server's own executor, with the
request's ticket in its context, while the event loop serves other requests. Errors become responses
with the message and hint the command line prints, as text/plain:

- 400: a query or parameter the command line would refuse (syntax, update, SERVICE, remote FROM, an
  unknown or ill-typed parameter), with `error: …` and `hint: …` exactly as `cybergraph query` prints;
- 504: the time limit; 500: a worker that died (the memory limit, a crash of the engine);
- 429 and 503: the limits (see `limits.py`).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections import OrderedDict
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from cybergraph.core.errors import CybergraphError, QueryTimeout
from cybergraph.core.sandbox import WorkerCrashed
from cybergraph.core.version import __version__
from cybergraph.graph.build import BuiltGraph
from cybergraph.query.run import Prepared
from cybergraph.serve.engine import PooledEngine
from cybergraph.serve.limits import Admission, Limits, Refused, Ticket
from cybergraph.serve.negotiation import Kind

T = TypeVar("T")

#: The response header that says a result was cut at the row limit (its value: the limit).
TRUNCATED = "X-Cybergraph-Truncated"
#: Headers a page of another origin may read (CORS).
EXPOSED = [TRUNCATED, "ETag", "Link", "Retry-After", "Content-Location"]


class Page(Protocol):
    """A rendered page: its status and its HTML (read-only, as `cybergraph.web.page.Page` is frozen)."""

    @property
    def status(self) -> int: ...

    @property
    def html(self) -> str: ...


class Pages(Protocol):
    """The pages' renderer (`cybergraph.web.pages.Pages`), as the server uses it."""

    def render(self, path: str, params: Mapping[str, str]) -> Page | None: ...

    def not_found(self, path: str) -> Page: ...


@dataclass
class Service:
    """Everything the routes share (see the module)."""

    graph: BuiltGraph
    limits: Limits
    engine: PooledEngine
    admission: Admission
    executor: ThreadPoolExecutor
    base_url: str  # the public address of the site's root, no trailing slash ("" : the request's own)
    prefix: str  # the path the routes are under ("" or "/cybergraph")
    pages: Pages | None = None
    cache: dict[str, Any] = field(default_factory=dict)
    prepared: OrderedDict[bytes, Prepared] = field(default_factory=OrderedDict)  # see sparql._prepared

    @property
    def version(self) -> str:
        """The dataset's version: the build's hash of its inputs, and the tool's version."""
        return f"{self.graph.key[:16]}-{__version__}"

    def etag(self, variant: str) -> str:
        return f'"{self.version}-{variant}"'

    def base(self, request: Request) -> str:
        """The public address of the site's root for links in a response."""
        if self.base_url:
            return self.base_url
        return f"{request.url.scheme}://{request.url.netloc}{self.prefix}"

    async def in_thread(self, work: Callable[[], T]) -> T:
        """`work()` on the executor, with this request's context (its ticket)."""
        context = contextvars.copy_context()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, functools.partial(context.run, work))

    async def with_queries(
        self, request: Request, work: Callable[[Ticket], T], *, timeout: float | None
    ) -> T:
        """`work(ticket)` for a request that runs queries: admitted, on the executor (raises Refused)."""
        seconds = self.limits.timeout if timeout is None else min(timeout, self.limits.timeout)
        with self.admission.admit(client_of(request), seconds) as ticket:
            request.state.ticket = ticket
            return await self.in_thread(lambda: work(ticket))

    def not_modified(self, request: Request, etag: str) -> bool:
        given = request.headers.get("if-none-match")
        if not given or request.method not in ("GET", "HEAD"):
            return False
        return given.strip() == "*" or etag in [t.strip() for t in given.split(",")]


def client_of(request: Request) -> str:
    return request.client.host if request.client else "-"


def timeout_of(params: Mapping[str, str]) -> float | None:
    """A request's `timeout` parameter (seconds; it may lower the server's limit, never raise it)."""
    raw = params.get("timeout")
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0 or value != value or value == float("inf"):
        raise CybergraphError(
            f"timeout must be a number of seconds above 0, not {raw!r}",
            hint="leave it out for the server's limit",
        )
    return value


def error_response(exc: BaseException) -> Response:
    """The response for an error of a request (see the module)."""
    if isinstance(exc, Refused):
        return PlainTextResponse(
            f"error: {exc.message}\n  hint: try again in {exc.retry_after} s\n",
            status_code=exc.status,
            headers={"Retry-After": str(exc.retry_after)},
        )
    if isinstance(exc, QueryTimeout):
        return PlainTextResponse(exc.render() + "\n", status_code=504)
    if isinstance(exc, WorkerCrashed):
        return PlainTextResponse(exc.render() + "\n", status_code=500)
    if isinstance(exc, CybergraphError):
        return PlainTextResponse(exc.render() + "\n", status_code=400)
    raise exc


def not_acceptable(offered: tuple[Kind, ...] | list[Kind]) -> Response:
    types = ", ".join(k.media_type for k in offered)
    return PlainTextResponse(
        "error: none of the formats asked for in Accept is available here\n"
        f"  hint: ask for one of: {types}\n",
        status_code=406,
    )


def html_response(page: Page, *, headers: Mapping[str, str] | None = None) -> Response:
    return HTMLResponse(page.html, status_code=page.status, headers=dict(headers or {}))


def link_alternates(url: str, kinds: tuple[Kind, ...] | list[Kind]) -> str:
    """A Link header naming each format of a resource by its suffixed address."""
    return ", ".join(f'<{url}.{k.suffix}>; rel="alternate"; type="{k.media_type}"' for k in kinds)


def params_of(request: Request) -> dict[str, str]:
    """The query string as a mapping (the last value of a name given twice)."""
    return dict(request.query_params.items())


async def render_page(
    service: Service, request: Request, path: str, headers: Mapping[str, str] | None = None
) -> Response:
    """The page at `path` from the pages' renderer (its 404 page when it has none), its queries run as
    the request's; a result cut at the row limit is said in the TRUNCATED header too."""
    pages = service.pages
    assert pages is not None
    params = params_of(request)

    def work(ticket: Ticket) -> Response:
        page = pages.render(path, params)
        if page is None:
            return html_response(pages.not_found(path))
        response = html_response(page, headers=headers)
        if ticket.truncated or getattr(page, "truncated", False):
            response.headers[TRUNCATED] = str(service.limits.max_rows)
        return response

    try:
        return await service.with_queries(request, work, timeout=None)
    except BaseException as exc:
        return error_response(exc)

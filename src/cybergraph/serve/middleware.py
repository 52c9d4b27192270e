"""What the server does around every request: the access log, and the limits on the request itself.

`AccessLog` writes one JSON line per request to standard error: time, client, method, path, status,
duration in milliseconds, and the rows of its answer (null when it ran no query).

`RequestLimits` refuses, before the application sees it, a URL (path and query string) over `max_url`
bytes (414), a body over `max_body` bytes (413: by its Content-Length, or while it is read when it comes
in chunks), a body that takes longer than `receive_timeout` seconds to arrive (408: a slow client holds
no more than that), and a client that has had `client_errors` error responses in the last minute (429).
The head of a request is held to the same deadline by the HTTP protocol (`http11.py`).
"""

from __future__ import annotations

import asyncio
import datetime
import json
import sys
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, TextIO

from starlette.responses import PlainTextResponse

from cybergraph.serve.limits import Admission, Limits, Refused
from cybergraph.serve.service import error_response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class AccessLog:
    def __init__(self, app: ASGIApp, stream: TextIO | None = None) -> None:
        self.app = app
        self.stream = stream

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        # The path the client asked for, read before the routes run: a Mount (the static files, a base
        # URL's prefix) rewrites the scope's root_path and path in place on its way down.
        path = scope.get("root_path", "") + scope["path"]
        status = 500  # what the client sees when the application fails before it answers

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            ticket = scope.get("state", {}).get("ticket")
            record = {
                "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds"),
                "client": scope["client"][0] if scope.get("client") else None,
                "method": scope["method"],
                "path": path,
                "status": status,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "rows": ticket.rows if ticket is not None else None,
            }
            print(json.dumps(record), file=self.stream or sys.stderr, flush=True)


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


def _is_error(status: int) -> bool:
    # The limits' own answers are not the client's mistakes, and a 304 or 3xx is no error.
    return status >= 400 and status not in (429, 503)


class RequestLimits:
    def __init__(self, app: ASGIApp, limits: Limits, admission: Admission, exempt: tuple[str, ...]) -> None:
        self.app = app
        self.limits = limits
        self.admission = admission
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limits = self.limits
        client = scope["client"][0] if scope.get("client") else "-"
        path: str = scope["path"]
        counted = not any(path == e or path.startswith(e + "/") for e in self.exempt)
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            if counted:
                self.admission.check_errors(client)
        except Refused as exc:
            await error_response(exc)(scope, receive, send)
            return
        url = len(scope.get("raw_path") or path.encode()) + len(scope.get("query_string", b""))
        if url > limits.max_url:
            answer = PlainTextResponse(
                f"error: the URL is {url:,} bytes long, over the limit of {limits.max_url:,} bytes\n"
                "  hint: send a long query by POST (Content-Type: application/sparql-query)\n",
                status_code=414,
            )
            await answer(scope, receive, sending)
            self._count(client, status, counted)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limits.max_body:
            await self._too_large(scope, receive, sending)
            self._count(client, status, counted)
            return
        deadline = time.monotonic() + limits.receive_timeout
        received = 0
        started = False

        async def receiving() -> Message:
            nonlocal received
            left = deadline - time.monotonic()
            try:
                message = await asyncio.wait_for(receive(), timeout=max(left, 0.001))
            except TimeoutError:
                raise _TooSlow from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limits.max_body:
                    raise _TooLarge
            return message

        async def watching(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await sending(message)

        try:
            await self.app(scope, receiving, watching)
        except _TooLarge:
            if not started:
                await self._too_large(scope, receive, sending)
        except _TooSlow:
            if not started:
                answer = PlainTextResponse(
                    f"error: the request's body did not arrive within {limits.receive_timeout:g} s\n",
                    status_code=408,
                    headers={"Connection": "close"},
                )
                await answer(scope, receive, sending)
        self._count(client, status, counted)

    def _count(self, client: str, status: int, counted: bool) -> None:
        if counted and _is_error(status):
            self.admission.error(client)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        answer = PlainTextResponse(
            f"error: the request's body is over the limit of {self.limits.max_body:,} bytes\n"
            "  hint: a query longer than that belongs in several queries\n",
            status_code=413,
            headers={"Connection": "close"},
        )
        await answer(scope, receive, send)

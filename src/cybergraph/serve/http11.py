"""uvicorn's HTTP/1.1 protocol (httptools: its parser is C, h11's is Python and cost about half of a
small request's time in the event loop) with a deadline and a size limit for the head of each request.

uvicorn closes a connection that stays idle between requests (`timeout_keep_alive`), but a client that
sends the head of a request one byte at a time resets that timer with every byte and holds the
connection for ever (slowloris). Here the head of every request (the request line and the headers) must
arrive within `head_timeout` seconds of the connection opening or of the previous response; otherwise the
client gets 408 and the connection is closed. A head larger than `max_head` bytes gets 431 and the
connection is closed (httptools sets no such limit; h11 had one). The body has its own deadline and size
limit (`middleware.RequestLimits`).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

_HEAD = b"content-type: text/plain; charset=utf-8\r\nconnection: close\r\n"
_TIMEOUT = b"HTTP/1.1 408 Request Timeout\r\n" + _HEAD
_TOO_LARGE = b"HTTP/1.1 431 Request Header Fields Too Large\r\n" + _HEAD


def protocol(head_timeout: float, max_head: int) -> type[HttpToolsProtocol]:
    """The protocol class to give uvicorn (`Config(http=...)`), with this deadline and size limit."""

    class HeadDeadline(HttpToolsProtocol):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._head_timer: asyncio.TimerHandle | None = None
            self._waiting_for: object = None
            self._head_bytes = 0  # received since the timer was armed, while the head is awaited
            self._head_size = 0  # the request line's and the headers' bytes, as the parser gives them
            self._refused = False

        def _arm(self) -> None:
            self._disarm()
            self._waiting_for = self.cycle  # a new request replaces the cycle
            self._head_bytes = self._head_size = 0
            self._head_timer = self.loop.call_later(head_timeout, self._too_slow)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _check_arrived(self) -> None:
            if self._head_timer is not None and self.cycle is not self._waiting_for:
                self._disarm()

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            if self._refused:
                return
            super().data_received(data)
            self._check_arrived()
            if self._head_timer is not None:  # the head has not arrived yet
                self._head_bytes += len(data)
                if self._head_bytes > max_head:
                    self._disarm()
                    self._refuse(_TOO_LARGE, f"the request's head is larger than {max_head} bytes")

        # A head that arrives whole in a few reads is measured as the parser reads it; one that never ends
        # is measured by the bytes received (`data_received`).
        def on_url(self, url: bytes) -> None:
            self._head_size += len(url)
            super().on_url(url)

        def on_header(self, name: bytes, value: bytes) -> None:
            self._head_size += len(name) + len(value) + 4
            super().on_header(name, value)

        def on_headers_complete(self) -> None:
            if self._head_size > max_head:  # the request is not started; the rest of its bytes are ignored
                self._disarm()
                self._refuse(_TOO_LARGE, f"the request's head is larger than {max_head} bytes")
                return
            super().on_headers_complete()

        def on_body(self, body: bytes) -> None:
            if not self._refused:
                super().on_body(body)

        def on_message_complete(self) -> None:
            if not self._refused:
                super().on_message_complete()

        def on_response_complete(self) -> None:
            if not self.transport.is_closing():
                self._arm()
            super().on_response_complete()  # may start a pipelined request
            self._check_arrived()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _too_slow(self) -> None:
            self._head_timer = None
            self._refuse(_TIMEOUT, f"the request did not arrive within {head_timeout:g} s")

        def _refuse(self, status: bytes, error: str) -> None:
            self._refused = True
            if self.transport.is_closing():
                return
            message = f"error: {error}\n".encode()
            self.transport.write(status + b"content-length: %d\r\n\r\n" % len(message) + message)
            self.transport.close()

    return HeadDeadline

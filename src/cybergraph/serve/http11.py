"""uvicorn's HTTP/1.1 protocol with a deadline for the head of each request.

uvicorn closes a connection that stays idle between requests (`timeout_keep_alive`), but a client that
sends the head of a request one byte at a time resets that timer with every byte and holds the
connection for ever (slowloris). Here the head of every request (the request line and the headers) must
arrive within `head_timeout` seconds of the connection opening or of the previous response; otherwise the
client gets 408 and the connection is closed. The body has its own deadline (`middleware.RequestLimits`).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

_TIMEOUT = b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n"


def protocol(head_timeout: float) -> type[H11Protocol]:
    """The protocol class to give uvicorn (`Config(http=...)`), with this deadline."""

    class HeadDeadline(H11Protocol):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._head_timer: asyncio.TimerHandle | None = None
            self._waiting_for: object = None

        def _arm(self) -> None:
            self._disarm()
            self._waiting_for = self.cycle  # a new request replaces the cycle
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
            super().data_received(data)
            self._check_arrived()

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
            if self.transport.is_closing():
                return
            message = f"error: the request did not arrive within {head_timeout:g} s\n".encode()
            self.transport.write(_TIMEOUT + b"content-length: %d\r\n\r\n" % len(message) + message)
            self.transport.close()

    return HeadDeadline

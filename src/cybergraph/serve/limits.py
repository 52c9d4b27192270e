"""The server's limits and who may run a query now.

`Limits` holds every limit, with the defaults of `cybergraph serve`. `Admission` decides, before a
request runs any query, whether it may: per client (by IP address) one query request at a time, at most
`client_seconds` of query time in any minute and at most `client_errors` error responses in any minute
(else 429 with Retry-After); for the whole server at most `workers` queries running and `queue` waiting
(else 503 with Retry-After). A request admitted holds a `Ticket`: its deadline and row limit, and what it
ran, for the access log and the response headers.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

WINDOW = 60.0  # seconds: the per-client budgets are per minute


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Limits:
    """Every limit of the server (see README, `cybergraph serve`)."""

    timeout: float = 30.0  # seconds per query request, hard; a request may lower it
    max_rows: int = 10_000  # rows (or triples) per response
    max_body: int = 1 << 20  # bytes of request body
    max_url: int = 8 << 10  # bytes of path and query string
    receive_timeout: float = 10.0  # seconds to receive a request's head, and then its body
    workers: int = field(default_factory=cores)  # queries running at once
    queue: int = 0  # queries waiting for a worker; 0: as many as workers
    memory_mib: int = 2048  # address space per worker, on top of what it maps after opening the store
    client_seconds: float = 60.0  # query time per client per minute
    client_errors: int = 30  # error responses per client per minute

    @property
    def waiting(self) -> int:
        return self.queue if self.queue > 0 else self.workers


class Refused(Exception):
    """A request that may not run now: its status (429 or 503), message and Retry-After seconds."""

    def __init__(self, status: int, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.status, self.message, self.retry_after = status, message, max(1, retry_after)


@dataclass
class Ticket:
    """An admitted request: its client, when its time runs out, its row limit, and what it ran."""

    client: str
    seconds: float  # the request's time limit
    max_rows: int
    started: float = field(default_factory=time.monotonic)
    truncated: bool = False
    rows: int | None = None
    spent: float = 0.0  # seconds of worker time
    default_graphs: tuple[str, ...] | None = None  # the SPARQL Protocol's dataset, for the request's query
    named_graphs: tuple[str, ...] | None = None

    def remaining(self) -> float:
        return max(self.started + self.seconds - time.monotonic(), 0.0)


#: The ticket of the request being served, for the engine that runs its queries (pages included).
CURRENT: ContextVar[Ticket | None] = ContextVar("cybergraph_serve_ticket", default=None)


class Admission:
    """Who may run a query now (see the module). Thread-safe."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._now = time.monotonic
        self._lock = threading.Lock()
        self._active: dict[str, int] = defaultdict(int)
        self._spent: dict[str, deque[tuple[float, float]]] = defaultdict(deque)
        self._errors: dict[str, deque[float]] = defaultdict(deque)
        self._used: dict[str, float] = defaultdict(float)
        self.in_flight = 0

    def _forget(self, now: float) -> None:
        # Only the clients seen in the last minute are kept; each one's sum of time is kept with it.
        for client in list(self._spent):
            spent = self._spent[client]
            while spent and spent[0][0] <= now - WINDOW:
                self._used[client] -= spent.popleft()[1]
            if not spent:
                del self._spent[client], self._used[client]
        for client in list(self._errors):
            errors = self._errors[client]
            while errors and errors[0] <= now - WINDOW:
                errors.popleft()
            if not errors:
                del self._errors[client]

    def check_errors(self, client: str) -> None:
        """Raise Refused (429) when `client` has had too many error responses this minute."""
        with self._lock:
            now = self._now()
            self._forget(now)
            errors = self._errors.get(client)
            if errors and len(errors) >= self.limits.client_errors:
                wait = math.ceil(errors[0] + WINDOW - now)
                raise Refused(
                    429, f"too many failed requests from {client}: {len(errors)} in the last minute", wait
                )

    def error(self, client: str) -> None:
        """Count an error response to `client`."""
        with self._lock:
            self._errors[client].append(self._now())

    @contextmanager
    def admit(self, client: str, seconds: float) -> Iterator[Ticket]:
        """A ticket for one query request of `client` with `seconds` to run, or Refused (see the module)."""
        limits = self.limits
        with self._lock:
            now = self._now()
            self._forget(now)
            if self._active[client] >= 1:
                raise Refused(429, f"{client} already has a query running; one at a time", 1)
            spent = self._spent.get(client)
            used = self._used.get(client, 0.0)
            if spent and used >= limits.client_seconds:
                # Wait until enough of the minute's time has gone out of the window.
                over, wait = used - limits.client_seconds, 0.0
                for at, s in spent:
                    over -= s
                    wait = at + WINDOW - now
                    if over < 0:
                        break
                raise Refused(
                    429,
                    f"{client} used {used:.0f} s of query time in the last minute, the most allowed",
                    math.ceil(wait),
                )
            if self.in_flight >= limits.workers + limits.waiting:
                raise Refused(503, f"the server is busy: {self.in_flight} queries running or waiting", 1)
            self._active[client] += 1
            self.in_flight += 1
        ticket = Ticket(client, min(seconds, limits.timeout), limits.max_rows)
        token = CURRENT.set(ticket)
        try:
            yield ticket
        finally:
            CURRENT.reset(token)
            with self._lock:
                self.in_flight -= 1
                self._active[client] -= 1
                if self._active[client] <= 0:
                    del self._active[client]
                if ticket.spent > 0:
                    self._spent[client].append((self._now(), ticket.spent))
                    self._used[client] += ticket.spent

"""The engine of the server: the `query.engine.Engine` protocol over the worker pool, under the limits of
the request being served.

Every query the server runs goes through it: the SPARQL endpoint's, the stored questions', and the pages'
(`cybergraph.web` is given this engine), so a page's queries are bound by the same time limit, row limit
and workers as anyone's. The request's `Ticket` (limits.CURRENT) gives the time left and the row limit,
and records the rows, the truncation and the worker time. A user's text is checked in the worker before
it runs (`query.guard.verify`); a text that passed the check once is not checked again (the verdict
depends on the text alone), which keeps the check's parse (tens of milliseconds) out of repeated queries.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from cybergraph.core.errors import CybergraphError, QueryTimeout
from cybergraph.query.guard import Check
from cybergraph.query.ordering import Order
from cybergraph.query.results import Result
from cybergraph.query.run import Prepared
from cybergraph.serve.limits import CURRENT, Limits, Ticket
from cybergraph.serve.pool import Answer, Job, Pool

_CHECKED_KEEP = 4096


class PooledEngine:
    """Runs complete SPARQL text in the pool's workers, within the current request's limits."""

    name = "embedded"

    def __init__(self, pool: Pool | None, limits: Limits) -> None:
        self.pool = pool  # set when the server starts (its lifespan), before any request
        self.limits = limits
        self._checked: OrderedDict[bytes, None] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def max_rows(self) -> int:
        """The most rows (or triples) a query's answer holds here; more are cut."""
        return self.limits.max_rows

    @property
    def truncated(self) -> bool:
        """Whether an answer of the current request was cut at `max_rows` (for a page to say so)."""
        ticket = CURRENT.get()
        return ticket is not None and ticket.truncated

    def _key(self, check: Check, text: str) -> bytes:
        return hashlib.sha256(f"{check.allow_service}\0{check.original}\0{text}".encode()).digest()

    def run(
        self,
        text: str,
        form: str,
        timeout: float | None,
        *,
        check: Check | None = None,
        order: Order | None = None,
    ) -> Result:
        answer = self._ask(text, timeout, check, None, order)
        assert answer.result is not None
        return answer.result

    def answer(self, prepared: Prepared, fmt: str) -> bytes:
        """The answer of a prepared query written in `fmt` by the worker (see `output.write`)."""
        answer = self._ask(prepared.text, prepared.timeout, prepared.check, fmt, prepared.order)
        assert answer.body is not None
        return answer.body

    def _ask(
        self, text: str, timeout: float | None, check: Check | None, fmt: str | None, order: Order | None
    ) -> Answer:
        if self.pool is None:
            raise CybergraphError("the server's query workers are not running")
        ticket = CURRENT.get()
        if ticket is None:  # outside a request (a page rendered at start-up): the server's own limits
            ticket = Ticket("-", self.limits.timeout, self.limits.max_rows)
        seconds = ticket.remaining() if timeout is None else min(ticket.remaining(), timeout)
        if seconds <= 0:
            raise QueryTimeout(
                f"the request did not finish within {ticket.seconds:g} s and was stopped",
                hint="make it more selective; the server stops every request at its time limit",
            )
        key = None
        if check is not None:
            key = self._key(check, text)
            with self._lock:
                if key in self._checked:
                    self._checked.move_to_end(key)
                    check = None
        job = Job(text, check, ticket.max_rows, ticket.default_graphs, ticket.named_graphs, fmt, order)
        answer = self.pool.run(job, seconds, limit_seconds=ticket.seconds)
        if key is not None and check is not None:
            with self._lock:
                self._checked[key] = None
                while len(self._checked) > _CHECKED_KEEP:
                    self._checked.popitem(last=False)
        ticket.spent += answer.seconds
        if answer.truncated:
            ticket.truncated = True
        if answer.rows is not None:
            ticket.rows = answer.rows  # the last query of a request is its answer
        return answer

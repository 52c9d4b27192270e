"""The query workers: a pool of long-lived processes that open the built store read-only and answer one
query at a time, and that are killed (and replaced) when a query runs past its time.

Forking a worker per request from the server, a threaded asyncio process, is not safe (a fork copies
locks other threads hold). The workers come instead from multiprocessing's fork server: a small
single-threaded process started once, with the worker module preloaded, that forks every worker, the
first ones and each replacement. Each worker, before it reads a query, takes the sandbox of every query
of the command line (`core.sandbox.enter_worker`): it is killed when the fork server dies (which happens
when the server dies), cannot open a socket (seccomp), and has at most `memory` bytes of address space
on top of what it maps after opening the store. It ignores SIGINT and SIGTERM: those are for the server,
which finishes its requests and then kills the workers itself.

`Pool.run()` is blocking (the server calls it from its request threads): it waits for an idle worker,
sends the query, and waits for the answer until the deadline; at the deadline, or when the worker dies
(out of memory, a crash of the engine), the worker is killed, reaped and replaced, and the caller gets
QueryTimeout or WorkerCrashed. A worker is only ever given back to the pool after a complete answer.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from cybergraph.core.errors import CybergraphError, QueryTimeout
from cybergraph.core.sandbox import WorkerCrashed
from cybergraph.query.guard import Check
from cybergraph.query.ordering import Order
from cybergraph.query.results import Result

#: The hint of a query stopped at the server's time limit.
TIMEOUT_HINT = "make it more selective; the server stops every query at its time limit"


@dataclass(frozen=True)
class Job:
    """One query for a worker: the text to run, the user's text to check first (None: trusted or
    already checked), and the most rows (or triples) to send back."""

    text: str
    check: Check | None
    limit: int
    default_graphs: tuple[str, ...] | None = None  # the protocol's default-graph-uri, when given
    named_graphs: tuple[str, ...] | None = None  # ... and named-graph-uri
    fmt: str | None = None  # send back the answer written in this format (output.write), not its terms
    order: Order | None = None  # a stored query's ORDER BY, done on its answer (query.ordering)


@dataclass(frozen=True)
class Answer:
    """A worker's answer: the result (or, when the job named a format, its bytes in that format), its
    rows (or triples), whether it was cut at the job's limit, the seconds it took."""

    result: Result | None
    body: bytes | None
    rows: int | None
    truncated: bool
    seconds: float


def worker_main(conn: Connection, store_path: str, memory: int | None) -> None:
    """The body of a worker process (run in the child the fork server made)."""
    import pyoxigraph as ox

    from cybergraph.core.sandbox import enter_worker, no_network
    from cybergraph.query.engine import evaluate
    from cybergraph.query.guard import verify
    from cybergraph.query.results import Boolean
    from cybergraph.serve.output import write

    store = ox.Store.read_only(store_path)
    enter_worker(os.getppid(), network=False, memory=memory)
    # The server stops its workers itself, after its requests are answered; a signal sent to the whole
    # process group (Ctrl-C in a terminal, `kill -TERM -PGID`) must not end a query in the middle.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    with no_network():
        while True:
            try:
                job: Job = conn.recv()
            except (EOFError, OSError):
                os._exit(0)  # the server closed the pipe: it is stopping
            started = time.monotonic()
            try:
                if job.check is not None:
                    verify(job.check, job.text)
                result, truncated = evaluate(
                    store,
                    job.text,
                    limit=job.limit,
                    default_graphs=job.default_graphs,
                    named_graphs=job.named_graphs,
                    order=job.order,
                )
                rows = None if isinstance(result, Boolean) else len(result)
                if job.fmt is not None:
                    # Written here, on the worker's core: bytes cross the pipe faster than terms.
                    body = write(result, job.fmt)
                    answer = Answer(None, body, rows, truncated, time.monotonic() - started)
                else:
                    answer = Answer(result, None, rows, truncated, time.monotonic() - started)
                outcome: tuple[str, Any] = ("ok", answer)
            except MemoryError:
                # The address space is spent and the interpreter may be in a bad way: leave, and let the
                # server start a fresh worker.
                os._exit(3)
            except CybergraphError as exc:
                outcome = ("error", exc)
            except Exception as exc:
                outcome = ("error", CybergraphError(f"the query failed: {type(exc).__name__}: {exc}"))
            try:
                conn.send(outcome)
            except MemoryError:
                os._exit(3)
            except Exception as exc:  # an answer that cannot be pickled: say so, keep serving
                conn.send(("error", CybergraphError(f"the answer could not be sent: {exc}")))


_MAIN_LOCK = threading.Lock()


@contextmanager
def _main_hidden() -> Iterator[None]:
    """multiprocessing runs the program's main module again in every process it starts (to find what the
    work needs), which would run a script's top level (another server) in each worker. A worker needs
    nothing from it: while one starts, the main module shows neither its spec nor its file."""
    main = sys.modules.get("__main__")
    with _MAIN_LOCK:
        if main is None:
            yield
            return
        saved: dict[str, Any] = {k: main.__dict__[k] for k in ("__spec__", "__file__") if k in main.__dict__}
        main.__dict__["__spec__"] = None
        main.__dict__.pop("__file__", None)
        try:
            yield
        finally:
            main.__dict__.update(saved)


class _Worker:
    """One worker process and the server's end of its pipe."""

    def __init__(self, context: Any, store_path: str, memory: int | None) -> None:
        ours, theirs = context.Pipe(duplex=True)
        self.process = context.Process(
            target=worker_main, args=(theirs, store_path, memory), name="cybergraph-query-worker", daemon=True
        )
        with _main_hidden():
            self.process.start()
        theirs.close()
        self.conn: Connection = ours

    @property
    def pid(self) -> int:
        return int(self.process.pid)

    def kill(self) -> None:
        """Kill and reap it (the fork server is its parent; `join` waits on its sentinel)."""
        with suppress(ProcessLookupError, OSError, ValueError):
            self.process.kill()
        with suppress(Exception):
            self.process.join(5)
        with suppress(OSError):
            self.conn.close()
        with suppress(Exception):
            self.process.close()


class Pool:
    """`size` query workers on the store at `store_path` (see the module)."""

    def __init__(self, store_path: str, *, size: int, memory: int | None = None) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one worker")
        self.store_path = store_path
        self.size = size
        self.memory = memory
        context = multiprocessing.get_context("forkserver")
        # The fork server imports what a worker needs once (the check's SPARQL grammar too, ~0.2 s);
        # every worker starts with it imported.
        context.set_forkserver_preload(
            [
                "cybergraph.serve.pool",
                "cybergraph.query.engine",
                "cybergraph.query.guard",
                "rdflib.plugins.sparql.parser",
            ]
        )
        self._context = context
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.replaced = 0
        for _ in range(size):
            self._start()

    def _start(self) -> None:
        worker = _Worker(self._context, self.store_path, self.memory)
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            self.replaced += 1
            closed = self._closed
        if not closed:
            self._start()

    def pids(self) -> list[int]:
        """The process ids of the workers alive now (and of the fork server that makes them)."""
        with self._lock:
            workers = list(self._all)
        return [w.pid for w in workers if w.process.is_alive()]

    @property
    def idle(self) -> int:
        return self._idle.qsize()

    @contextmanager
    def _worker(self, seconds: float) -> Iterator[_Worker]:
        try:
            worker = self._idle.get(timeout=max(seconds, 0.0))
        except queue.Empty:
            raise QueryTimeout(
                f"the query waited {seconds:g} s for a free worker and was given up",
                hint="the server is busy; try again in a moment",
            ) from None
        ok = False
        try:
            yield worker
            ok = True
        finally:
            if ok:
                self._idle.put(worker)
            else:
                self._replace(worker)

    def run(self, job: Job, seconds: float, *, limit_seconds: float | None = None) -> Answer:
        """The answer to `job`, within `seconds` (waiting for a worker included).

        Raises QueryTimeout at the deadline, WorkerCrashed when the worker died, and the worker's
        CybergraphError (a syntax error, a refused SERVICE, ...) as it was raised there.
        """
        if self._closed:
            raise CybergraphError("the server is stopping")
        deadline = time.monotonic() + seconds
        with self._worker(seconds) as worker:
            try:
                worker.conn.send(job)
                ready = worker.conn.poll(max(deadline - time.monotonic(), 0.0))
                if not ready:
                    raise QueryTimeout(
                        f"the query did not finish within {limit_seconds or seconds:g} s and was stopped",
                        hint=TIMEOUT_HINT,
                    )
                kind, value = worker.conn.recv()
            except (EOFError, ConnectionError, OSError):
                code = _exit_code(worker)
                raise WorkerCrashed(
                    f"the query stopped unexpectedly: its worker {code}",
                    hint="it may need more memory than a query is allowed; make it more selective",
                ) from None
        if kind == "error":
            assert isinstance(value, BaseException)
            raise value
        assert isinstance(value, Answer)
        return value

    def close(self) -> None:
        """Kill and reap every worker (the requests using them have been answered or given up)."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()


def _exit_code(worker: _Worker) -> str:
    with suppress(Exception):
        worker.process.join(1)
        code = worker.process.exitcode
        if code is not None and code < 0:
            return f"was killed by {signal.Signals(-code).name}"
        if code == 3:
            return "ran out of the memory it is allowed"
        if code is not None:
            return f"exited with code {code}"
    return "stopped without an answer"

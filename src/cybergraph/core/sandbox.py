"""Running untrusted input safely: no network access, and a time limit that really ends the work.

rdflib and pySHACL fetch URLs in several places by default (a remote JSON-LD @context, SPARQL
FROM and SERVICE, a string passed to `parse` that looks like a URL, `owl:imports`). Validation passes
parsers only text and turns those features off, and `no_network()` is the belt to those braces: any
attempt to open a connection or resolve a host name while it is active raises NetworkBlocked.

`run_limited()` runs a function in a forked child process under `no_network()` and kills the child when
the time limit passes: a thread cannot be stopped, and a regular expression with nested quantifiers or a
runaway inference holds the interpreter inside C code. Forking costs a few milliseconds and the child
inherits everything already imported and built. Where fork does not exist the work runs in a thread that
is abandoned at the time limit.
"""

from __future__ import annotations

import http.client
import os
import pickle
import selectors
import signal
import socket
import sys
import threading
import time
import traceback
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

from cybergraph.core.errors import CybergraphError, QueryTimeout

T = TypeVar("T")
A = TypeVar("A")


class NetworkBlocked(CybergraphError):
    """Something tried to reach the network while validating untrusted input."""


def _refuse(*args: Any, **kwargs: Any) -> Any:
    target = next((a for a in args if isinstance(a, (str, tuple))), "")
    raise NetworkBlocked(f"a network request was attempted and refused ({target})")


# Every door a library might use: sockets (and so http.client and urllib), name lookups, and urlopen.
_PATCHES: list[tuple[object, str]] = [
    (socket, "create_connection"),
    (socket, "getaddrinfo"),
    (socket, "gethostbyname"),
    (socket.socket, "connect"),
    (socket.socket, "connect_ex"),
    (http.client.HTTPConnection, "connect"),
    (urllib.request, "urlopen"),
    (urllib.request.OpenerDirector, "open"),
]
_lock = threading.Lock()
_depth = 0
_saved: list[tuple[object, str, object]] = []


@contextmanager
def no_network() -> Iterator[None]:
    """Refuse every network connection and host name lookup in this process while active."""
    global _depth
    with _lock:
        if _depth == 0:
            for owner, name in _PATCHES:
                _saved.append((owner, name, getattr(owner, name)))
                setattr(owner, name, _refuse)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                for owner, name, original in reversed(_saved):
                    setattr(owner, name, original)
                _saved.clear()


def _timeout(seconds: float, what: str) -> QueryTimeout:
    return QueryTimeout(
        f"{what} did not finish within {seconds:g} s and was stopped",
        hint="raise the limit with --timeout, or split the input into smaller files",
    )


def run_limited(
    work: Callable[[], T], *, timeout: float | None, what: str = "validation", started: float | None = None
) -> T:
    """`work()` with no network access, stopped `timeout` seconds after `started` (a time.monotonic(),
    default now; None: no limit, and the work runs in this process).

    Raises QueryTimeout when the limit passes; an exception raised by `work` is raised here.
    """
    if timeout is None:
        with no_network():
            return work()
    deadline = (time.monotonic() if started is None else started) + timeout
    if hasattr(os, "fork"):
        return _in_child(work, deadline, timeout, what)
    return _in_thread(work, deadline, timeout, what)


def _in_child(work: Callable[[], T], deadline: float, timeout: float, what: str) -> T:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send back the pickled outcome, and leave without cleanup
        os.close(read_end)
        code = 0
        try:
            with no_network():
                outcome: tuple[str, object] = ("ok", work())
        except BaseException as exc:
            exc.add_note("".join(traceback.format_exception(exc)))
            outcome = ("error", exc)
        try:
            payload = pickle.dumps(outcome)
        except Exception:
            payload = pickle.dumps(("error", RuntimeError(traceback.format_exc())))
        try:
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        except BaseException:
            code = 1
        os._exit(code)
    os.close(write_end)
    chunks: list[bytes] = []
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(read_end, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise _timeout(timeout, what)
                chunk = os.read(read_end, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        _reap(pid)
        raise
    finally:
        os.close(read_end)
    _reap(pid)
    if not chunks:
        raise CybergraphError(f"{what} stopped unexpectedly (the worker process died)")
    status, value = pickle.loads(b"".join(chunks))
    if status == "error":
        assert isinstance(value, BaseException)
        raise value
    return value  # type: ignore[no-any-return]


def _reap(pid: int) -> None:
    with suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _in_thread(work: Callable[[], T], deadline: float, timeout: float, what: str) -> T:
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:
            box["error"] = exc

    with no_network():
        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        thread.join(max(deadline - time.monotonic(), 0))
    if thread.is_alive():
        raise _timeout(timeout, what)
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def within(timeout: float | None, work: Callable[[], T], *, what: str = "the query") -> T:
    """`work()`, or QueryTimeout when it has not finished after `timeout` seconds."""
    if timeout is None:
        return work()
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:
            box["error"] = exc

    worker = threading.Thread(target=target, name="cybergraph-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(
            f"{what} did not finish within {timeout:g} s and was given up",
            hint="make it more selective, or allow more time with --timeout SECONDS",
        )
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


# Work shared between processes: pySHACL over a large contribution is pure Python, one core at a time.

_PR_SET_PDEATHSIG = 1


def parallel_workers() -> int:
    """How many processes `fork_map` may use here: the cores this process may run on, at most 4, and 1
    where a forked worker cannot be tied to this process's life (anywhere but Linux)."""
    if not (sys.platform.startswith("linux") and hasattr(os, "fork")):
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def _die_with(parent: int) -> None:
    """Have the kernel kill this forked process when `parent` dies, whatever kills it (a time limit's
    SIGKILL included), so that no worker is left behind."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0 or os.getppid() != parent:
        os._exit(1)  # the parent is already gone, or its death would go unnoticed


def fork_map(work: Callable[[A], T], items: Sequence[A]) -> list[T]:
    """`work(item)` for each item, at the same time: all but the last in forked child processes, the
    last in this one. The results come back in the order of `items`; an exception raised by `work` in a
    child is raised here, with its traceback in a note.

    Each child dies with this process (see `_die_with`), and this process kills its children when it
    stops early (an exception, an interrupt). With one item, or where `parallel_workers()` is 1, the
    items are worked here one after the other.
    """
    if len(items) <= 1 or parallel_workers() == 1:
        return [work(item) for item in items]
    parent = os.getpid()
    children: list[tuple[int, int]] = []  # (pid, read end of its pipe)
    try:
        for item in items[:-1]:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read_end)
                _die_with(parent)
                _child(lambda item=item: work(item), write_end)  # type: ignore[misc]
            os.close(write_end)
            children.append((pid, read_end))
        last = work(items[-1])
        out = []
        while children:
            pid, read_end = children.pop(0)  # _collect closes its pipe and reaps it, whatever happens
            out.append(_collect(pid, read_end))
    finally:
        for pid, read_end in children:  # stopped early: no worker outlives this call
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            _reap(pid)
            os.close(read_end)
    return [*out, last]


def _child(work: Callable[[], object], write_end: int) -> None:
    """In a forked child: do the work, send its pickled outcome through the pipe, leave without cleanup."""
    code = 0
    try:
        outcome: tuple[str, object] = ("ok", work())
    except BaseException as exc:
        exc.add_note("".join(traceback.format_exception(exc)))
        outcome = ("error", exc)
    try:
        payload = pickle.dumps(outcome)
    except Exception:
        payload = pickle.dumps(("error", RuntimeError(traceback.format_exc())))
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
    except BaseException:
        code = 1
    os._exit(code)


def _collect(pid: int, read_end: int) -> Any:
    """A child's result, read to the end of its pipe; its exception raised here."""
    chunks: list[bytes] = []
    try:
        while chunk := os.read(read_end, 1 << 16):
            chunks.append(chunk)
    finally:
        os.close(read_end)
        _reap(pid)
    if not chunks:
        raise CybergraphError("a worker process stopped unexpectedly")
    status, value = pickle.loads(b"".join(chunks))
    if status == "error":
        assert isinstance(value, BaseException)
        raise value
    return value

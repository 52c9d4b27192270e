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
import threading
import time
import traceback
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

from cybergraph.core.errors import CybergraphError, QueryTimeout

T = TypeVar("T")


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

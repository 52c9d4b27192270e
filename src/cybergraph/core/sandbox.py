"""Running untrusted work safely: in a worker process that cannot reach the network, and that really
stops at its time limit.

`run_isolated()` forks a worker for one piece of work. Before the work starts, the worker installs the
seccomp filter of `core.nonet` (no socket can be opened, so neither pyoxigraph's SERVICE client nor any
Python library can send a request; `network=True` skips it when the user asked for the network), asks the
kernel to kill it if its parent dies (PR_SET_PDEATHSIG), and takes an optional memory limit
(RLIMIT_AS). The parent waits for the answer until the deadline, then kills the worker: a thread cannot
be stopped, and a query or a regular expression with nested quantifiers holds its thread inside C code.
On every way out of the parent's wait (an answer, an error, the deadline, Ctrl-C, SIGTERM turned into an
exception by the command line) the worker is killed and reaped. Forking costs a few milliseconds and the
worker inherits everything already imported and opened (the read-only store among them).

`no_network()` is the Python-level belt to those braces, kept for the libraries' own errors: any attempt to
open a connection or resolve a host name while it is active raises NetworkBlocked. Where fork does not
exist, or the seccomp filter cannot be installed (not Linux x86_64/aarch64), the work runs with
`no_network()` only, which cannot stop Rust code: the first wall (the query check) then stands alone.

`within()` is a time limit for work that must stay in this process (a request to an endpoint the user
named): the work runs in a daemon thread that is abandoned at the deadline.
"""

from __future__ import annotations

import ctypes  # imported once here, not in each worker: every worker needs it (core.nonet too)
import os
import pickle
import selectors
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any, TypeVar

from cybergraph.core.errors import CybergraphError, QueryTimeout
from cybergraph.core.nonet import NetworkWallUnavailable, forbid_network

T = TypeVar("T")
A = TypeVar("A")


class NetworkBlocked(CybergraphError):
    """Something tried to reach the network while validating untrusted input."""


def _refuse(*args: Any, **kwargs: Any) -> Any:
    target = next((a for a in args if isinstance(a, (str, tuple))), "")
    raise NetworkBlocked(f"a network request was attempted and refused ({target})")


# Every door a library might use: sockets (and so http.client and urllib), name lookups, and urlopen, as
# (module, dotted attribute). None of these modules is imported here: a cold `cybergraph query` needs none
# of them (http.client alone, with email, cost a fifth of its start-up). A module already imported is
# patched when the block starts; one imported while it is active, as soon as its import has run
# (`_Doorman`), so that a library that imports urllib inside the block is refused all the same.
_DOORS: dict[str, tuple[str, ...]] = {
    "socket": ("create_connection", "getaddrinfo", "gethostbyname", "socket.connect", "socket.connect_ex"),
    "http.client": ("HTTPConnection.connect",),
    "urllib.request": ("urlopen", "OpenerDirector.open"),
}
_lock = threading.RLock()
_depth = 0
_saved: list[tuple[object, str, object]] = []


def _close_doors(module_name: str) -> None:
    """Replace the doors of the imported module `module_name` by `_refuse` (the lock is held)."""
    module = sys.modules[module_name]
    for dotted in _DOORS[module_name]:
        *path, name = dotted.split(".")
        owner: object = module
        for part in path:
            owner = getattr(owner, part)
        _saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, _refuse)


class _Doorman:
    """A finder on sys.meta_path while the block is active: a module with doors imported then gets them
    closed as soon as its own code has run, before the importer can use it."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name not in _DOORS:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        loader: Any = spec.loader
        if loader is None or not hasattr(loader, "exec_module"):
            return None  # not a loader this finder can follow: the import goes on unwatched
        run = loader.exec_module

        def exec_module(module: Any) -> None:
            run(module)
            with _lock:
                if _depth > 0:
                    _close_doors(name)

        loader.exec_module = exec_module
        return spec


_doorman = _Doorman()


@contextmanager
def no_network() -> Iterator[None]:
    """Refuse every network connection and host name lookup in this process while active."""
    global _depth
    with _lock:
        if _depth == 0:
            for module_name in _DOORS:
                if module_name in sys.modules:
                    _close_doors(module_name)
            sys.meta_path.insert(0, _doorman)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                with suppress(ValueError):
                    sys.meta_path.remove(_doorman)
                for owner, name, original in reversed(_saved):
                    setattr(owner, name, original)
                _saved.clear()


class WorkerCrashed(CybergraphError):
    """The worker process died without an answer (killed by a signal, or out of memory)."""


@dataclass(frozen=True)
class Deadline:
    """A moment in time.monotonic() by which work must be done (None: no limit), with the limit it came
    from, so that messages can say it."""

    at: float | None
    seconds: float | None

    @classmethod
    def after(cls, seconds: float | None, *, start: float | None = None) -> Deadline:
        if seconds is None:
            return cls(None, None)
        return cls((time.monotonic() if start is None else start) + seconds, seconds)

    def remaining(self) -> float | None:
        """Seconds left (never below 0), or None without a limit."""
        return None if self.at is None else max(self.at - time.monotonic(), 0.0)


_TIMEOUT_HINT = "raise the limit with --timeout, or split the input into smaller files"


def _timeout(seconds: float, what: str, hint: str = _TIMEOUT_HINT) -> QueryTimeout:
    return QueryTimeout(f"{what} did not finish within {seconds:g} s and was stopped", hint=hint)


def run_isolated(
    work: Callable[[], T],
    *,
    deadline: Deadline | None = None,
    network: bool = False,
    memory: int | None = None,
    what: str = "the work",
    hint: str = _TIMEOUT_HINT,
) -> T:
    """`work()` in a forked worker without network (unless `network`), stopped at `deadline`, with at most
    `memory` bytes of address space.

    Raises QueryTimeout at the deadline, WorkerCrashed if the worker dies without an answer; an exception
    raised by `work` is raised here.
    """
    deadline = deadline or Deadline(None, None)
    if not hasattr(os, "fork"):
        return _in_thread(work, deadline, what, hint)
    return _in_child(work, deadline, network, memory, what, hint)


def run_limited(
    work: Callable[[], T], *, timeout: float | None, what: str = "validation", started: float | None = None
) -> T:
    """`work()` with no network access, stopped `timeout` seconds after `started` (a time.monotonic(),
    default now; None: no limit). Raises QueryTimeout when the limit passes."""
    return run_isolated(work, deadline=Deadline.after(timeout, start=started), what=what)


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return  # not Linux: the parent still kills the worker on every way out of its wait
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def enter_worker(parent: int, *, network: bool = False, memory: int | None = None) -> None:
    """Make this forked process a worker of `parent`: killed when `parent` dies, default signal actions,
    at most `memory` bytes of address space on top of what it maps now, and no network (unless
    `network`). For long-lived workers (the server's pool) as for `run_isolated`'s one-off ones."""
    _enter_worker(parent, network, memory)


def _enter_worker(parent: int, network: bool, memory: int | None) -> None:
    """What a worker does before the work: die with its parent, no signals of the command's, limits."""
    _die_with_parent(parent)
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)
    if memory is not None:
        import resource

        # The budget is for the work: on top of what the worker already maps (the interpreter, the
        # libraries and the store it inherited), which the address-space limit counts too.
        with suppress(ValueError, OSError):
            limit = _mapped() + memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if not network:
        with suppress(NetworkWallUnavailable):
            forbid_network()


def _mapped() -> int:
    """The bytes of address space this process maps now (Linux), else 0."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _in_child(
    work: Callable[[], T], deadline: Deadline, network: bool, memory: int | None, what: str, hint: str
) -> T:
    parent = os.getpid()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: do the work, send back the pickled outcome, and leave without cleanup
        os.close(read_end)

        def walled() -> T:
            _enter_worker(parent, network, memory)
            with no_network() if not network else _nothing():
                return work()

        _child(walled, write_end)
    os.close(write_end)
    chunks: list[bytes] = []
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(read_end, selectors.EVENT_READ)
            while True:
                left = deadline.remaining()
                if left is not None and (left <= 0 or not selector.select(left)):
                    assert deadline.seconds is not None
                    raise _timeout(deadline.seconds, what, hint)
                chunk = os.read(read_end, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
    except BaseException:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _reap(pid)
        raise
    finally:
        os.close(read_end)
    status = _reap(pid)
    if not chunks:
        raise _crashed(what, status, memory)
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "error":
        assert isinstance(value, BaseException)
        if isinstance(value, MemoryError) and memory is not None:
            raise WorkerCrashed(
                f"{what} needed more than the {memory / (1 << 20):,.0f} MiB of memory it is allowed",
                hint="make it more selective (fewer rows, fewer joins)",
            ) from None
        raise value
    return value  # type: ignore[no-any-return]


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def _crashed(what: str, status: int | None, memory: int | None) -> WorkerCrashed:
    if status is not None and os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
        reason = f"its worker was killed by {name}"
    else:
        reason = "its worker stopped without an answer"
    hint = "the work may be too large or too deeply nested; make it smaller"
    if memory is not None:
        allowed = f"{memory / (1 << 20):,.0f} MiB"
        hint = f"it may need more than the {allowed} of memory it is allowed; make it smaller"
    return WorkerCrashed(f"{what} stopped unexpectedly: {reason}", hint=hint)


def _reap(pid: int) -> int | None:
    with suppress(ChildProcessError):
        return os.waitpid(pid, 0)[1]
    return None


def _in_thread(work: Callable[[], T], deadline: Deadline, what: str, hint: str) -> T:
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:
            box["error"] = exc

    with no_network():
        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        thread.join(deadline.remaining())
    if thread.is_alive():
        assert deadline.seconds is not None
        raise _timeout(deadline.seconds, what, hint)
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def within(
    timeout: float | None, work: Callable[[], T], *, what: str = "the query", limit: float | None = None
) -> T:
    """`work()`, or QueryTimeout when it has not finished after `timeout` seconds (`limit`: the limit the
    user gave, for the message, when `timeout` is what is left of it)."""
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
            f"{what} did not finish within {limit or timeout:g} s and was given up",
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
        import traceback

        exc.add_note("".join(traceback.format_exception(exc)))
        outcome = ("error", exc)
    try:
        payload = pickle.dumps(outcome)
    except Exception:
        import traceback

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

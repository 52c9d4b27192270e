"""The fast path of a cold `cybergraph query NAME`: the same answer, without the start-up of the full command.

A cold `query` spent most of its time before the query ran: argparse, the catalogue's parse of every
stored query, the parameters' and results' dataclasses, typing, pathlib, the sandbox's imports (issue 12).
This path answers the common form

    cybergraph query NAME [--param K=V | -p K=V]... [--format tsv|csv | -f ...] [--data DIR] [--timeout S]

with stdout not a terminal (tsv by default) from a pre-checked, pre-parsed form of the stored queries
that the full command writes into the cache beside the built graph (`record()`): each query's form, its
parameters, and its text cut where the parameters' VALUES block goes. The index also lists the
size, modification time and inode of every file the graph and the catalogue are read from, and of the
folders that hold them (a file added or removed changes its folder's time): one `stat` each says whether
it is current, as `graph.cache.input_key` would find without hashing.

`answer()` returns None, having printed nothing, for anything it does not handle — another option or
form, a terminal, a parameter that is not an entity slug or an integer, an entity the graph does not
have, a stale or missing index, an error in the worker — and the full command then answers (or says
the error) exactly as it always does. What it handles it answers as the full command would: the worker
is forked and walled the same way (dies with the command, no signals of its own, the seccomp filter of
`core.nonet` that refuses every socket), killed at the deadline with the same message; the text it runs
is the bound text `query.run.prepare` makes (for a query `query.ordering` sorts, the text without its
ORDER BY, whose rows `query.sorting` sorts, as the full command does), and CSV and TSV are written by
`query.tabular`, the writers of the full command. Tests hold both paths to the same bytes and exit codes.

Nothing here imports argparse, typing, dataclasses, pathlib, pickle or the query room's other modules:
what it needs is `os`, `marshal`, pyoxigraph and, in the worker, `query.tabular` and `core.nonet`.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib

from cybergraph.core import places
from cybergraph.core.version import PIPELINE_VERSION, __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (type checkers take it as true)
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

    from cybergraph.query.catalogue import StoredQuery
    from cybergraph.query.sparql import Query

    #: A stored query's text cut where the VALUES block goes (see `compile_query`).
    Parts = tuple[str, ...]
    #: How its answer is sorted here (`query.ordering`): the text without ORDER BY, cut as Parts, the
    #: ORDER BY's variables (each with whether descending), the projected variables, DISTINCT or not.
    Sorted = tuple[Parts, tuple[tuple[str, bool], ...], tuple[str, ...], bool]
    #: A stored query as this path runs it (see `compile_query`).
    Compiled = tuple[str, tuple[tuple[str, str, str | None, bool], ...], Parts, Sorted | None]

#: The version of the index's layout: an index of another version is not read.
INDEX_FORMAT = 2
#: What the cache key depends on besides the files and pyoxigraph's version (graph.build.input_key's
#: header): pyoxigraph is imported by the worker only, which checks its version (`Job.oxigraph`).
HEADER = f"cybergraph {__version__} pipeline {PIPELINE_VERSION}"
#: Formats this path writes (stdout not a terminal: tsv by default); the others are the full command's.
FORMATS = ("tsv", "csv")
#: Parameter types this path binds: an entity by its slug or full IRI, an integer.
TYPES = ("entity", "integer")

ENTITIES = "https://w3id.org/cybergraph/id/"  # rdf.terms.ENTITIES (a test holds them equal)
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_SLUG_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_SLUG_REST = _SLUG_FIRST | frozenset("._~-")
# rdf.terms.NOT_IN_IRI (a test holds them equal): what may not appear between the angle brackets of an IRI.
_NOT_IN_IRI = frozenset('<>"{}|^`\\' + "".join(map(chr, range(0x21))))
_NAME_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_NAME_REST = _NAME_FIRST | frozenset("0123456789")
# query.entities._EXISTS with its one binding, as query.binding.complete writes it.
_EXISTS = "ASK WHERE { VALUES (?entity) { (<%s>) } { ?entity ?p ?o } UNION { ?s ?p ?entity } }"

# The cache entries this process uses, each with the descriptor of its shared lock (graph.cache._pins).
_pins: dict[str, int] = {}


class Request:
    """What the command line asks, when it has the form this path handles."""

    __slots__ = ("data", "format", "name", "params", "timeout")

    def __init__(self, name: str) -> None:
        self.name = name
        self.params: list[str] = []
        self.format: str | None = None
        self.data: str | None = None
        self.timeout: float | None = 30.0


def parse(words: Sequence[str]) -> Request | None:
    """The request `words` (after the program's name) make, or None when they are not of the plain form
    (any other option, an option given twice, a value that looks like an option, an empty value)."""
    if len(words) < 2 or words[0] != "query" or not words[1] or words[1].startswith("-"):
        return None
    request = Request(words[1])
    seen: set[str] = set()
    for i in range(2, len(words), 2):
        option = words[i]
        if i + 1 >= len(words):
            return None
        value = words[i + 1]
        if not value or value.startswith("-"):
            return None
        if option in ("--param", "-p"):
            request.params.append(value)
            continue
        option = {"-f": "--format"}.get(option, option)
        if option in seen:
            return None
        seen.add(option)
        if option == "--format":
            request.format = value
        elif option == "--data":
            request.data = value
        elif option == "--timeout":
            try:
                seconds = float(value)
            except ValueError:
                return None
            if not 0 <= seconds < float("inf"):
                return None
            request.timeout = seconds or None
        else:
            return None
    return request


# -- the index


def index_path(data_folder: str) -> str:
    """The index of the graph built from `data_folder` (resolved) and of the stored queries."""
    raw = f"{HEADER}\n{places.ROOT}\n{data_folder}\n{sys.version}".encode("utf-8", "surrogateescape")
    name = f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}"
    return os.path.join(places.cache_folder(), ".fast", name)


def _stat(path: str) -> tuple[int, int, int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ino, found.st_dev)


def _folder_stat(path: str) -> tuple[int, int, int] | None:
    # A folder's size means nothing; its time changes when an entry is added, removed or renamed.
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_ino, found.st_dev)


def read_index(data_folder: str) -> dict[str, Any] | None:
    """The index for `data_folder` when it is current: every file and folder it lists as it was."""
    path = index_path(data_folder)
    try:
        with open(path, "rb") as handle:
            index = marshal.load(handle)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(index, dict) or index.get("format") != INDEX_FORMAT:
        return None
    if (index.get("header"), index.get("root"), index.get("data")) != (HEADER, places.ROOT, data_folder):
        return None
    for file, known in index["files"]:
        if _stat(file) != known:
            return None
    for folder, known in index["folders"]:
        if _folder_stat(folder) != known:
            return None
    return index


def record(data: str | None) -> bool:
    """Write the index for the graph of `data` (--data) and the stored queries, from the full command's
    modules, unless it is current; whether it is written. Only when every file is settled (older than
    places.SETTLED s): a file changed again within the file system's time resolution could keep its stat."""
    import time

    import pyoxigraph as ox

    from cybergraph.core.errors import CybergraphError
    from cybergraph.core.files import temp_prefix
    from cybergraph.core.resources import layout
    from cybergraph.graph import build
    from cybergraph.graph.cache import complete
    from cybergraph.query.catalogue import catalogue, folder

    where = layout(data)
    data_folder = str(where.data)
    if read_index(data_folder) is not None:
        return False
    files = [str(path) for path, _ in build.inputs(where)]
    queries: dict[str, Compiled] = {}
    for stored in catalogue():
        try:
            compiled = compile_query(stored)
        except CybergraphError:  # a broken stored query is the full command's to report
            continue
        if compiled is not None and stored.path is not None:
            queries[stored.name] = compiled
            files.append(str(stored.path))
    folders = {os.path.dirname(os.path.abspath(f)) for f in files}
    folders |= {str(where.data), str(folder())}
    for top, subfolders, _ in os.walk(where.data, followlinks=True):
        folders.update(os.path.join(top, s) for s in subfolders)
    stats = [(f, _stat(f)) for f in files]
    folder_stats = [(f, _folder_stat(f)) for f in sorted(folders)]
    # The key of what the files hold now, and their stats on both sides of it: a file that changed
    # meanwhile, or within the settling time, is not recorded (the next full command records it).
    key = build.input_key(where)
    entry = complete(key)
    if entry is None or [(f, _stat(f)) for f in files] != stats:
        return False
    if [(f, _folder_stat(f)) for f in sorted(folders)] != folder_stats:
        return False
    found = [s for _, s in stats] + [s for _, s in folder_stats]
    if any(s is None for s in found):
        return False
    newest = max((s[1] if len(s) == 4 else s[0]) for s in found if s is not None) / 1e9
    if time.time() - newest <= places.SETTLED:
        return False
    index = {
        "format": INDEX_FORMAT,
        "header": HEADER,
        "oxigraph": ox.__version__,
        "root": places.ROOT,
        "data": data_folder,
        "key": key,
        "entry": str(entry),
        "files": stats,
        "folders": folder_stats,
        "queries": queries,
    }
    target = index_path(data_folder)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    temporary = os.path.join(os.path.dirname(target), f"{temp_prefix('.')}{os.path.basename(target)}.tmp")
    with open(temporary, "wb") as out:
        marshal.dump(index, out)
    os.replace(temporary, target)
    return True


def remember(data: str | None) -> None:
    """`record(data)`, for the full command after it answered: a cache that cannot be written (or data
    that changed meanwhile) only costs the next cold query the full command's start-up."""
    from cybergraph.core.errors import CybergraphError

    try:  # noqa: SIM105 (contextlib.suppress: an import the fast path does without)
        record(data)
    except (OSError, CybergraphError):
        pass


def compile_query(stored: StoredQuery) -> Compiled | None:
    """A stored query (`catalogue.StoredQuery`) as this path runs it: its form, its parameters (name,
    type, default, optional), its complete text cut where the VALUES block goes (`_parts`), and how its
    answer is sorted here when `query.ordering` applies (the text without its ORDER BY, cut the same way).
    None for a query this path does not run (a graph form, another parameter type)."""
    from cybergraph.query.ordering import cut
    from cybergraph.query.run import check

    _, lexed = check(stored)
    if lexed.form not in ("SELECT", "ASK"):
        return None
    params = tuple((p.name, p.type.value, p.default, p.optional) for p in stored.params)
    if any(kind not in TYPES for _, kind, _, _ in params):
        return None
    parts = _parts(lexed, bool(params))
    if parts is None:
        return None
    ordered: Sorted | None = None
    found = cut(lexed)
    if found is not None:
        unordered, keys, projected, distinct = found
        unordered_parts = _parts(unordered, bool(params))
        if unordered_parts is not None:
            ordered = (unordered_parts, keys, projected, distinct)
    return lexed.form, params, parts, ordered


def _parts(lexed: Query, params: bool) -> Parts | None:
    """The complete text of `lexed` cut where the VALUES block goes: one piece when the query takes no
    parameter, (before, after) or, for a WHERE clause that is a sub-SELECT, (before, inside, after)."""
    from cybergraph.query.binding import complete

    text = complete(lexed, {})  # the prefix declarations the text needs, before the form keyword
    if not params:
        return (text,)
    if lexed.where_open is None or lexed.where_close is None:
        return None
    shift = len(text) - len(lexed.text)  # inserted before the form keyword, so before the WHERE clause
    where_open, where_close = lexed.where_open + shift, lexed.where_close + shift
    if lexed.where_is_subselect:
        return (text[:where_open], text[where_open:where_close], text[where_close:])
    return (text[:where_open], text[where_open:])


def bound_text(parts: Sequence[str], bindings: dict[str, str]) -> str:
    """The query's text with `bindings` (variable -> N-Triples term) in a VALUES block, as
    `query.binding.complete` writes it."""
    if not bindings:  # optional parameters left out: the text as it is
        return "".join(parts)
    names = sorted(bindings)
    block = "VALUES ({}) {{ ({}) }}".format(
        " ".join(f"?{n}" for n in names), " ".join(bindings[n] for n in names)
    )
    if len(parts) == 3:
        return f"{parts[0]} {block} {{{parts[1]}}} {parts[2]}"
    return f"{parts[0]} {block} {parts[1]}"


def _bind(
    params: Sequence[tuple[str, str, str | None, bool]], given: Sequence[str]
) -> tuple[dict[str, str], list[str]] | None:
    """The N-Triples term of each parameter, and the entity IRIs the worker must find in the graph; None
    for anything the full command would refuse or resolve otherwise (a label, an IRI, a date)."""
    values: dict[str, str] = {}
    for pair in given:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or name in values or not name or name[0] not in _NAME_FIRST or set(name) - _NAME_REST:
            return None
        values[name] = value
    known = {p[0] for p in params}
    if set(values) - known:
        return None
    bindings: dict[str, str] = {}
    entities: list[str] = []
    for name, kind, default, optional in params:
        raw = values.get(name, default)
        if raw is None:
            if optional:
                continue
            return None
        text = raw.strip()
        if kind == "entity":
            iri = _entity_iri(text)
            if iri is None:
                return None
            entities.append(iri)
            bindings[name] = f"<{iri}>"
        else:
            digits = text[1:] if text[:1] in ("+", "-") else text
            if not (digits.isascii() and digits.isdigit()):
                return None
            bindings[name] = f'"{int(raw)}"^^<{XSD_INTEGER}>'
    return bindings, entities


def _entity_iri(text: str) -> str | None:
    """The IRI an entity parameter names when it is a slug (`sco`) or a full http(s) IRI, as
    `query.entities.resolve_entity` reads them (the graph must then have it); None for a label or a
    prefixed name, which the full command resolves. "http" and "https" are no prefixes of rdf.terms."""
    if text.startswith(("http://", "https://")):
        return text if not set(text) & _NOT_IN_IRI else None
    if text and text[0] in _SLUG_FIRST and not set(text) - _SLUG_REST:
        return ENTITIES + text
    return None


# -- the worker


class Job:
    """What the worker does: open the cached store, find the entities, run the text, write the answer."""

    __slots__ = ("entities", "format", "oxigraph", "parent", "sort", "store", "text", "worker")

    def __init__(self, store: str, oxigraph: str, text: str, entities: Sequence[str], fmt: str) -> None:
        self.store = store  # the store's folder
        self.oxigraph = oxigraph  # the pyoxigraph version the cache entry was built with
        self.text = text
        self.entities = entities  # entity IRIs that must be in the graph
        self.format = fmt
        # The text without ORDER BY, the keys, the projected variables, DISTINCT: the answer is sorted
        # here (`query.sorting`), as the full command sorts it (`query.ordering`); None: by the engine.
        self.sort: tuple[str, tuple[tuple[str, bool], ...], tuple[str, ...], bool] | None = None
        self.parent = 0  # the command's process, which the worker dies with
        self.worker = 0  # the worker's process, once it has answered


def _open(job: Job, box: list[object], ready: Any, done: Any) -> None:
    """On a thread of the worker: import pyoxigraph (then `ready`), open the store, and put it (or None
    for an entry of another pyoxigraph, or the exception) into `box` (then `done`)."""
    try:
        try:
            import pyoxigraph as ox
        finally:
            ready.release()
        box.append(ox.Store.read_only(job.store) if ox.__version__ == job.oxigraph else None)
    except BaseException as exc:
        box.append(exc)
    finally:
        done.release()


def _work(job: Job) -> bytes:
    """In the worker: b"A" and the answer, or b"F" for the full command (an entity not in the graph, an
    entry of another pyoxigraph, no network wall on every thread, an error)."""
    import _signal  # signal's C half: `signal` itself imports enum
    import _thread

    for number in (_signal.SIGTERM, _signal.SIGINT, _signal.SIGHUP):
        _signal.signal(number, _signal.SIG_DFL)  # as core.sandbox's worker: none of the command's
    # The store opens on a thread (pyoxigraph lets go of the GIL meanwhile) while this one puts up the
    # walls and imports the writers: the worker's two largest costs, side by side on a second core.
    # Once pyoxigraph is imported (which holds the GIL), this thread waits for nothing but the store.
    box: list[object] = []
    ready, done = _thread.allocate_lock(), _thread.allocate_lock()
    ready.acquire()
    done.acquire()
    _thread.start_new_thread(_open, (job, box, ready, done))
    ready.acquire()
    if not _walled(job.parent):
        done.acquire()
        return b"F"
    from cybergraph.query.tabular import boolean_text, csv_text, tsv_text

    done.acquire()
    store = box[0]
    if isinstance(store, BaseException):
        raise store
    if store is None:
        return b"F"
    import pyoxigraph as ox

    assert isinstance(store, ox.Store)
    for iri in job.entities:
        if not bool(store.query(_EXISTS % iri)):
            return b"F"
    if job.sort is not None:
        from cybergraph.query.sorting import sorted_rows

        text, keys, projected, distinct = job.sort
        found = store.query(text)
        assert isinstance(found, ox.QuerySolutions)
        variables = tuple(v.value for v in found.variables)
        arranged = sorted_rows(variables, [tuple(s) for s in found], keys, projected, distinct)
        if arranged is not None:  # else a blank node: the engine sorts, running the text with ORDER BY
            written = (csv_text if job.format == "csv" else tsv_text)(projected, arranged)
            return b"A" + written.encode()
    answer = store.query(job.text)
    if isinstance(answer, ox.QueryBoolean):
        return b"A" + boolean_text(bool(answer), job.format).encode()
    if not isinstance(answer, ox.QuerySolutions):
        return b"F"
    variables = tuple(v.value for v in answer.variables)
    rows = tuple(tuple(solution) for solution in answer)
    written = (csv_text if job.format == "csv" else tsv_text)(variables, rows)
    return b"A" + written.encode()


_PR_SET_PDEATHSIG = 1


def _walled(parent: int) -> bool:
    """As core.sandbox's worker: killed when the command dies, and no network, on every thread of the
    worker (the store's too: `forbid_network(all_threads=True)`). False when the seccomp filter cannot
    be put on every thread: the full command then runs the query in its single-threaded worker."""
    import _signal
    import ctypes

    from cybergraph.core.nonet import NetworkWallUnavailable, forbid_network

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, _signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the command still kills the worker on every way out of its wait
    if os.getppid() != parent:  # the command died before the request took effect
        os._exit(1)
    try:
        forbid_network(all_threads=True)
    except NetworkWallUnavailable:
        return False
    return True


def _child(work: Callable[[], bytes], fd: int) -> None:
    """In the forked worker: the outcome of `work` through the pipe `fd`, then leave without cleanup."""
    code = 0
    try:
        outcome = work()
    except BaseException:
        outcome = b"F"  # the full command runs it again and says what went wrong
    try:
        view = memoryview(outcome)
        while view:
            view = view[os.write(fd, view) :]
        os.close(fd)  # the command reads the end of the answer now, not when this process is gone
    except BaseException:
        code = 1
    os._exit(code)


class _Timeout(Exception):
    pass


def _run(job: Job, timeout: float | None) -> bytes:
    """The worker's outcome; _Timeout after `timeout` seconds, Terminated (SIGTERM, SIGHUP) or
    KeyboardInterrupt as the command line raises them: the worker is killed and reaped on every way out.

    What this process does after the fork runs beside the worker: the signal handlers are set then."""
    import time

    deadline = None if timeout is None else time.monotonic() + timeout
    parent = os.getpid()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)

        job.parent = parent
        _child(lambda: _work(job), write_end)
    os.close(write_end)
    import _signal  # signal's C half: `signal` imports enum, CPU the worker beside could use
    import select

    from cybergraph.cli import Terminated

    def handler(signum: int, frame: object) -> None:
        for number in caught:
            _signal.signal(number, _signal.SIG_DFL)
        raise Terminated(signum)

    caught = (_signal.SIGTERM, _signal.SIGHUP)
    previous: dict[int, Any] = {}
    chunks: list[bytes] = []
    try:
        try:  # noqa: SIM105 (contextlib.suppress: an import the fast path does without)
            previous = {number: _signal.signal(number, handler) for number in caught}
        except ValueError:
            pass  # not the main thread, which alone may set them: as cybergraph.cli.signals_as_exceptions
        while True:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([read_end], [], [], left)[0]:
                    raise _Timeout
            chunk = os.read(read_end, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    except BaseException:
        try:  # noqa: SIM105 (contextlib.suppress: an import the fast path does without)
            os.kill(pid, _signal.SIGKILL)
        except ProcessLookupError:
            pass
        _reap(pid)
        raise
    finally:
        os.close(read_end)
        for number, action in previous.items():
            _signal.signal(number, action)
    job.worker = pid  # reaped by the caller, once the answer is written
    return b"".join(chunks)


def _reap(pid: int) -> None:
    try:  # noqa: SIM105 (contextlib.suppress: an import the fast path does without)
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _pin(entry: str) -> bool:
    """Use the cache entry `entry` until this process ends, as graph.cache.complete does: a shared lock on
    its `complete` marker, so that no other process removes it meanwhile. False when it is not whole."""
    import fcntl

    if entry in _pins:
        return True
    marker = os.path.join(entry, "complete")
    try:
        fd = os.open(marker, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        here, mine = os.stat(marker), os.fstat(fd)
        if (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino):
            _pins[entry] = fd
            return True
    except OSError:
        pass
    os.close(fd)
    return False


# -- the command


def answer(words: Sequence[str]) -> int | None:
    """Answer `cybergraph query ...` (`words`: the arguments after the program's name) and return the exit
    code; None, having printed nothing, when the full command must answer it."""
    request = parse(words)
    stream = sys.stdout
    if request is None or getattr(stream, "buffer", None) is None:
        return None
    if request.format is None:
        if stream.isatty():
            return None  # a table with labels, as wide as the terminal: the full command's
        request.format = "tsv"
    if request.format not in FORMATS:
        return None
    index = read_index(places.data_folder(request.data))
    if index is None:
        return None
    compiled = index["queries"].get(request.name)
    if compiled is None:
        return None
    _, params, parts, ordered = compiled
    bound = _bind(params, request.params)
    if bound is None or not _pin(index["entry"]):
        return None
    bindings, entities = bound
    text = bound_text(parts, bindings)
    store = os.path.join(index["entry"], "store")
    job = Job(store, index["oxigraph"], text, entities, request.format)
    if ordered is not None:
        unordered_parts, keys, projected, distinct = ordered
        job.sort = (bound_text(unordered_parts, bindings), keys, projected, distinct)
    return _answer(job, request.timeout)


def _answer(job: Job, timeout: float | None) -> int | None:
    from cybergraph.cli import stopped

    try:
        outcome = _run(job, timeout)
        return _write(outcome)
    except _Timeout:
        from cybergraph.core.sandbox import _timeout
        from cybergraph.query.engine import TIMEOUT_HINT

        assert timeout is not None
        error = _timeout(timeout, "the query", TIMEOUT_HINT)
        print(error.render(), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt as exc:  # Ctrl-C, or Terminated by SIGTERM or SIGHUP
        return stopped(exc)
    finally:
        if job.worker:
            _reap(job.worker)


def _write(outcome: bytes) -> int | None:
    """Write the worker's answer to standard output; the exit code, or None when it has none."""
    from cybergraph.cli import quiet_stdout

    if outcome[:1] != b"A":
        return None
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(outcome[1:])
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_stdout()
        return 0
    except OSError as exc:
        from cybergraph.core.files import stdout_error

        output = stdout_error(exc)
        print(output.render(), file=sys.stderr)
        return output.exit_code
    return 0

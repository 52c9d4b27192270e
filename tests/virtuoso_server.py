"""A real Virtuoso Open Source 7 server (Debian package `virtuoso-opensource`) on 127.0.0.1, for tests of
the published dump in a store that is not Oxigraph.

Each server lives in a temporary folder of its own: a minimal `virtuoso.ini`, the database, and a `load/`
folder the bulk loader may read (`DirsAllowed`). Its SQL port (for `isql-vt`) and HTTP port (`/sparql`)
are free ports of 127.0.0.1. The server runs in the foreground as a child of the test process, so that
it is ours to stop: `shutdown` through isql-vt, then SIGKILL if it is still there, on every way out of
the fixture; and the kernel kills it if the test process dies first (PR_SET_PDEATHSIG). (`+foreground`
rather than `+wait`: a server started with `+wait` detaches, and its process is no longer ours to end.)

Without the package the tests that need it are skipped with a reason that names it, except under CI=true,
where they fail: a CI run must not pass without them.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cybergraph.graph.build import BuiltGraph
from cybergraph.graph.dataset import DEFAULT_GRAPH_NAME
from cybergraph.publishing.export import export
from tests.oxigraph_server import _free_port

PACKAGE = "virtuoso-opensource"
INSTALL = f"apt-get install -y {PACKAGE}"
STARTUP_LIMIT = 60.0

INI = """\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx

[Parameters]
ServerPort         = 127.0.0.1:{sql}
DisableUnixSocket  = 1
DirsAllowed        = ., {load}
NumberOfBuffers    = {buffers}
MaxDirtyBuffers    = {dirty}
CheckpointInterval = 0

[HTTPServer]
ServerPort         = 127.0.0.1:{http}
ServerThreads      = 4

[SPARQL]
ResultSetMaxRows      = 100000
MaxQueryExecutionTime = {query_seconds}
{default_graph}"""


@dataclass(frozen=True)
class VirtuosoServer:
    folder: Path
    sql_port: int
    http_port: int
    isql: str

    @property
    def sparql_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def load_folder(self) -> Path:
        return self.folder / "load"

    def sql(self, statements: str, *, timeout: float = 120) -> str:
        """Run SQL statements through isql-vt; the output, or AssertionError with it on failure."""
        done = subprocess.run(
            [self.isql, str(self.sql_port), "dba", "dba", f"exec={statements}"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        # isql-vt exits 0 after an SQL error too: its message starts with "*** Error".
        assert done.returncode == 0 and "*** Error" not in done.stdout + done.stderr, (
            done.stdout + done.stderr
        )
        return done.stdout

    def bulk_load(self, dump: bytes, *, name: str = "cybergraph.nq", graph: str = DEFAULT_GRAPH_NAME) -> None:
        """Load an N-Quads dump with Virtuoso's bulk loader; its default-graph triples go into `graph`."""
        (self.load_folder / name).write_bytes(dump)
        self.sql(f"ld_dir('{self.load_folder}', '{name}', '{graph}'); rdf_loader_run(); checkpoint;")
        state = self.sql(f"select ll_state, ll_error from DB.DBA.load_list where ll_file like '%/{name}';")
        assert "NULL" in state.split("___")[-1], f"the bulk loader failed: {state}"


def executables() -> tuple[str, str]:
    """virtuoso-t and isql-vt; skips the test (fails it under CI=true) when the package is missing."""
    found = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if found[0] and found[1]:
        return found[0], found[1]
    reason = (
        f"Virtuoso is not installed: install the Debian package {PACKAGE} ({INSTALL},"
        " as `make test` does when run as root)"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason + "; under CI=true the Virtuoso tests must run")
    pytest.skip(reason)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG


def start(
    folder: Path,
    *,
    default_graph: str | None = None,
    buffers: int = 10_000,
    query_seconds: int = 60,
) -> tuple[subprocess.Popen[bytes], VirtuosoServer]:
    """A fresh server in `folder`; `default_graph` sets [SPARQL] DefaultGraph in its ini.

    `buffers`: its page cache in 8 KB pages (NumberOfBuffers; the tests' 80 MB is too small for the
    bench's 10M dump); `query_seconds`: MaxQueryExecutionTime.
    """
    server_exe, isql = executables()
    db, load = folder / "db", folder / "load"
    db.mkdir(parents=True)
    load.mkdir()
    sql_port, http_port = _free_port(), _free_port()
    setting = f"DefaultGraph          = {default_graph}\n" if default_graph else ""
    (folder / "virtuoso.ini").write_text(
        INI.format(
            db=db,
            load=load,
            sql=sql_port,
            http=http_port,
            default_graph=setting,
            buffers=buffers,
            dirty=buffers * 3 // 5,
            query_seconds=query_seconds,
        ),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [server_exe, "+configfile", str(folder / "virtuoso.ini"), "+foreground"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_die_with_parent,
    )
    server = VirtuosoServer(folder, sql_port, http_port, isql)
    try:
        _wait_until_ready(process, server)
    except BaseException:  # a timeout, a crash, Ctrl-C: the server goes with it
        stop(process, server)
        raise
    return process, server


def _wait_until_ready(process: subprocess.Popen[bytes], server: VirtuosoServer) -> None:
    deadline = time.monotonic() + STARTUP_LIMIT
    probe = server.sparql_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    log = server.folder / "db" / "virtuoso.log"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            text = log.read_text(errors="replace") if log.exists() else ""
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}: {text[-2000:]}")
        try:
            with urllib.request.urlopen(probe, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"Virtuoso did not start within {STARTUP_LIMIT:g} s")


def stop(process: subprocess.Popen[bytes], server: VirtuosoServer) -> None:
    """Shut the server down cleanly, or kill it when it does not end within 10 s."""
    if process.poll() is None:
        try:
            subprocess.run(
                [server.isql, str(server.sql_port), "dba", "dba", "exec=shutdown;"],
                capture_output=True,
                timeout=10,
                check=False,
            )
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
    if process.poll() is None:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def virtuoso() -> Iterator[VirtuosoServer]:
    """One Virtuoso for the test session (~2 s to start), empty until a test loads something."""
    folder = Path(tempfile.mkdtemp(prefix="cybergraph-virtuoso-"))
    try:
        process, server = start(folder)
        try:
            yield server
        finally:
            stop(process, server)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def virtuoso_loaded(virtuoso: VirtuosoServer, project: BuiltGraph) -> str:
    """The session's Virtuoso holding the published dump (`cybergraph export --format nquads --inferred`),
    loaded as the README says: the bulk loader, the dump's default graph into graph:default. Its SPARQL
    endpoint URL; query it with default-graph-uri graph:default."""
    virtuoso.bulk_load(export(project, format="nquads", selection="all"), name="cybergraph.nq")
    return virtuoso.sparql_url

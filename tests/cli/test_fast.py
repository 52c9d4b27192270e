"""The fast path of a cold `cybergraph query NAME` (cli/fast.py): the same bytes and exit codes as the full
command for what it handles, nothing printed and the full command's answer for everything else, and an
index of the cache that is used only while every file it lists is as it was."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from cybergraph.cli import fast, main
from cybergraph.core import places
from cybergraph.core.resources import ROOT
from cybergraph.graph.build import BuiltGraph
from cybergraph.graph.cache import cache_root
from cybergraph.query.catalogue import catalogue
from cybergraph.query.engine import Embedded
from cybergraph.query.run import prepare
from cybergraph.rdf.terms import ENTITIES, NOT_IN_IRI, PREFIXES


@pytest.fixture(autouse=True, scope="module")
def _index(project: BuiltGraph) -> None:
    """The project's graph is built and its index written (as after any `build` or full `query`)."""
    fast.record(None)
    assert fast.read_index(places.data_folder(None)) is not None


# Answered by the fast path: stored SELECT queries, entity slugs and integers, tsv (default) and csv.
HANDLED = [
    ["query", "members"],
    ["query", "members", "--param", "organisation=sco"],
    ["query", "members", "-p", "organisation=sco", "-f", "csv"],
    ["query", "members", "--param", f"organisation={ENTITIES}sco"],  # a full IRI, as the bench gives
    ["query", "members", "--format", "tsv", "--timeout", "5"],
    ["query", "members", "--data", str(ROOT / "data"), "--timeout", "0"],
    ["query", "timeline", "--format", "csv"],
    ["query", "timeline", "--param", "from=2000", "--param", "to=+2005"],
    ["query", "culture-of-cybersecurity-resolutions", "-f", "tsv"],
    # Sorted in the worker (query.sorting): strings, a key not shown (standards' rank), DESC.
    ["query", "places", "-f", "csv"],
    ["query", "state-involvement", "--param", "state=russia"],
    ["query", "standards"],
    ["query", "regional-vs-international"],
    # The deadline passes before the worker can answer: the same message, exit code 2.
    ["query", "members", "--timeout", "1e-9"],
]

# Left to the full command: mistakes (its errors, exit code 2), and what the fast path does not write.
FALLS_BACK = [
    ["query", "no-such-query"],
    ["query", "members", "--param", "bogus=1"],
    ["query", "members", "--param", "organisation"],
    ["query", "members", "--param", "organisation=no-such-entity"],
    ["query", "members", "--param", "organisation=sco", "--param", "organisation=apec"],
    ["query", "members", "--param"],
    ["query", "members", "--format"],
    ["query", "members", "--format", "yaml"],
    ["query", "members", "--timeout", "-1"],
    ["query", "members", "--timeout", "soon"],
    ["query", "members", "--data", "/no/such/folder"],
    ["query", "timeline", "--param", "from=1990s"],
    ["query", "members", "--bogus"],
    ["query", "members", "extra"],
    ["query", "describe", "--param", "entity=apec"],  # a graph: Turtle
    ["query", "members", "--format", "json"],
    ["query", "members", "--format", "table"],
    ["query", "members", "--param", "organisation=Shanghai Cooperation Organisation"],  # a label
    ["query", "members", "--param", "organisation=cgid:sco"],  # a prefixed name
    ["query", "members", "--param", f"organisation={ENTITIES}nothing-here"],  # not in the graph
    ["query", "members", "--param", "organisation=https://example.org/a b"],  # no IRI
    ["query", "members", "--param=organisation=sco"],
    ["query", "members", "--form", "csv"],  # argparse's abbreviation
    ["query", "members", "--debug"],
    ["query", "--sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"],
    ["query", "members", "--format", "csv", "--format", "tsv"],
]


def _both(
    capsysbinary: pytest.CaptureFixture[bytes], argv: list[str]
) -> tuple[tuple[int, bytes, bytes], ...]:
    outcomes = []
    for use_fast in (True, False):
        code = main(argv, fast=use_fast)
        out, err = capsysbinary.readouterr()
        outcomes.append((code, out, err))
    return tuple(outcomes)


@pytest.mark.parametrize("argv", HANDLED, ids=" ".join)
def test_the_fast_path_answers_as_the_full_command(
    capsysbinary: pytest.CaptureFixture[bytes], argv: list[str]
) -> None:
    quick, full = _both(capsysbinary, argv)
    assert quick == full
    assert fast.answer(argv) == full[0]  # answered by the fast path, not handed on
    assert capsysbinary.readouterr() == (full[1], full[2])


def test_the_handled_answers_are_real(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    # The control for the comparison above: answers with rows, and the deadline's message.
    assert fast.answer(["query", "members", "--param", "organisation=sco", "-f", "csv"]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"member,kind,source\r\n") and b"\r\nChina,state," in out
    assert fast.answer(["query", "members", "--timeout", "1e-9"]) == 2
    assert capsysbinary.readouterr() == (
        b"",
        b"error: the query did not finish within 1e-09 s and was stopped\n"
        b"  hint: make it more selective, or allow more time with --timeout SECONDS\n",
    )


@pytest.mark.parametrize("argv", FALLS_BACK, ids=" ".join)
def test_what_the_fast_path_does_not_handle_goes_to_the_full_command(
    capsysbinary: pytest.CaptureFixture[bytes], argv: list[str]
) -> None:
    assert fast.answer(argv) is None
    assert capsysbinary.readouterr() == (b"", b"")  # nothing said before handing on
    quick, full = _both(capsysbinary, argv)
    assert quick == full


def test_every_stored_query_is_bound_as_prepare_binds_it(project: BuiltGraph) -> None:
    engine = Embedded(project.store)
    compared = sorted_here = 0
    for stored in catalogue():
        compiled = fast.compile_query(stored)
        if compiled is None:
            assert stored.name in ("describe", "section")  # the graph forms
            continue
        _, params, parts, ordered = compiled
        for given in [{}, *(stored.example_params(i) for i in range(len(stored.examples)))]:
            bound = fast._bind(params, [f"{k}={v}" for k, v in given.items()])
            if bound is None:
                continue
            bindings, _ = bound
            prepared = prepare(stored, params=given, engine=engine, timeout=None)
            assert fast.bound_text(parts, bindings) == prepared.text, stored.name
            # The answer is sorted here as the full command sorts it: the same text, keys and variables.
            if prepared.order is None:
                assert ordered is None, stored.name
            else:
                assert ordered is not None, stored.name
                unordered, keys, projected, distinct = ordered
                order = prepared.order
                assert fast.bound_text(unordered, bindings) == order.text, stored.name
                assert (keys, projected, distinct) == (order.keys, order.projected, order.distinct)
                sorted_here += 1
            compared += 1
    assert compared >= 20
    assert sorted_here >= 18


def test_the_places_and_names_are_the_library_s() -> None:
    assert str(ROOT) == places.ROOT
    assert places.cache_folder() == str(cache_root())
    assert fast.ENTITIES == ENTITIES
    assert "http" not in PREFIXES and "https" not in PREFIXES  # an http(s) IRI is never a prefixed name
    assert fast._NOT_IN_IRI == NOT_IN_IRI


def _settle(folder: Path) -> None:
    """Make every file and folder under `folder` look older than the index's settling time."""
    past = time.time() - 60
    for top, folders, files in os.walk(folder):
        for name in [*folders, *files]:
            os.utime(os.path.join(top, name), (past, past))
    os.utime(folder, (past, past))


def test_a_changed_file_is_seen_and_the_graph_rebuilt(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    _settle(data)
    argv = ["query", "members", "--param", "organisation=sco", "--data", str(data)]
    assert fast.answer(argv) is None  # no index for this folder yet
    assert main(argv) == 0
    before = capsysbinary.readouterr().out
    assert fast.read_index(str(data.resolve())) is not None
    assert fast.answer(argv) == 0 and capsysbinary.readouterr().out == before

    # A new member, stated in a section's file: the file's size and time change.
    facts = data / "facts" / "itu-gsr-ch5-sec-5-9-1.ttl"
    facts.write_text(
        facts.read_text(encoding="utf-8") + "\ncgid:sco cg:hasMember cgid:india .\n", encoding="utf-8"
    )
    assert fast.read_index(str(data.resolve())) is None
    assert fast.answer(argv) is None
    assert main(argv) == 0  # the full command builds the graph again
    after = capsysbinary.readouterr().out
    assert after != before and b'"India"@en' in after and b'"India"@en' not in before

    # A file added to a folder the index lists changes the folder's time.
    _settle(data)
    assert main(argv) == 0
    capsysbinary.readouterr()
    assert fast.read_index(str(data.resolve())) is not None
    (data / "facts" / "notes.txt").write_text("not Turtle\n", encoding="utf-8")
    assert fast.read_index(str(data.resolve())) is None


def test_a_file_changed_within_the_settling_time_writes_no_index(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    os.utime(data / "sources.ttl")  # just written
    assert fast.record(str(data)) is False
    assert fast.read_index(str(data.resolve())) is None


def test_the_index_of_another_version_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    assert fast.read_index(places.data_folder(None)) is not None
    monkeypatch.setattr(fast, "HEADER", fast.HEADER + " other")
    assert fast.read_index(places.data_folder(None)) is None


def test_the_worker_walls_every_thread_it_runs(project: BuiltGraph) -> None:
    """The fast worker opens the store on a thread before its seccomp filter is installed: the filter must
    then hold on every thread (the store's own included), as it does in the sandbox's single-threaded
    worker: each thread's status says mode 2 (a filter), and no thread can open a socket."""
    import _thread
    import glob

    import pyoxigraph as ox

    assert project.path is not None
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        try:
            started = _thread.allocate_lock()
            started.acquire()
            refused: list[str] = []

            def opener() -> None:
                ox.Store.read_only(str(project.path / "store"))  # starts the store's threads
                started.release()
                time.sleep(0.2)
                try:
                    import socket

                    socket.socket().close()
                    refused.append("no")
                except OSError:
                    refused.append("yes")

            _thread.start_new_thread(opener, ())
            started.acquire()
            walled = fast._walled(os.getppid())
            statuses = [Path(f).read_text() for f in glob.glob("/proc/self/task/*/status")]
            modes = sorted({status.split("Seccomp:")[1].split()[0] for status in statuses})
            threads = len(glob.glob("/proc/self/task/*"))
            while not refused:
                time.sleep(0.01)
            os.write(write_end, f"{walled} {threads} {','.join(modes)} {refused[0]}".encode())
        finally:
            os._exit(0)
    os.close(write_end)
    report = os.read(read_end, 1000).decode()
    os.close(read_end)
    os.waitpid(pid, 0)
    walled, threads, modes, refused = report.split()
    assert (walled, modes, refused) == ("True", "2", "yes") and int(threads) >= 2


_SLOW = """
import os, sys, time
import cybergraph.cli.fast as fast

def slow(job):
    with open(sys.argv[1], "w") as out:
        out.write(str(os.getpid()))
    time.sleep(60)
    return b"F"

fast._work = slow
from cybergraph.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize(
    ("signum", "said", "code"), [(15, "terminated by SIGTERM", 143), (2, "interrupted", 130)]
)
def test_a_signal_stops_the_command_and_its_worker(tmp_path: Path, signum: int, said: str, code: int) -> None:
    import signal
    import subprocess
    import sys

    marker = tmp_path / "worker.pid"
    with (tmp_path / "out").open("wb") as out:
        command = subprocess.Popen(
            [sys.executable, "-c", _SLOW, str(marker), "query", "members"],
            stdout=out,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            # A shell starts a background job (make test under nohup, CI) with Ctrl-C ignored, and a
            # child inherits that: Python would never raise KeyboardInterrupt. Test as at a terminal.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        deadline = time.monotonic() + 30
        while not marker.exists() or not marker.read_text():
            assert time.monotonic() < deadline and command.poll() is None
            time.sleep(0.02)
        worker = int(marker.read_text())
        command.send_signal(signal.Signals(signum))
        _, err = command.communicate(timeout=30)
    assert (command.returncode, err.decode().strip()) == (code, said)
    with pytest.raises(ProcessLookupError):  # killed and reaped: nothing left behind
        os.kill(worker, 0)

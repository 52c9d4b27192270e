"""A command stopped by a signal leaves no process and no temporary file behind, and exits with a one-line
message: 143 for SIGTERM, 129 for SIGHUP, 130 for Ctrl-C. What a run killed outright (SIGKILL) leaves is
removed by the next run that makes the same kind of file."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from cybergraph.cli import main
from cybergraph.core.resources import ROOT
from cybergraph.graph.build import BuiltGraph
from cybergraph.validation.pipeline import TEMP_PREFIX, validate

FACTS = "ewi-2012-para-apec.ttl"


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def wait_for(condition: Callable[[], object], what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


def workers(pid: int) -> list[int]:
    """The children of `pid` that are its own worker processes, not the `git` the removal check runs."""
    found = []
    for child in children(pid):
        try:
            if Path(f"/proc/{child}/comm").read_text().strip() != "git":
                found.append(child)
        except FileNotFoundError:  # already ended
            pass
    return found


def gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return status.rsplit(")", 1)[1].split()[0] == "Z"  # a zombie does nothing, but nobody waited for it


@pytest.fixture
def slow_data(tmp_path: Path) -> Path:
    """A data copy whose facts file FACTS, validated as a contribution, keeps the worker busy for seconds."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    facts = data / "facts" / FACTS
    extra = "".join(
        f'cgid:org-{i} a cg:RegionalOrganization ;\n    rdfs:label "Org {i}"@en ;\n'
        f"    cg:hasMember cgid:australia, cgid:org-{(i + 1) % 1000} .\n"
        for i in range(1000)
    )
    facts.write_text(facts.read_text() + "\n" + extra)
    return data


@pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/task").is_dir(), reason="needs Linux's /proc")
def test_sigterm_during_validate_stops_its_worker_and_removes_its_folder(
    slow_data: Path, tmp_path: Path
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cybergraph",
            "--data",
            str(slow_data),
            "validate",
            str(slow_data / "facts" / FACTS),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    # validate also runs git (what the contribution removes since HEAD): wait for the worker itself.
    wait_for(lambda: workers(process.pid) and list(temp.iterdir()), "the validation worker")
    worker = workers(process.pid)[0]
    folders = list(temp.iterdir())
    assert [p.name.startswith(f"{TEMP_PREFIX}{process.pid}-") for p in folders] == [True]
    time.sleep(0.3)  # the worker is at work
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    assert (process.returncode, out, err) == (143, "", "terminated by SIGTERM\n")
    assert gone(worker)
    assert list(temp.iterdir()) == []


def test_the_folder_of_a_killed_validation_is_removed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, project: BuiltGraph
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    orphan = temp / f"{TEMP_PREFIX}{dead_pid()}-abcd1234"
    (orphan / "facts").mkdir(parents=True)
    (orphan / "facts" / FACTS).symlink_to(ROOT / "data" / "facts" / FACTS)
    alive = temp / f"{TEMP_PREFIX}{os.getpid()}-abcd1234"  # a validation still running
    alive.mkdir()
    other = temp / "cybergraph-validate-notes"  # not ours: no pid in its name
    other.mkdir()
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    report = validate([data / "facts" / FACTS], data=data)
    assert report.conforms()
    assert sorted(p.name for p in temp.iterdir()) == sorted([alive.name, other.name])


# `cybergraph export -o FILE` in a process whose write stops half-way (fsync waits), so that a signal
# arrives while the temporary file exists.
STALLED_EXPORT = textwrap.dedent(
    """
    import os, sys, time
    import cybergraph.core.files
    from cybergraph.cli import main

    def stalled(fd):
        print("writing", file=sys.stderr, flush=True)
        time.sleep(60)

    cybergraph.core.files.os.fsync = stalled
    raise SystemExit(main(["export", "--include", "ontology", "-o", sys.argv[1]]))
    """
)


def _as_at_a_terminal() -> None:
    # A shell starts a background job with Ctrl-C ignored, and a child inherits that; Python then never
    # raises KeyboardInterrupt. The export is tested as a user at a terminal runs it, whoever runs pytest.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stalled_export(target: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", STALLED_EXPORT, str(target)],
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_as_at_a_terminal,
    )
    assert process.stderr is not None and process.stderr.readline() == "writing\n"
    return process


@pytest.mark.parametrize(
    ("signum", "code", "message"),
    [
        (signal.SIGTERM, 143, "terminated by SIGTERM\n"),
        (signal.SIGHUP, 129, "terminated by SIGHUP\n"),
        (signal.SIGINT, 130, "interrupted\n"),
    ],
    ids=["SIGTERM", "SIGHUP", "Ctrl-C"],
)
def test_a_signal_during_export_removes_the_temporary_file_and_keeps_the_previous_one(
    tmp_path: Path, signum: int, code: int, message: str
) -> None:
    target = tmp_path / "out.nt"
    target.write_text("previous release\n")
    process = stalled_export(target)
    assert len(list(tmp_path.iterdir())) == 2  # the temporary file is there
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)
    assert (process.returncode, err) == (code, message)
    assert [p.name for p in tmp_path.iterdir()] == ["out.nt"]
    assert target.read_text() == "previous release\n"


def test_the_temporary_file_of_a_killed_export_is_removed_by_the_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], project: BuiltGraph
) -> None:
    target = tmp_path / "out.nt"
    process = stalled_export(target)
    process.kill()
    process.communicate(timeout=30)
    left = [p.name for p in tmp_path.iterdir()]
    assert len(left) == 1 and left[0].startswith(f".out.nt.{process.pid}.") and left[0].endswith(".tmp")
    alive = tmp_path / f".out.nt.{os.getpid()}.abcd1234.tmp"  # an export still running
    alive.touch()
    other = tmp_path / ".out.nt.backup.tmp"  # not ours: no pid in its name
    other.touch()
    assert main(["export", "--include", "ontology", "-o", str(target)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([other.name, "out.nt", alive.name])
    assert target.read_text().startswith("@prefix")


def test_the_folders_of_a_killed_docs_run_are_removed_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    assert main(["docs", "-o", str(out)]) == 0
    dead = dead_pid()
    (tmp_path / f".docs.{dead}.abcd1234.tmp").mkdir()  # new pages, half written
    previous = tmp_path / f".docs.{dead}.efgh5678.old"  # killed between its two renames
    previous.mkdir()
    os.replace(out, previous / "previous")
    assert main(["docs", "-o", str(out)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["docs"]
    assert sorted(p.name for p in out.iterdir()) == [".cybergraph-docs", "classes.svg", "index.html"]


# `cybergraph export -f ntriples -o FILE` whose sort spills runs to disk (a tiny budget) and stops half-way
# through the merge, after some of the text is in the temporary output file.
STALLED_MERGE = textwrap.dedent(
    """
    import sys, time
    import cybergraph.core.extsort as extsort
    from cybergraph.cli import main

    extsort.BUDGET, extsort._BLOCK_LINES = 16 << 10, 20
    blocks = extsort._blocks

    def stalled(lines):
        for i, block in enumerate(blocks(lines)):
            if i == 2:
                print("merging", file=sys.stderr, flush=True)
                time.sleep(60)
            yield block

    extsort._blocks = stalled
    raise SystemExit(main(["export", "-f", "ntriples", "--include", "ontology", "-o", sys.argv[1]]))
    """
)


@pytest.mark.parametrize(
    ("signum", "code", "message"),
    [
        (signal.SIGTERM, 143, "terminated by SIGTERM\n"),
        (signal.SIGINT, 130, "interrupted\n"),
        (signal.SIGKILL, -9, ""),
    ],
    ids=["SIGTERM", "Ctrl-C", "SIGKILL"],
)
def test_a_signal_during_the_merge_of_a_streamed_export_leaves_no_run_and_the_previous_file(
    tmp_path: Path, signum: int, code: int, message: str
) -> None:
    out, scratch = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    scratch.mkdir()
    target = out / "out.nt"
    target.write_text("previous release\n")
    process = subprocess.Popen(
        [sys.executable, "-c", STALLED_MERGE, str(target)],
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_as_at_a_terminal,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    assert process.stderr is not None and process.stderr.readline() == "merging\n"
    left = [p for p in out.iterdir() if p.name != "out.nt"]
    assert len(left) == 1 and left[0].stat().st_size > 0  # part of the export is written
    assert list(scratch.iterdir()) == []  # the runs, open, have no name
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)
    assert (process.returncode, err) == (code, message)
    assert target.read_text() == "previous release\n"
    assert list(scratch.iterdir()) == []
    if signum != signal.SIGKILL:  # a killed export's temporary output is removed by the next (above)
        assert [p.name for p in out.iterdir()] == ["out.nt"]

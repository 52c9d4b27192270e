"""An output that cannot be written is a clear message naming the file and the reason, and exit code 2:
never an "internal error", never a traceback, never a partly written file nor a temporary one left."""

from __future__ import annotations

import errno
import io
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

import cybergraph.core.files
import cybergraph.docs.reference
from cybergraph.cli import main
from cybergraph.core.resources import ROOT
from cybergraph.graph.build import BuiltGraph

FREE = "free some space, or write to another disk"
STDOUT_FULL = (
    "error: cannot write to standard output: no space left on the device (the disk is full)\n"
    f"  hint: {FREE}\n"
)


@pytest.fixture(autouse=True)
def _built(project: BuiltGraph) -> None:
    """Every command here reuses the session's cached build."""


def query(out: str) -> list[str]:
    return ["query", "statistics", "-o", out]


def export(out: str) -> list[str]:
    return ["export", "--include", "ontology", "-o", out]


WRITERS = [pytest.param(query, id="query"), pytest.param(export, id="export")]


def error(
    capsys: pytest.CaptureFixture[str], argv: list[str], folder: Path | None = None
) -> tuple[int, str, list[str]]:
    """The exit code of `argv`, its standard error, and the names in `folder` afterwards."""
    before = sorted(p.name for p in folder.iterdir()) if folder else []
    code = main(argv)
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err and "internal error" not in err
    after = sorted(p.name for p in folder.iterdir()) if folder else []
    assert after == before  # nothing written, no temporary file left
    return code, err, after


@pytest.mark.parametrize("writer", WRITERS)
def test_a_missing_folder(
    writer: Callable[[str], list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing" / "x.csv"
    assert error(capsys, writer(str(out)), tmp_path)[:2] == (
        2,
        f"{out}: error: cannot write the output: the folder {tmp_path / 'missing'} does not exist\n"
        "  hint: create it first, or choose another file\n",
    )


@pytest.mark.parametrize("writer", WRITERS)
def test_a_folder_given_as_the_file(
    writer: Callable[[str], list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "kept.txt").write_text("mine")
    assert error(capsys, writer(str(tmp_path)), tmp_path)[:2] == (
        2,
        f"{tmp_path}: error: cannot write the output: it is a folder\n"
        "  hint: give the name of a file, for example DIR/NAME\n",
    )


@pytest.mark.parametrize("writer", WRITERS)
def test_not_a_regular_file(
    writer: Callable[[str], list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A named pipe here; /dev/null or a device would be replaced by a regular file (as root, in /dev).
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert error(capsys, writer(str(pipe)), tmp_path)[:2] == (
        2,
        f"{pipe}: error: cannot write the output: it is not a regular file (a device, pipe or socket)\n"
        "  hint: leave out -o to write to standard output, and redirect that\n",
    )


@pytest.mark.parametrize("writer", WRITERS)
def test_a_file_where_a_folder_should_be(
    writer: Callable[[str], list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    out = tmp_path / "notes.txt" / "x.csv"
    assert error(capsys, writer(str(out)), tmp_path)[:2] == (
        2,
        f"{out}: error: cannot write the output: {tmp_path / 'notes.txt'} is not a folder\n"
        "  hint: choose another file\n",
    )
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("writer", WRITERS)
def test_permission_denied(
    writer: Callable[[str], list[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Simulated: the tests may run as root, who may write anywhere.
    def refused(**_: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    out = tmp_path / "x.csv"
    assert error(capsys, writer(str(out)), tmp_path)[:2] == (
        2,
        f"{out}: error: cannot write the output: permission denied: cannot create a file in the folder"
        f" {tmp_path}\n  hint: choose a file in a folder you can write to\n",
    )


def error_without_override(argv: list[str], folder: Path) -> tuple[int, str]:
    """The exit code and standard error of the command `argv` run by a user whom file permissions bind.

    Root may write anywhere, so as root (as in CI) the command runs without the capabilities that override
    file permissions, dropped by util-linux's setpriv."""
    before = sorted(p.name for p in folder.iterdir())
    drop: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("needs setpriv (Debian package util-linux) to drop root's power to write anywhere")
        drop = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]
    done = subprocess.run(
        [*drop, sys.executable, "-m", "cybergraph", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stdout == "" and "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written, no temporary file left
    return done.returncode, done.stderr


@pytest.mark.parametrize("writer", WRITERS)
def test_a_folder_and_a_file_that_are_not_writable(
    writer: Callable[[str], list[str]], tmp_path: Path
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    code, err = error_without_override(writer(str(locked / "x.csv")), locked)
    assert code == 2 and f"permission denied: cannot create a file in the folder {locked}\n" in err
    read_only = tmp_path / "read-only.csv"
    read_only.write_text("previous\n")
    read_only.chmod(0o444)
    code, err = error_without_override(writer(str(read_only)), tmp_path)
    assert code == 2 and "cannot write the output: permission denied: the file is read-only\n" in err
    assert read_only.read_text() == "previous\n"


@pytest.mark.parametrize("writer", WRITERS)
def test_a_full_disk_leaves_the_previous_file(
    writer: Callable[[str], list[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "x.csv"
    out.write_text("previous\n")

    def full(_: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cybergraph.core.files.os, "fsync", full)
    assert error(capsys, writer(str(out)), tmp_path)[:2] == (
        2,
        f"{out}: error: cannot write the output: no space left on the device (the disk is full)\n"
        f"  hint: {FREE}\n",
    )
    assert out.read_text() == "previous\n"


@pytest.mark.skipif(not Path("/proc/version").is_file(), reason="needs Linux's /proc")
@pytest.mark.parametrize("writer", WRITERS)
def test_a_file_in_a_folder_that_takes_no_new_files(
    writer: Callable[[str], list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    code, err, _ = error(capsys, writer("/proc/version"))
    assert (code, err) == (
        2,
        "/proc/version: error: cannot write the output: the folder /proc does not accept new files\n"
        "  hint: choose a file in an ordinary folder\n",
    )


def test_docs_into_a_missing_folder_or_one_it_cannot_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "missing" / "docs"
    assert error(capsys, ["docs", "-o", str(out)], tmp_path)[:2] == (
        2,
        f"{out}: error: cannot write the output: the folder {tmp_path / 'missing'} does not exist\n"
        "  hint: create it first, or choose another file\n",
    )

    def refused(**_: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    out = tmp_path / "docs"
    assert error(capsys, ["docs", "-o", str(out)], tmp_path)[:2] == (
        2,
        f"{out}: error: cannot write the output: permission denied: cannot create a file in the folder"
        f" {tmp_path}\n  hint: choose a file in a folder you can write to\n",
    )


def test_fmt_that_cannot_rewrite_a_file_leaves_it_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    messy = tmp_path / "messy.ttl"
    messy.write_text("@prefix ex: <https://example.org/> .\nex:a    ex:b ex:c .\n")

    def full(_: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cybergraph.core.files.os, "fsync", full)
    assert error(capsys, ["fmt", str(messy)], tmp_path)[:2] == (
        2,
        f"{messy}: error: cannot write the output: no space left on the device (the disk is full)\n"
        f"  hint: {FREE}\n",
    )
    assert messy.read_text() == "@prefix ex: <https://example.org/> .\nex:a    ex:b ex:c .\n"


class _FullDisk(io.RawIOBase):
    """Standard output redirected to a full disk."""

    def writable(self) -> bool:
        return True

    def write(self, _: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(
    "argv",
    [["query", "statistics"], ["export", "--include", "ontology"], ["summary"], ["queries"], ["--help"]],
    ids=lambda argv: argv[0],
)
def test_standard_output_on_a_full_disk(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BufferedWriter(_FullDisk())))
    assert main(argv) == 2
    assert capsys.readouterr().err == STDOUT_FULL


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_standard_output_on_dev_full() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "cybergraph", "query", "statistics"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert (result.returncode, result.stderr) == (2, STDOUT_FULL)


def test_a_closed_standard_output_ends_quietly() -> None:
    # `cybergraph export | head -c1`: the reader goes away after one byte, long before the end.
    process = subprocess.Popen(
        [sys.executable, "-m", "cybergraph", "export", "--format", "nquads"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(1) == b"<"
    process.stdout.close()
    err = process.stderr.read()
    assert (process.wait(timeout=60), err) == (0, b"")


def test_a_cache_folder_that_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    monkeypatch.setenv("CYBERGRAPH_CACHE", str(tmp_path / "notes.txt" / "cache"))
    assert error(capsys, ["build"], tmp_path)[:2] == (
        2,
        f"error: cannot write the cache folder {tmp_path / 'notes.txt' / 'cache'}: Not a directory\n"
        "  hint: set CYBERGRAPH_CACHE to a folder you can write to, with some free space\n",
    )


def test_an_input_file_that_cannot_be_read_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "facts" / "unreadable.ttl").mkdir()  # read as a file, it cannot be; works as root too
    code, err, _ = error(capsys, ["--data", str(data), "summary"])
    assert (code, err) == (
        2,
        f"{data / 'facts' / 'unreadable.ttl'}: error: not a regular file: it is a directory; only regular"
        " files are read\n"
        "  hint: save the text to a file and give its path, or send it on standard input (-)\n",
    )

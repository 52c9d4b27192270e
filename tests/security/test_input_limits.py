"""No input is read past --max-bytes, whatever it is, and standard input is read under the time limit.

A file's reported size is not trusted (a link to /dev/zero reports 0 bytes); what is not a regular file
is refused before it is read, and opening a pipe does not wait for a writer. Standard input is read to
the size limit at most, and only until the time limit.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cybergraph.cli import main
from cybergraph.core.errors import InputError
from cybergraph.core.files import read_file
from cybergraph.validation.pipeline import validate

FIXTURE = Path(__file__).resolve().parent.parent / "validation" / "data"
GOOD = (
    "@prefix cg: <https://w3id.org/cybergraph/def#> .\n"
    "@prefix cgid: <https://w3id.org/cybergraph/id/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    'cgid:x a cg:State ; rdfs:label "X"@en .\n'
)
NOT_REGULAR_HINT = "  hint: save the text to a file and give its path, or send it on standard input (-)\n"


def _cli(
    *args: str, stdin: int | bytes | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cybergraph", "--data", str(FIXTURE), "validate", *args],
        stdin=stdin if isinstance(stdin, int) else None,
        input=stdin if isinstance(stdin, bytes) else None,
        capture_output=True,
        timeout=timeout,
        text=not isinstance(stdin, bytes),
    )


def test_a_link_to_a_device_is_refused_before_anything_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("x.ttl").symlink_to("/dev/zero")
    assert main(["--data", str(FIXTURE), "validate", "--max-bytes", "1000", "x.ttl"]) == 2
    assert capsys.readouterr().err == (
        "x.ttl: error: not a regular file: it is a character device (the link leads to /dev/zero);"
        " only regular files are read\n" + NOT_REGULAR_HINT
    )


def test_a_pipe_given_as_a_file_is_refused_without_waiting_for_a_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    os.mkfifo("named.ttl")  # no writer ever opens it: a blocking open would wait for ever
    started = time.monotonic()
    assert main(["--data", str(FIXTURE), "validate", "named.ttl"]) == 2
    assert time.monotonic() - started < 10
    assert capsys.readouterr().err == (
        "named.ttl: error: not a regular file: it is a pipe (FIFO); only regular files are read\n"
        + NOT_REGULAR_HINT
    )


def test_a_process_substitution_is_a_pipe_and_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """`cybergraph validate <(yes ...)` passes /dev/fd/N, the read end of a pipe that never ends."""
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, b"<urn:a> <urn:b> <urn:c> .\n" * 100)
        assert main(["--data", str(FIXTURE), "validate", f"/dev/fd/{read_end}"]) == 2
    finally:
        os.close(read_end)
        os.close(write_end)
    assert capsys.readouterr().err == (
        f"/dev/fd/{read_end}: error: not a regular file: it is a pipe (FIFO); only regular files are read\n"
        + NOT_REGULAR_HINT
    )


def test_a_directory_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("folder.ttl").mkdir()
    assert main(["--data", str(FIXTURE), "validate", "folder.ttl"]) == 2
    assert capsys.readouterr().err == (
        "folder.ttl: error: not a regular file: it is a directory; only regular files are read\n"
        + NOT_REGULAR_HINT
    )


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux's /proc")
def test_the_size_a_file_reports_is_not_trusted() -> None:
    """Files of /proc are regular files that report 0 bytes and hold more: the limit still holds."""
    assert os.stat("/proc/self/maps").st_size == 0
    with pytest.raises(InputError) as caught:
        validate(["/proc/self/maps"], data=FIXTURE, timeout=None, max_bytes=100)
    assert caught.value.message == (
        "the contribution is over the limit of 100 bytes (--max-bytes): nothing past it was read"
    )


def test_no_more_than_the_limit_is_read_from_a_large_file(tmp_path: Path) -> None:
    big = tmp_path / "big.ttl"
    with big.open("wb") as handle:
        handle.truncate(1 << 30)  # a sparse gigabyte: reading it whole would take a while
    assert len(read_file(big, limit=1000)) == 1001


def test_the_limit_holds_for_all_the_files_together(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    first.write_text(GOOD, encoding="utf-8")
    second.write_text(GOOD, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        validate([first, second], data=FIXTURE, timeout=None, max_bytes=len(GOOD) + 10)
    assert str(caught.value.position).endswith("b.ttl")
    assert caught.value.message == (
        f"the contribution is over the limit of {len(GOOD) + 10:,} bytes (--max-bytes):"
        " nothing past it was read"
    )


def test_an_endless_standard_input_is_read_only_to_the_limit() -> None:
    with open("/dev/zero", "rb") as zeros:
        done = _cli("--max-bytes", "1000", "-", stdin=zeros.fileno())
    assert done.returncode == 2
    assert done.stderr == (
        "<stdin>: error: the contribution is over the limit of 1,000 bytes (--max-bytes):"
        " nothing past it was read\n"
        "  hint: split the contribution into smaller files, validated one after the other\n"
    )


def test_a_pipe_that_never_ends_on_standard_input_is_read_only_to_the_limit() -> None:
    """`yes '<urn:a> <urn:b> <urn:c> .' | cybergraph validate -` once grew to gigabytes."""
    writer = subprocess.Popen(["yes", "<urn:a> <urn:b> <urn:c> ."], stdout=subprocess.PIPE)
    try:
        assert writer.stdout is not None
        done = _cli("--max-bytes", "100000", "-", stdin=writer.stdout.fileno())
    finally:
        writer.kill()
        writer.wait()
    assert done.returncode == 2
    assert done.stderr.startswith(
        "<stdin>: error: the contribution is over the limit of 100,000 bytes (--max-bytes)"
    )


def test_a_standard_input_that_never_ends_stops_at_the_time_limit() -> None:
    read_end, write_end = os.pipe()  # a writer that stays open and sends nothing
    try:
        started = time.monotonic()
        done = _cli("--timeout", "1", "-", stdin=read_end, timeout=30)
        took = time.monotonic() - started
    finally:
        os.close(read_end)
        os.close(write_end)
    assert done.returncode == 2
    assert took < 15
    assert done.stderr == (
        "error: standard input did not end within 1 s and was not read further\n"
        "  hint: send a file that ends, or raise the limit with --timeout\n"
    )


def test_standard_input_that_ends_is_validated() -> None:
    done = _cli("--stdin-name", "test-report-s2.ttl", "-", stdin=GOOD.encode())
    assert (done.returncode, done.stdout.splitlines()[-1]) == (
        0,
        b"0 errors, 4 warnings; 1 file validated against the graph:"
        b" conforms (warnings allowed; --strict to refuse them)",
    )


def test_a_data_file_that_is_a_device_is_refused_by_the_build(tmp_path: Path) -> None:
    from cybergraph.graph.build import build

    data = tmp_path / "data"
    (data / "facts").mkdir(parents=True)
    (data / "sources.ttl").write_text(GOOD, encoding="utf-8")
    (data / "facts" / "zero.ttl").symlink_to("/dev/zero")
    with pytest.raises(InputError) as caught:
        build(data=data, force=True)
    assert caught.value.message == (
        "not a regular file: it is a character device (the link leads to /dev/zero);"
        " only regular files are read"
    )

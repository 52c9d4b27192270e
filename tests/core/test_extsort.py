"""The external sort: the same lines as an in-memory sort, whatever the budget, and no file left behind."""

from __future__ import annotations

import random
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import IO

import pytest

from cybergraph.core import extsort
from cybergraph.core.extsort import sorted_lines


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary directory the runs go to, watched: every run file made there is counted."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def lines_of(seed: int, count: int) -> list[bytes]:
    rng = random.Random(seed)
    words = ["é", "a", "a/b", "a-b", "a>b", "z", "\u4e2d", "\U0001f600", "<x>", " "]
    return [("".join(rng.choice(words) for _ in range(rng.randint(1, 6)))).encode() for _ in range(count)]


def chunks_of(lines: list[bytes], size: int) -> list[bytes]:
    return [b"\n".join(lines[i : i + size]) + b"\n" for i in range(0, len(lines), size)]


@pytest.mark.parametrize("budget", [1, 200, 5_000, None])
def test_the_lines_come_sorted_as_bytes_each_once_whatever_the_budget(
    budget: int | None, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[object] = []
    real = tempfile.TemporaryFile

    def counted(*args: object, **kwargs: object) -> object:
        made.append(None)
        return real(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(extsort.tempfile, "TemporaryFile", counted)
    lines = [*lines_of(budget or 0, 3000), b""]  # repeats and an empty line, dropped
    with sorted_lines(chunks_of(lines, 97), budget=budget) as blocks:
        text = b"".join(blocks)
        # Run files have no name: even while they are open, nothing shows in the folder.
        assert list(scratch.iterdir()) == []
    expected = sorted({line for line in lines if line})
    assert text == b"".join(line + b"\n" for line in expected)
    # The order is the decoded strings' order (UTF-8 keeps the code points' order).
    assert [line.decode() for line in expected] == sorted(line.decode() for line in expected)
    if budget is None:
        assert made == []  # what fits in the budget never touches the disk
    else:
        assert len(made) > 1
    assert list(scratch.iterdir()) == []


def test_nothing_is_left_when_the_reader_stops_half_way(scratch: Path) -> None:
    with (
        pytest.raises(RuntimeError, match="stopped"),
        sorted_lines(chunks_of(lines_of(1, 2000), 50), budget=100) as blocks,
    ):
        next(blocks)
        raise RuntimeError("stopped")
    assert list(scratch.iterdir()) == []


def test_no_lines_is_no_text() -> None:
    with sorted_lines([]) as blocks:
        assert list(blocks) == []
    with sorted_lines([b"\n\n"], budget=1) as blocks:
        assert list(blocks) == []


def test_many_runs_are_merged_in_groups_first(scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 3000 lines in runs of a few lines each, merged three at a time: several levels of longer runs.
    monkeypatch.setattr(extsort, "_FAN_IN", 3)
    merged: list[int] = []
    fewer = extsort._fewer

    def counted(runs: list[IO[bytes]], stack: ExitStack) -> list[IO[bytes]]:
        merged.append(len(runs))
        return fewer(runs, stack)

    monkeypatch.setattr(extsort, "_fewer", counted)
    lines = lines_of(7, 3000)
    with sorted_lines(chunks_of(lines, 40), budget=1) as blocks:
        text = b"".join(blocks)
    assert merged == [75]
    assert text == b"".join(line + b"\n" for line in sorted(set(lines)))
    assert list(scratch.iterdir()) == []

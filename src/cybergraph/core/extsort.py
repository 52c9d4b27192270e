"""Sorting more lines than fit in memory: sorted runs spilled to disk, then merged (an external merge sort).

Lines are gathered until they take about `BUDGET` bytes of memory, sorted and, when more follow, written
to a run file; the runs are then merged (`heapq.merge`), each distinct line once. An input that fits in the
budget is one run that never touches the disk. More than `_FAN_IN` runs are merged in groups first, so
the memory of the merge, which reads a little of every run at a time, is bounded as well.

A run that cannot be written (the disk that holds the temporary folder is full, or not writable) is a
CybergraphError that names the folder and says to set TMPDIR, not an internal error.

The run files are anonymous (`tempfile.TemporaryFile`: unlinked as soon as they are made, or never named
at all with O_TMPFILE): the system frees them when they are closed or the process ends, however it ends
(an error, Ctrl-C, SIGTERM, even SIGKILL), so no run can outlive the sort and nothing needs sweeping.

Lines are compared as bytes: for UTF-8 text that is the order of the code points, Python's `sorted` of the
decoded strings.

>>> with sorted_lines([b"b\\na\\n", b"c\\na\\n"]) as blocks:
...     b"".join(blocks)
b'a\\nb\\nc\\n'
"""

from __future__ import annotations

import heapq
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from typing import IO

from cybergraph.core.files import scratch_error

#: About how many bytes of memory the lines of one run may take (their text and each line's object).
BUDGET = 64 << 20
#: What a line costs beyond its text: the bytes object's header and its place in the list.
_PER_LINE = 48
#: How many lines go into one block of the output (and one write of a run).
_BLOCK_LINES = 8192
#: How much of each run the merge reads at a time, and how many runs it merges at once: more runs are
#: first merged in groups into longer runs, so the merge's memory is bounded too (64 x 64 KiB of text).
_READ = 1 << 16
_FAN_IN = 64


@contextmanager
def _scratch() -> Iterator[None]:
    """Writing run files: an OSError (a full disk, a folder not writable) becomes a clear error."""
    try:
        yield
    except OSError as exc:
        raise scratch_error(exc, "the sort's run files") from exc


def _spill(lines: list[bytes], stack: ExitStack) -> IO[bytes]:
    """Sorted lines written to a new anonymous run file, rewound; the list is emptied, so its memory goes."""
    with _scratch():
        run = stack.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 (closed with the stack)
        for start in range(0, len(lines), _BLOCK_LINES):
            run.write(b"\n".join(lines[start : start + _BLOCK_LINES]) + b"\n")
        run.seek(0)
    lines.clear()
    return run


def _fewer(runs: list[IO[bytes]], stack: ExitStack) -> list[IO[bytes]]:
    """At most `_FAN_IN` runs: groups of them merged into longer runs (each closed once merged)."""
    while len(runs) > _FAN_IN:
        longer: list[IO[bytes]] = []
        for start in range(0, len(runs), _FAN_IN):
            group = runs[start : start + _FAN_IN]
            with _scratch():
                run = stack.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 (closed with the stack)
                for block in _blocks(heapq.merge(*(_read_lines(r) for r in group))):
                    run.write(block)
                run.seek(0)
            for merged in group:
                merged.close()
            longer.append(run)
        runs = longer
    return runs


def _read_lines(run: IO[bytes]) -> Iterator[bytes]:
    """The lines of a run file, without their newlines, read a megabyte at a time."""
    rest = b""
    while block := run.read(_READ):
        lines = (rest + block).split(b"\n")
        rest = lines.pop()
        yield from lines
    if rest:
        yield rest


def _blocks(lines: Iterable[bytes]) -> Iterator[bytes]:
    """Sorted lines as blocks of text, each distinct non-empty line once and ending in a newline."""
    batch: list[bytes] = []
    previous = b""  # empty lines sort first and are dropped as repeats of this
    for line in lines:
        if line != previous:
            batch.append(line)
            previous = line
            if len(batch) >= _BLOCK_LINES:
                yield b"\n".join(batch) + b"\n"
                batch = []
    if batch:
        yield b"\n".join(batch) + b"\n"


@contextmanager
def sorted_lines(chunks: Iterable[bytes], *, budget: int | None = None) -> Iterator[Iterator[bytes]]:
    """The distinct non-empty lines of `chunks`, sorted as bytes, as an iterator of blocks of text (each line
    ending in a newline) to read inside the `with` block. Each chunk must end at the end of a line.

    Memory holds about `budget` bytes of lines (default `BUDGET`) whatever the size of the input; the rest
    waits in run files, all gone when the block ends. The chunks are all read before the first block.
    """
    limit = BUDGET if budget is None else budget
    with ExitStack() as stack:
        runs: list[IO[bytes]] = []
        pending: list[bytes] = []
        size = 0
        for chunk in chunks:
            lines = chunk.split(b"\n")
            pending.extend(lines)
            size += len(chunk) + _PER_LINE * len(lines)
            if size >= limit:
                pending.sort()
                runs.append(_spill(pending, stack))
                size = 0
        pending.sort()
        if not runs:
            yield _blocks(pending)
        else:
            runs = _fewer(runs, stack)
            yield _blocks(heapq.merge(*(_read_lines(run) for run in runs), pending))

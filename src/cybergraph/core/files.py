"""Writing output files so that a failed or interrupted run never leaves half a file, and reading input
files so that no file, whatever it is, is read past a limit."""

from __future__ import annotations

import os
import selectors
import stat
import tempfile
import time
from pathlib import Path

from cybergraph.core.errors import InputError
from cybergraph.core.positions import Position, display_path


def write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it into place."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        # mkstemp makes the file private (0600); give it the mode the file had, or the usual one.
        os.chmod(tmp, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


# Reading: what a path names is read only when it is a regular file, and never more than a limit.

_CHUNK = 1 << 16


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _via(path: Path) -> str:
    """Where a link leads, when `path` is one and it leads to a path that exists."""
    target = os.path.realpath(path)
    if os.path.islink(path) and os.path.exists(target):
        return f" (the link leads to {target})"
    return ""


def read_file(path: Path, *, limit: int | None = None) -> bytes:
    """The bytes of the regular file at `path` (links followed): at most `limit` + 1 of them.

    Whatever the file is, no more than that is read: its reported size is not trusted (a link to
    /dev/zero reports 0). What is not a regular file (a device, a pipe, a directory, a socket) is
    refused before anything is read, and opening it does not wait for a writer. Raises InputError,
    naming the file.
    """
    name = display_path(path)
    try:
        # O_NONBLOCK: opening a pipe for reading would otherwise wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", position=Position(name)) from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(
                f"not a regular file: it is {_kind(mode)}{_via(path)}; only regular files are read",
                position=Position(name),
                hint="save the text to a file and give its path, or send it on standard input (-)",
            )
        return _read_to_limit(fd, limit)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", position=Position(name)) from exc
    finally:
        os.close(fd)


def _read_to_limit(fd: int, limit: int | None, deadline: float | None = None) -> bytes:
    """Read `fd` to its end or to `limit` + 1 bytes; TimeoutError when `deadline` (monotonic) passes."""
    chunks: list[bytes] = []
    total = 0
    selector = _selector(fd)
    try:
        while limit is None or total <= limit:
            if selector is not None:
                left = None if deadline is None else deadline - time.monotonic()
                if (left is not None and left <= 0) or not selector.select(left):
                    raise TimeoutError
            want = _CHUNK if limit is None else min(_CHUNK, limit + 1 - total)
            try:
                chunk = os.read(fd, want)
            except BlockingIOError:  # a stream opened without blocking, read before it had data
                continue
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        if selector is not None:
            selector.close()
    return b"".join(chunks)


def _selector(fd: int) -> selectors.BaseSelector | None:
    """A selector that tells when `fd` can be read; None for a regular file, which never makes a read
    wait (and which epoll refuses)."""
    if stat.S_ISREG(os.fstat(fd).st_mode):
        return None
    selector: selectors.BaseSelector = selectors.DefaultSelector()
    try:
        selector.register(fd, selectors.EVENT_READ)
    except (OSError, ValueError):
        selector.close()
        selector = selectors.SelectSelector()
        selector.register(fd, selectors.EVENT_READ)
    return selector


def read_stream(fd: int, *, name: str, limit: int, deadline: float | None) -> bytes:
    """At most `limit` + 1 bytes of an open file descriptor (standard input), read until its end.

    A stream that never ends is read only until the limit, and one that sends nothing only until
    `deadline` (a time.monotonic()): then TimeoutError. A directory is refused with an InputError.
    """
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(
                f"cannot read {_kind(mode)}", position=Position(name), hint="send the text of a Turtle file"
            )
        return _read_to_limit(fd, limit, deadline)
    except TimeoutError:
        raise
    except OSError as exc:
        raise InputError(f"cannot read it: {exc.strerror or exc}", position=Position(name)) from exc

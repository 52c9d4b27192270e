"""Writing output files so that a failed or interrupted run never leaves half a file, nor a temporary one;
reading input files so that no file, whatever it is, is read past a limit.

Every temporary file or folder the tool makes is named `<prefix><pid>.<random><suffix>` (or with `-`
between pid and random part): the pid of the process that made it. A run that is killed outright
(SIGKILL, a power cut) cannot remove what it made, so the next run that makes the same kind of file
removes those whose process is gone (`sweep`). A maker also holds an advisory lock (flock) on what it
made while it works, so that a live process whose pid is not visible here (another container sharing the
folder) is not taken for a dead one.

Every problem writing an output becomes an `OutputError` (exit code 2) that names the file and says why:
a missing folder, permission denied, not a regular file, a full disk, a folder given as a file.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from cybergraph.core.errors import CybergraphError, InputError
from cybergraph.core.positions import Position, display_path

if TYPE_CHECKING:
    import selectors

# shutil, tempfile, glob and selectors are imported by the functions that use them: every command starts
# with this module, and most never write a temporary file nor wait on a pipe.

T = TypeVar("T")

STDOUT = "standard output"


class OutputError(InputError):
    """An output file (or standard output) cannot be written (exit code 2)."""


# ---------------------------------------------------------------------------------------------------------
# Temporary files and folders that a later run can tell apart from those of a live process


def temp_prefix(prefix: str, sep: str = ".") -> str:
    """`prefix` followed by this process's pid: the start of the name of a temporary file it makes."""
    return f"{prefix}{os.getpid()}{sep}"


def pid_alive(pid: int) -> bool:
    """Whether a process `pid` exists (a process of another user counts: it may still be working)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def hold(fd: int) -> None:
    """Mark the file or folder open as `fd` as in use by this process, until `fd` is closed."""
    with suppress(OSError):  # a file system without locks: the pid in the name still protects it
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _held(path: Path) -> bool:
    """Whether a live process holds the lock `hold` takes on `path`."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)  # a pipe must not block
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
    return False


def owner(name: str, prefix: str, suffix: str = "") -> int | None:
    """The pid in the name of a temporary file made with `prefix` and `suffix`, or None for another name.

    >>> owner(".out.nt.4242.k2j3_4ab.tmp", ".out.nt.", ".tmp")
    4242
    >>> owner(".out.nt.backup", ".out.nt.", ".tmp") is None
    True
    """
    found = re.fullmatch(re.escape(prefix) + r"(\d+)[.-][A-Za-z0-9_]+" + re.escape(suffix), name)
    return int(found.group(1)) if found else None


def orphan(path: Path, prefix: str, suffix: str = "") -> bool:
    """Whether `path` is a temporary file or folder of this kind whose process is gone."""
    pid = owner(path.name, prefix, suffix)
    return pid is not None and not pid_alive(pid) and not _held(path)


def remove(path: Path) -> None:
    """Remove a file or a folder with everything in it; nothing when it is already gone."""
    import shutil

    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with suppress(FileNotFoundError):
            path.unlink()


def sweep(folder: Path, prefix: str, suffix: str = "") -> list[Path]:
    """Remove the temporary files and folders of `folder` named with `prefix` and `suffix` whose process
    is gone; the paths removed. Never raises: what cannot be removed now is tried again next time."""
    removed = []
    try:
        with os.scandir(folder) as entries:
            candidates = [Path(e.path) for e in entries if e.name.startswith(prefix)]
    except OSError:
        return []
    for path in candidates:
        if orphan(path, prefix, suffix):
            with suppress(OSError):
                remove(path)
                removed.append(path)
    return removed


@contextmanager
def temp_folder(prefix: str, *, parent: Path | None = None) -> Iterator[Path]:
    """A new private folder `<prefix><pid>-<random>` in `parent` (default: the temporary directory),
    removed with its contents when the block ends, however it ends. Orphans of the same prefix are swept.
    """
    import shutil
    import tempfile

    parent = Path(parent or tempfile.gettempdir())
    sweep(parent, prefix)
    folder = Path(tempfile.mkdtemp(prefix=temp_prefix(prefix, "-"), dir=parent))
    fd = os.open(folder, os.O_RDONLY)
    try:
        hold(fd)
        yield folder
    finally:
        os.close(fd)
        shutil.rmtree(folder, ignore_errors=True)


def recover_folder(out: Path) -> None:
    """Clean up after a run that was killed while replacing the folder `out` (see `replace_folder`): the
    previous folder, caught between the two renames, is put back; its temporary folders are removed."""
    import glob

    parent = out.resolve().parent
    prefix = f".{out.name}."
    if not out.exists():
        for left in sorted(parent.glob(f"{glob.escape(prefix)}*.old")):
            if orphan(left, prefix, ".old") and (left / "previous").is_dir():
                os.replace(left / "previous", out)
                break
    for suffix in (".tmp", ".old"):
        sweep(parent, prefix, suffix)


def replace_folder(out: Path, fill: Callable[[Path], T]) -> T:
    """Replace the folder `out` as a whole by what `fill` writes into a new folder beside it; `fill`'s
    result. The new folder `.<name>.<pid>.<random>.tmp` is renamed into place only once `fill` returns; the
    previous folder is moved aside (`.old`) first and put back if the rename fails, so an error leaves
    `out` as it was and nothing beside it."""
    import shutil
    import tempfile

    parent = out.resolve().parent
    prefix = f".{out.name}."
    work = Path(tempfile.mkdtemp(prefix=temp_prefix(prefix), suffix=".tmp", dir=parent))
    old: Path | None = None
    try:
        result = fill(work)
        os.chmod(work, 0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=temp_prefix(prefix), suffix=".old", dir=parent))
            os.replace(out, old / "previous")
        try:
            os.replace(work, out)
        except BaseException:
            if old is not None:
                os.replace(old / "previous", out)
            raise
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return result


# ---------------------------------------------------------------------------------------------------------
# Why an output cannot be written


_FREE = "free some space, or write to another disk"
_CREATE = "create it first, or choose another file"
_DEVICE = {
    errno.ENOSPC: ("no space left on the device (the disk is full)", _FREE),
    errno.EDQUOT: ("the disk quota is exceeded", _FREE),
    errno.EROFS: ("the file system is read-only", "write to a writable disk"),
    errno.EFBIG: ("the file is too large for the file system", "write to another disk"),
    errno.EIO: ("the device reported an input/output error", "check the disk, or write to another one"),
}


def _reason(path: Path, exc: OSError) -> tuple[str, str]:
    """What went wrong writing `path`, in words, and how to fix it."""
    code = exc.errno
    if code in _DEVICE:
        return _DEVICE[code]
    folder = path.parent
    if code == errno.ENOENT:
        if not folder.exists():
            return (
                f"the folder {display_path(folder)} does not exist",
                "create it first, or choose another file",
            )
        return (
            f"the folder {display_path(folder)} does not accept new files",
            "choose a file in an ordinary folder",
        )
    if code == errno.ENOTDIR:
        blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
        return f"{display_path(blocker)} is not a folder", "choose another file"
    if code in (errno.EACCES, errno.EPERM):
        # The file is written beside its target and renamed: the folder must be writable.
        return (
            f"permission denied: cannot create a file in the folder {display_path(folder)}",
            "choose a file in a folder you can write to",
        )
    if code == errno.EISDIR:
        return "it is a folder", "give the name of a file, for example DIR/NAME"
    if code == errno.ENAMETOOLONG:
        return "the file name is too long", "choose a shorter name"
    return exc.strerror or str(exc), "check the path and try again"


def write_reason(exc: OSError) -> str:
    """Why a folder of the tool's own (the cache, the temporary folder) cannot be written, in words."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return _DEVICE.get(exc.errno or 0, (exc.strerror or str(exc), ""))[0]


def scratch_error(exc: OSError, what: str) -> CybergraphError:
    """The error for `exc`, raised writing temporary files (`what`) in the system's temporary folder."""
    import tempfile

    folder = tempfile.gettempdir()
    reason = write_reason(exc)
    return CybergraphError(
        f"cannot write {what} in the temporary folder {display_path(folder)}: {reason}",
        hint="set TMPDIR to a folder you can write to, with free space",
    )


def output_error(path: Path | str, exc: OSError) -> OutputError:
    """The OutputError for `exc`, raised while writing the output `path`."""
    reason, hint = _reason(Path(path), exc)
    return OutputError(f"cannot write the output: {reason}", position=Position(display_path(path)), hint=hint)


def _refuse(path: Path, reason: str, hint: str) -> OutputError:
    return OutputError(f"cannot write the output: {reason}", position=Position(display_path(path)), hint=hint)


def output_target(path: Path | str) -> Path:
    """The file a write to `path` replaces (a symbolic link is followed), after checking that it can be.

    Raises OutputError for a folder, something that is not a regular file (a device, a pipe), a
    read-only file, or a folder that does not exist.
    """
    given = Path(path)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise output_error(given, exc) from exc
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise _refuse(given, "it is a folder", "give the name of a file, for example DIR/NAME")
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(
                given,
                "it is not a regular file (a device, pipe or socket)",
                "leave out -o to write to standard output, and redirect that",
            )
        if not os.access(target, os.W_OK):
            raise _refuse(
                given, "permission denied: the file is read-only", "make it writable, or choose another file"
            )
    folder = target.parent
    if not folder.exists():
        raise _refuse(
            given,
            f"the folder {display_path(folder)} does not exist",
            "create it first, or choose another file",
        )
    if not folder.is_dir():
        raise output_error(given, OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)))
    return target


# ---------------------------------------------------------------------------------------------------------
# Writing


@contextmanager
def writing(path: Path | str) -> Iterator[Callable[[bytes], None]]:
    """Write a file whole or not at all, piece by piece: the block gets a `write(data)` function, and the
    file is renamed into place when the block ends without an error; however else it ends, the temporary
    file is removed and the previous file stays as it was (see `write_bytes`). Raises OutputError for
    what goes wrong writing the file; an error of the block itself goes through as it is."""
    import tempfile  # only when a file is written: not on the path of a query's answer

    given = Path(path)
    target = output_target(given)
    prefix = f".{target.name}."
    sweep(target.parent, prefix, ".tmp")
    try:
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(prefix), suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise output_error(given, exc) from exc
    try:
        try:
            hold(fd)
            # mkstemp makes the file private (0600); give it the mode the file had, or the usual one.
            os.fchmod(fd, _mode_for(target))
            handle = os.fdopen(fd, "wb")
        except OSError as exc:
            os.close(fd)
            raise output_error(given, exc) from exc
        with handle:

            def write(data: bytes) -> None:
                try:
                    handle.write(data)
                except OSError as exc:
                    raise output_error(given, exc) from exc

            yield write
            try:
                handle.flush()
                os.fsync(handle.fileno())
                # Renamed while the lock is held: until then a sweep by another process leaves it alone.
                os.replace(tmp, target)
            except OSError as exc:
                raise output_error(given, exc) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes(path: Path | str, data: bytes) -> None:
    """Write `data` to `path` whole or not at all: into a temporary file beside it, renamed into place.

    The temporary file is `.<name>.<pid>.<random>.tmp`; it is removed however the write ends, and one
    left by a process that was killed is removed by the next write to the same file. Raises OutputError.
    """
    with writing(path) as write:
        write(data)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text(path: Path | str, text: str) -> None:
    """`write_bytes` of `text` in UTF-8."""
    write_bytes(path, text.encode("utf-8"))


def write_stdout(data: bytes | str) -> None:
    """Write `data` to standard output and flush it; OutputError when it cannot be written (a full disk).

    A closed pipe (`| head`) raises BrokenPipeError, which the command line ends on quietly.
    """
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)  # None when replaced by a text stream (a test, an embedding)
    try:
        stream.flush()
        if buffer is None:
            stream.write(data if isinstance(data, str) else data.decode("utf-8"))
        else:
            # Bytes, so that CSV's CRLF line ends reach the pipe as the standard writes them.
            buffer.write(data.encode("utf-8") if isinstance(data, str) else data)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise stdout_error(exc) from exc


def stdout_error(exc: OSError) -> OutputError:
    """The error for standard output that cannot be written (`exc`: what writing it raised)."""
    reason, hint = _DEVICE.get(exc.errno or 0, (exc.strerror or str(exc), "check where the output goes"))
    return OutputError(f"cannot write to {STDOUT}: {reason}", hint=hint)


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
    # The name is made only for an error: resolving it costs more than the read (46 files a build key).
    try:
        # O_NONBLOCK: opening a pipe for reading would otherwise wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(
            f"cannot read the file: {exc.strerror or exc}", position=Position(display_path(path))
        ) from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(
                f"not a regular file: it is {_kind(mode)}{_via(path)}; only regular files are read",
                position=Position(display_path(path)),
                hint="save the text to a file and give its path, or send it on standard input (-)",
            )
        return _read_to_limit(fd, limit)
    except OSError as exc:
        raise InputError(
            f"cannot read the file: {exc.strerror or exc}", position=Position(display_path(path))
        ) from exc
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
    import selectors

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

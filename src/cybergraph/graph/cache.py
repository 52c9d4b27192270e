"""The on-disk cache of built graphs: where it is, the key of a build, and entries that are whole or absent,
shared safely by any number of processes running at once.

A cache folder holds:

    <key>/                        a whole entry: the store, and the `complete` marker written last
    .<key>.<pid>.<random>.tmp/    an entry being built by process <pid>; renamed to <key>/ when whole
    .<key>.<pid>.<random>.old/    an entry being removed: renamed away first, so that removal is atomic
    .<key>.lock                   the build lock of <key>, while a process builds it

How processes share it (advisory locks, `fcntl.flock`):

- One process at a time builds a key: it holds the key's build lock. A second process that needs the
  same key waits for the lock, then finds the entry whole and reuses it.
- A process that uses an entry holds a shared lock on its `complete` marker until it ends (`complete()`
  takes it). An entry is removed, by pruning or to be replaced by `build --force`, only by a process
  that holds an exclusive lock on that marker, which it cannot get while any process uses the entry.
- A build killed outright leaves its `.tmp` folder: the next build removes the half-built folders of a
  key whose build lock is free and whose process is gone, and build locks that nobody holds.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import stat
import time
import zlib
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path

from cybergraph.core import places
from cybergraph.core.errors import CybergraphError, InputError
from cybergraph.core.files import pid_alive, read_file, remove, temp_prefix, write_reason
from cybergraph.core.positions import Position, display_path

KEEP = 4  # cached builds kept per cache folder; older ones are removed when no process uses them
COMPLETE = "complete"  # the marker file of a whole entry, and the lock of the processes that use it
BUSY_WAIT = 1.0  # seconds `--force` waits for a pruning process to let go of the entry it replaces

# The entries this process uses, each with the descriptor that holds its shared lock until the process
# ends: an open store cannot say when it is closed, so an entry once used stays in use.
_pins: dict[Path, int] = {}

# The name of a leftover: `.<key>.<pid>.<random>.tmp` or `.old`, or the build lock `.<key>.lock`.
_LEFTOVER = re.compile(r"\.(?P<key>[^.]+)\.(?:(?P<pid>\d+)\.[A-Za-z0-9_]+\.(?P<kind>tmp|old)|lock)")


def cache_root() -> Path:
    """Where built stores are kept: $CYBERGRAPH_CACHE, else .cache/ in a checkout, else the user cache."""
    return Path(places.cache_folder())


def input_key(header: str, inputs: Iterable[tuple[Path, str]]) -> str:
    """A hash of `header` (the versions that change what a build makes) and each input's name and bytes.

    `inputs` are (file, name) pairs: the name is hashed with the file, so that moving a file to another
    named graph changes the key. Raises InputError naming a file that cannot be read.

    The bytes are hashed only when a file changed: the key found for the same files with the same sizes,
    modification times and inodes is kept in the cache folder (`.keys/`) and read back (at a million
    triples, hashing 43 MB took most of a one-entity validation).
    """
    items = list(inputs)
    stats = []
    newest = 0.0
    for path, name in items:
        status = _regular_file(path)
        # The device and inode name the file itself (links followed), so the path need not be resolved:
        # that cost more than the rest of the check together on every `query`.
        found = f"{status.st_size} {status.st_mtime_ns} {status.st_ino} {status.st_dev}"
        stats.append(f"{name}\n{os.path.abspath(path)}\n{found}")
        newest = max(newest, status.st_mtime)
    # The memo is named by two checksums of what was found and holds it in full beside the key, so that
    # finding it needs no cryptographic hash (hashlib's OpenSSL costs a cold `query` more than the look-up
    # itself): a memo of other files that happens to share the name is not theirs, and is not used.
    found = "\n--\n".join([header, *stats])
    raw = found.encode()
    seen = f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}{len(raw):016x}"  # 32 digits, as before
    memo = cache_root() / ".keys" / seen
    with suppress(OSError, UnicodeDecodeError):
        known, _, recorded = memo.read_text(encoding="utf-8").partition("\n")
        if re.fullmatch(r"[0-9a-f]{32}", known) and recorded == found:
            return known
    key = _content_key(header, items)
    if time.time() - newest > places.SETTLED:
        with suppress(OSError):  # a cache that cannot be written only costs the hashing next time
            memo.parent.mkdir(parents=True, exist_ok=True)
            temporary = memo.with_name(f"{temp_prefix('.')}{seen}.tmp")
            temporary.write_text(f"{key}\n{found}", encoding="utf-8")
            temporary.replace(memo)
    return key


def _regular_file(path: Path) -> os.stat_result:
    """The status of the regular file at `path` (links followed), which this process can open; else the
    InputError `read_file` gives (a device or a pipe never ends, a folder is no file). One open and one
    fstat: this runs for every input file of every command."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            found = os.fstat(fd)
        finally:
            os.close(fd)
        if stat.S_ISREG(found.st_mode):
            return found
    except OSError:
        pass
    read_file(path, limit=0)  # raises the error that names the file and says what it is
    try:
        return path.stat()  # read_file found a regular file after all (it changed meanwhile)
    except OSError as exc:
        raise InputError(
            f"cannot read the file: {exc.strerror or exc}", position=Position(display_path(path))
        ) from exc


def _content_key(header: str, inputs: list[tuple[Path, str]]) -> str:
    import hashlib

    digest = hashlib.sha256(f"{header}\n".encode())
    for path, name in inputs:
        digest.update(f"{name}\n".encode())
        try:
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
        except OSError as exc:
            raise InputError(
                f"cannot read the file: {exc.strerror or exc}", position=Position(display_path(path))
            ) from exc
        digest.update(b"\n--\n")
    return digest.hexdigest()[:32]


class CacheError(CybergraphError):
    """The cache folder cannot be written, or the entry to replace is in use (exit code 2)."""


def _cache_error(root: Path, exc: OSError) -> CacheError:
    return CacheError(
        f"cannot write the cache folder {display_path(root)}: {write_reason(exc)}",
        hint="set CYBERGRAPH_CACHE to a folder you can write to, with some free space",
    )


def _locked(path: Path, how: int, *, create: bool = False) -> int | None:
    """A descriptor of `path` holding the flock `how`, or None when `path` does not exist (or, with
    `create`, never). With LOCK_NB, raises BlockingIOError when another process holds a conflicting lock.

    The lock is taken on the file that is at `path` once locked: a file removed or replaced while this
    process waited is opened again, so that a lock never protects a file nobody else can find.
    """
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT if create else os.O_RDONLY, 0o666)
        except FileNotFoundError:
            if create:
                raise
            return None
        try:
            try:
                fcntl.flock(fd, how)
            except BlockingIOError:
                raise
            except OSError as exc:
                if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
                    raise
                # A file system without locks: go on unprotected rather than not at all.
            try:
                here = os.stat(path)
                mine = os.fstat(fd)
                same = (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino)
            except FileNotFoundError:
                same = False
        except BaseException:
            os.close(fd)
            raise
        if same:
            return fd
        os.close(fd)


def _unlock(path: Path, fd: int) -> None:
    # Removed while still held: a waiting process then finds the file gone and takes a new one.
    with suppress(OSError):
        path.unlink()
    os.close(fd)


def complete(key: str, root: Path | None = None) -> Path | None:
    """The folder of the whole cached entry `key`, or None when there is none.

    The entry is then in use by this process until it ends: no other process removes it.
    """
    root = root or cache_root()
    target = root / key
    if target in _pins:
        return target
    try:
        fd = _locked(target / COMPLETE, fcntl.LOCK_SH)
    except OSError as exc:
        raise _cache_error(root, exc) from exc
    if fd is None:
        return None
    _pins[target] = fd
    return target


def release(path: Path) -> None:
    """This process no longer uses the entry at `path` (its store is closed, or could not be opened)."""
    fd = _pins.pop(path, None)
    if fd is not None:
        os.close(fd)


def damaged(path: Path, exc: Exception) -> CacheError:
    """The error for an entry whose store cannot be opened."""
    return CacheError(
        f"the cached build {display_path(path)} cannot be opened: {exc}",
        hint="rebuild it with `cybergraph build --force` when no other cybergraph command is running",
    )


def entry(
    key: str, make: Callable[[Path], None], *, root: Path | None = None, force: bool = False
) -> tuple[Path, bool]:
    """The folder of the whole entry `key` (in use by this process until it ends), and whether it was
    reused; when there is none, or with `force`, `make(folder)` writes it first into a new folder.

    One process builds a key at a time: another that needs it waits, then reuses it. When `make` raises,
    its folder is removed and the cache is as it was. Raises CacheError when the cache folder cannot be
    written, or when `force` would replace an entry another process is using.
    """
    root = root or cache_root()
    if not force and (found := complete(key, root)) is not None:
        return found, True
    lock = root / f".{key}.lock"
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = _locked(lock, fcntl.LOCK_EX, create=True)  # waits while another process builds `key`
    except OSError as exc:
        raise _cache_error(root, exc) from exc
    assert fd is not None
    try:
        if not force and (found := complete(key, root)) is not None:
            return found, True  # built by another process while this one waited
        sweep(root, key)
        import tempfile

        try:
            work = Path(tempfile.mkdtemp(prefix=temp_prefix(f".{key}."), suffix=".tmp", dir=root))
        except OSError as exc:
            raise _cache_error(root, exc) from exc
        try:
            make(work)
            (work / COMPLETE).write_text(key + "\n", encoding="utf-8")
            _install(root, key, work)
        except OSError as exc:
            remove(work)
            raise _cache_error(root, exc) from exc
        except BaseException:
            remove(work)
            raise
        found = complete(key, root)
        assert found is not None
    finally:
        _unlock(lock, fd)
    prune(root, key)
    return found, False


def _aside(root: Path, name: str) -> Path:
    import secrets

    return root / f"{temp_prefix(f'.{name}.')}{secrets.token_hex(4)}.old"


def _install(root: Path, key: str, work: Path) -> None:
    """Rename the whole entry `work` to `key`; an earlier entry `key` goes first, when nobody uses it."""
    target = root / key
    if not (target.exists() or target.is_symlink()):
        os.replace(work, target)  # nobody else makes `key` while this process holds its build lock
        return
    deadline = time.monotonic() + BUSY_WAIT
    while True:
        try:
            fd = _locked(target / COMPLETE, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            # A process pruning it holds the lock for a moment; a process using it, for as long as it runs.
            if target in _pins or time.monotonic() > deadline:
                who = "this process" if target in _pins else "another cybergraph process"
                raise CacheError(
                    f"the cached build {display_path(target)} is in use by {who},"
                    " so it cannot be replaced now",
                    hint="run `cybergraph build --force` again when the other commands have finished",
                ) from None
            time.sleep(0.05)
    aside = _aside(root, key)
    try:
        os.rename(target, aside)  # a removed entry disappears at once, never half
        try:
            os.replace(work, target)
        except BaseException:
            os.rename(aside, target)
            raise
    finally:
        if fd is not None:
            os.close(fd)
    remove(aside)


def _entries(root: Path) -> list[Path]:
    try:
        return [p for p in root.iterdir() if not p.name.startswith(".") and (p / COMPLETE).is_file()]
    except OSError:
        return []


def prune(root: Path, keep: str) -> None:
    """Remove all but the `KEEP` most recent whole entries of `root`, never the entry `keep` nor one that
    a process uses."""
    dated = []
    for path in _entries(root):
        with suppress(OSError):  # removed by another process meanwhile
            if path.name != keep:
                dated.append((path.stat().st_mtime, path))
    builds = [path for _, path in sorted(dated, reverse=True)]
    for old in builds[KEEP - 1 :]:
        if old in _pins:
            continue
        try:
            fd = _locked(old / COMPLETE, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # BlockingIOError: in use
            continue
        if fd is None:
            continue  # removed by another process meanwhile
        aside = _aside(root, old.name)
        try:
            os.rename(old, aside)
        except OSError:
            continue
        finally:
            os.close(fd)
        remove(aside)


def sweep(root: Path, building: str | None = None) -> list[Path]:
    """Remove what killed processes left in `root`: half-built entries, entries half removed, and build
    locks nobody holds; the paths removed. `building` is the key whose build lock this process holds.

    A half-built `.<key>.<pid>.*.tmp` is removed only while this process holds the build lock of <key>
    (so nobody is building it) and process <pid> is gone.
    """
    try:
        names = [p.name for p in root.iterdir()]
    except OSError:
        return []
    keys: dict[str, list[tuple[Path, str | None, int]]] = {}
    for name in names:
        found = _LEFTOVER.fullmatch(name)
        if found:
            pid = int(found["pid"]) if found["pid"] else 0
            keys.setdefault(found["key"], []).append((root / name, found["kind"], pid))
    removed: list[Path] = []
    for key, leftovers in keys.items():
        for path, kind, _ in leftovers:
            if kind == "old":  # renamed away to be removed: nobody uses it
                remove(path)
                removed.append(path)
        if not any(kind == "tmp" for _, kind, _ in leftovers) and not (root / f".{key}.lock").exists():
            continue
        lock = root / f".{key}.lock"
        fd: int | None = None
        if key != building:
            try:
                fd = _locked(lock, fcntl.LOCK_EX | fcntl.LOCK_NB, create=True)
            except OSError:  # BlockingIOError: someone builds it now
                continue
        try:
            for path, kind, pid in leftovers:
                if kind == "tmp" and not pid_alive(pid):
                    remove(path)
                    removed.append(path)
        finally:
            if fd is not None:
                _unlock(lock, fd)
    return removed

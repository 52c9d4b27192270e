"""The on-disk cache of built graphs: where it is, the key of a build, and entries that are whole or absent.

Each build is a folder named by a hash of its inputs (`input_key`). A folder counts only once it holds
the `complete` marker, which is written last, after the store; the folder is made under a temporary name
and renamed into place, so a build that fails or is interrupted leaves nothing a later command would take
for a build. Only the most recent few builds are kept.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from cybergraph.core.files import read_file
from cybergraph.core.resources import ROOT

KEEP = 4  # cached builds kept per cache folder; older ones are removed
COMPLETE = "complete"  # the marker file of a whole entry


def cache_root() -> Path:
    """Where built stores are kept: $CYBERGRAPH_CACHE, else .cache/ in a checkout, else the user cache."""
    chosen = os.environ.get("CYBERGRAPH_CACHE")
    if chosen:
        return Path(chosen)
    if (ROOT / "pyproject.toml").is_file() and os.access(ROOT, os.W_OK):
        return ROOT / ".cache" / "cybergraph"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cybergraph"


def input_key(header: str, inputs: Iterable[tuple[Path, str]]) -> str:
    """A hash of `header` (the versions that change what a build makes) and each input's name and bytes.

    `inputs` are (file, name) pairs: the name is hashed with the file, so that moving a file to another
    named graph changes the key.
    """
    digest = hashlib.sha256(f"{header}\n".encode())
    for path, name in inputs:
        digest.update(f"{name}\n".encode())
        read_file(path, limit=0)  # a regular file, or an InputError: a device or a pipe never ends
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        digest.update(b"\n--\n")
    return digest.hexdigest()[:32]


def complete(key: str, root: Path | None = None) -> Path | None:
    """The folder of the whole cached entry `key`, or None when there is none."""
    target = (root or cache_root()) / key
    return target if (target / COMPLETE).exists() else None


@contextmanager
def new_entry(key: str, root: Path | None = None) -> Iterator[Path]:
    """A fresh folder to write entry `key` into; when the block ends without error, it becomes the entry.

    The entry replaces any earlier folder of the same key, and older entries beyond `KEEP` are removed.
    When the block raises, the folder is removed and the cache is as it was.
    """
    root = root or cache_root()
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=root))
    target = root / key
    try:
        yield work
        (work / COMPLETE).write_text(key + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    prune(root, key)


def prune(root: Path, keep: str) -> None:
    """Remove all but the `KEEP` most recent whole entries of `root`, never the entry `keep`."""
    builds = sorted(
        (p for p in root.iterdir() if p.is_dir() and (p / COMPLETE).exists() and p.name != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in builds[KEEP - 1 :]:
        shutil.rmtree(old, ignore_errors=True)

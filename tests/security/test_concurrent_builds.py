"""Any number of cybergraph processes share one cache folder: concurrent first runs all succeed, one of them
builds and the others reuse its build, and no process removes a build that another is using or writing."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from cybergraph.core.resources import ROOT
from cybergraph.graph import cache
from cybergraph.graph.cache import CacheError

# A process that makes (or reuses) the cache entry KEY in ROOT, writing WHAT as its store; with `hold`
# it then uses the entry until its standard input closes, and with `stall` it is stopped half-way
# through the build.
ENTRY = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from cybergraph.graph import cache
    root, key, what, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]

    def make(folder):
        (folder / "store").write_text(what)
        if mode == "stall":
            print("building", flush=True)
            time.sleep(60)

    cache.entry(key, make, root=root)
    if mode == "hold":
        print("ready", flush=True)
        sys.stdin.read()
    """
)


def entry_process(root: Path, key: str, what: str = "", mode: str = "make") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", ENTRY, str(root), key, what or key, mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def make_entry(root: Path, key: str, what: str = "") -> None:
    process = entry_process(root, key, what)
    process.communicate(timeout=30)
    assert process.returncode == 0


@pytest.fixture
def holding(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process that uses the entry `k0` of the cache folder tmp_path/"cache" until the test ends."""
    process = entry_process(tmp_path / "cache", "k0", mode="hold")
    assert process.stdout is not None and process.stdout.readline() == "ready\n"
    yield process
    process.communicate(timeout=30)


def cli(*args: str, cache_root: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "CYBERGRAPH_CACHE": str(cache_root)}
    return subprocess.Popen(
        [sys.executable, "-m", "cybergraph", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def entries(root: Path) -> list[str]:
    """The cache folder's entries, beside `.keys/` (the keys found for unchanged files: graph.cache) and
    `.fast/` (the index of a cold `query`'s fast path: cli/fast.py), which hold whole files only, no
    temporary file of a writer."""
    memos = [p.name for p in (root / ".keys").iterdir()] if (root / ".keys").is_dir() else []
    assert all(len(name) == 32 for name in memos), memos
    indexes = [p.name for p in (root / ".fast").iterdir()] if (root / ".fast").is_dir() else []
    assert all(len(name) == 16 and "." not in name for name in indexes), indexes
    return sorted(p.name for p in root.iterdir() if p.name not in (".keys", ".fast"))


def test_concurrent_first_runs_all_succeed_and_only_one_builds(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    root = tmp_path / "cache"
    builds = [cli("--data", str(data), "build", cache_root=root) for _ in range(6)]
    results = [p.communicate(timeout=120) for p in builds]
    assert [p.returncode for p in builds] == [0] * 6, [err for _, err in results]
    states = sorted(err.split()[0] for _, err in results)
    assert states == ["built"] + ["reused"] * 5
    paths = {err.strip().rsplit(": ", 1)[1] for _, err in results}
    assert len(paths) == 1  # the same entry for all, and nothing else in the cache folder
    assert entries(root) == [Path(paths.pop()).name]

    # The reproduction of the issue: queries as the first commands on an empty cache.
    shutil.rmtree(root)
    queries = [
        cli("--data", str(data), "query", "statistics", "-f", "csv", cache_root=root) for _ in range(4)
    ]
    answers = [p.communicate(timeout=120) for p in queries]
    assert [p.returncode for p in queries] == [0] * 4, [err for _, err in answers]
    assert [err for _, err in answers] == [""] * 4
    assert len({out for out, _ in answers}) == 1 and answers[0][0].startswith("measure,item,count\n")
    assert len(entries(root)) == 1  # one entry, no half-built folder and no lock left


def test_a_failed_build_leaves_the_cache_as_it_was(tmp_path: Path) -> None:
    def broken(folder: Path) -> None:
        (folder / "store").write_text("half")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        cache.entry("broken", broken, root=tmp_path)
    assert list(tmp_path.iterdir()) == [] and cache.complete("broken", tmp_path) is None


def test_only_the_latest_builds_are_kept(tmp_path: Path) -> None:
    for number in range(cache.KEEP + 2):
        make_entry(tmp_path, f"k{number}")
        os.utime(tmp_path / f"k{number}", (number, number))  # mtimes in build order
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"k{n}" for n in range(2, cache.KEEP + 2)]
    found = cache.complete(f"k{cache.KEEP + 1}", tmp_path)
    assert found is not None and (found / "store").read_text() == f"k{cache.KEEP + 1}"


def test_a_build_in_use_by_another_process_is_never_pruned(
    tmp_path: Path, holding: subprocess.Popen[str]
) -> None:
    root = tmp_path / "cache"
    os.utime(root / "k0", (0, 0))  # the oldest: the first to go
    for number in range(1, cache.KEEP + 2):
        make_entry(root, f"k{number}")
        os.utime(root / f"k{number}", (number, number))
    kept = ["k0"] + [f"k{n}" for n in range(2, cache.KEEP + 2)]
    assert sorted(p.name for p in root.iterdir()) == kept
    assert (root / "k0" / "store").read_text() == "k0"
    holding.communicate(timeout=30)  # the other process ends: k0 is no longer in use
    make_entry(root, "k9")
    assert sorted(p.name for p in root.iterdir()) == [f"k{n}" for n in range(3, cache.KEEP + 2)] + ["k9"]


def test_force_does_not_replace_a_build_in_use(
    tmp_path: Path, holding: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "cache"
    monkeypatch.setattr(cache, "BUSY_WAIT", 0.1)
    with pytest.raises(CacheError) as caught:
        cache.entry("k0", lambda folder: (folder / "store").write_text("new"), root=root, force=True)
    assert caught.value.render() == (
        f"error: the cached build {root / 'k0'} is in use by another cybergraph process, so it cannot be"
        " replaced now\n  hint: run `cybergraph build --force` again when the other commands have finished"
    )
    assert [p.name for p in root.iterdir()] == ["k0"] and (root / "k0" / "store").read_text() == "k0"
    holding.communicate(timeout=30)
    path, reused = cache.entry(
        "k0", lambda folder: (folder / "store").write_text("new"), root=root, force=True
    )
    assert not reused and (path / "store").read_text() == "new"
    assert [p.name for p in root.iterdir()] == ["k0"]


def test_a_build_killed_half_way_is_swept_by_the_next_and_a_build_in_progress_is_not(tmp_path: Path) -> None:
    stalled = entry_process(tmp_path, "k1", mode="stall")
    assert stalled.stdout is not None and stalled.stdout.readline() == "building\n"
    stalled.kill()
    stalled.wait()
    half = [p.name for p in tmp_path.iterdir()]
    assert len(half) == 2 and f".k1.{stalled.pid}." in " ".join(half)  # the folder and the build lock
    dead = dead_pid()
    (tmp_path / f".k2.{dead}.abcd1234.old").mkdir()  # an entry half removed
    (tmp_path / ".k3.lock").touch()  # a build lock nobody holds
    (tmp_path / f".k4.{dead}.abcd1234.tmp").mkdir()  # pid gone, but k4's build lock is held: in progress
    lock = os.open(tmp_path / ".k4.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)
    (tmp_path / f".k5.{os.getpid()}.abcd1234.tmp").mkdir()  # its process is alive

    path, reused = cache.entry("k1", lambda folder: (folder / "store").write_text("whole"), root=tmp_path)
    assert not reused and (path / "store").read_text() == "whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f".k4.{dead}.abcd1234.tmp",
        ".k4.lock",
        f".k5.{os.getpid()}.abcd1234.tmp",
        "k1",
    ]
    os.close(lock)


def test_a_damaged_build_is_built_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As an earlier version's concurrent first runs could leave it: store files of the wrong size.
    from cybergraph.graph.build import build

    monkeypatch.setenv("CYBERGRAPH_CACHE", str(tmp_path / "cache"))
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    first = build(data=data)
    quads, path = len(first.store), first.path
    assert path is not None
    del first  # the store is closed
    for table in (path / "store").glob("*.sst"):
        table.write_bytes(b"")
    again = build(data=data)
    assert (again.path, again.reused, len(again.store)) == (path, False, quads)
    assert entries(tmp_path / "cache") == [path.name]

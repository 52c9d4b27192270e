"""The cache key is found from file sizes and times when nothing changed, and from the bytes otherwise."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from cybergraph.graph import cache

CONTENT = cache._content_key  # the hash of the bytes, not counted


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, str]]:
    monkeypatch.setenv("CYBERGRAPH_CACHE", str(tmp_path / "cache"))
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    a.write_text("<urn:a> <urn:p> 1 .\n", encoding="utf-8")
    b.write_text("<urn:b> <urn:p> 2 .\n", encoding="utf-8")
    settle(a, b)
    return [(a, "urn:graph:a"), (b, "urn:graph:b")]


def settle(*paths: Path) -> None:
    """Files last written a minute ago: older than the time resolution that could hide a change."""
    past = time.time() - 60
    for path in paths:
        os.utime(path, (past, past))


def hashed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = cache._content_key

    def counting(header: str, inputs: list[tuple[Path, str]]) -> str:
        calls.append(len(inputs))
        return real(header, inputs)

    monkeypatch.setattr(cache, "_content_key", counting)
    return calls


def test_unchanged_files_are_not_hashed_again(
    files: list[tuple[Path, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = hashed(monkeypatch)
    first = cache.input_key("v1", files)
    assert cache.input_key("v1", files) == first == CONTENT("v1", files)
    assert calls == [2]
    # Another header (a new version of the tool) is another key, from the bytes.
    assert cache.input_key("v2", files) != first and calls == [2, 2]


def test_a_changed_file_is_hashed_and_gets_the_key_of_its_bytes(
    files: list[tuple[Path, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cache.input_key("v1", files)
    calls = hashed(monkeypatch)
    files[1][0].write_text("<urn:b> <urn:p> 3 .\n", encoding="utf-8")  # same size, new time
    settle(files[1][0])
    os.utime(files[1][0], (time.time() - 30, time.time() - 30))
    changed = cache.input_key("v1", files)
    assert changed != first and changed == CONTENT("v1", files) and calls == [2]
    # The same bytes under another graph name are another key too.
    assert cache.input_key("v1", [files[0], (files[1][0], "urn:graph:c")]) not in (first, changed)


def test_a_file_written_just_now_is_hashed_every_time(
    files: list[tuple[Path, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    files[0][0].write_text("<urn:a> <urn:p> 4 .\n", encoding="utf-8")  # its time could hide a change
    calls = hashed(monkeypatch)
    assert cache.input_key("v1", files) == cache.input_key("v1", files)
    assert calls == [2, 2]


def test_a_damaged_memo_is_ignored(files: list[tuple[Path, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    key = cache.input_key("v1", files)
    [memo] = (cache.cache_root() / ".keys").iterdir()
    memo.write_text("not a key\n", encoding="ascii")
    calls = hashed(monkeypatch)
    assert cache.input_key("v1", files) == key and calls == [2]


def test_a_memo_of_other_files_under_the_same_name_is_not_used(
    files: list[tuple[Path, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The memo's name is a checksum, not a cryptographic hash: it holds what it was found for, and a memo
    # that records other files (a checksum collision) gives no key.
    key = cache.input_key("v1", files)
    [memo] = (cache.cache_root() / ".keys").iterdir()
    recorded = memo.read_text(encoding="utf-8").split("\n", 1)[1]
    memo.write_text("f" * 32 + "\n" + recorded.replace("urn:graph:a", "urn:graph:z"), encoding="utf-8")
    calls = hashed(monkeypatch)
    assert cache.input_key("v1", files) == key and calls == [2]
    assert cache.input_key("v1", files) == key and calls == [2]  # the memo is whole again

"""What is committed is whole: no file carries the markers of a merge left unresolved."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from cybergraph.core.resources import ROOT

MARKER = re.compile(r"^(<{7}|={7}|>{7})( |$)", re.MULTILINE)


def test_no_merge_conflict_markers_in_tracked_files() -> None:
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("needs the project's git checkout and the git command (Debian package git)")
    listed = subprocess.run([git, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    found = []
    for name in filter(None, listed.decode().split("\0")):
        path = ROOT / name
        if not path.is_file() or path.suffix in {".png", ".woff2", ".woff", ".ttf", ".ico"}:
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        found += [f"{name}:{text.count(chr(10), 0, m.start()) + 1}" for m in MARKER.finditer(text)]
    assert found == []

"""Real git checkouts in temporary folders, for the tests of what `validate` and `diff` compare.

Git runs with no global or system configuration, so that a tester's hooks, signing or aliases change
nothing; commits carry a fixed author and date, so that their ids are the same on every run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "validation" / "data"
_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Contributor",
    "GIT_AUTHOR_EMAIL": "contributor@example.org",
    "GIT_COMMITTER_NAME": "Contributor",
    "GIT_COMMITTER_EMAIL": "contributor@example.org",
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
}


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=folder,
        check=True,
        capture_output=True,
        env={**os.environ, **_ENV},
    )
    return done.stdout.decode()


def commit(folder: Path, message: str) -> str:
    """Commit everything in `folder`; the new commit's id."""
    git(folder, "add", "--all")
    git(folder, "commit", "--quiet", "--no-verify", "-m", message)
    return git(folder, "rev-parse", "HEAD").strip()


def checkout_of(data: Path, folder: Path) -> Path:
    """A new git checkout `folder` whose first commit holds a copy of the data folder `data`, as data/."""
    shutil.copytree(data, folder / "data")
    git(folder, "init", "--quiet")
    commit(folder, "the data")
    return folder / "data"

"""Reading committed files through git: only what a revision holds, only regular files, within limits."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest

from cybergraph.core.errors import UsageError
from cybergraph.core.git import Checkout, NotACheckout
from tests.git_checkout import commit, git


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "repo"
    (folder / "data" / "facts").mkdir(parents=True)
    (folder / "data" / "sources.ttl").write_text("# sources\n")
    (folder / "data" / "facts" / "a.ttl").write_text("# a\n")
    os.symlink("/etc/passwd", folder / "data" / "facts" / "link.ttl")  # committed as a link, never followed
    git(folder, "init", "--quiet")
    commit(folder, "first")
    return folder


def test_a_revision_is_read_as_its_regular_files(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checkout = Checkout.of(repo / "data" / "facts")
    assert checkout.top == repo.resolve()
    assert checkout.relative(repo / "data" / "facts" / "new.ttl") == PurePosixPath("data/facts/new.ttl")
    assert checkout.relative(repo.parent / "elsewhere.ttl") is None
    head = checkout.commit("HEAD")
    blobs = checkout.blobs(head, [PurePosixPath("data")])
    assert [str(b.path) for b in blobs] == ["data/facts/a.ttl", "data/sources.ttl"]  # the link is left out
    assert checkout.read(blobs, limit=100) == {
        PurePosixPath("data/facts/a.ttl"): b"# a\n",
        PurePosixPath("data/sources.ttl"): b"# sources\n",
    }
    # What the working tree holds now does not matter: the commit's bytes are read.
    (repo / "data" / "sources.ttl").write_text("# changed\n")
    assert checkout.read(checkout.blobs(head, [PurePosixPath("data/sources.ttl")]), limit=100) == {
        PurePosixPath("data/sources.ttl"): b"# sources\n"
    }


def test_nothing_past_the_size_limit_is_read(repo: Path) -> None:
    checkout = Checkout.of(repo)
    blobs = checkout.blobs(checkout.commit("HEAD"), [PurePosixPath("data")])
    with pytest.raises(UsageError, match="the files to compare hold 14 bytes, over the limit of 10"):
        checkout.read(blobs, limit=10)


@pytest.mark.parametrize("revision", ["--output=/tmp/x", "-p", "HEAD~1..HEAD", "a b", ""])
def test_a_revision_git_would_read_as_an_option_or_a_range_is_refused(repo: Path, revision: str) -> None:
    with pytest.raises(UsageError, match="not a revision name"):
        Checkout.of(repo).commit(revision)


def test_a_revision_that_names_no_commit_is_a_usage_error(repo: Path) -> None:
    with pytest.raises(UsageError) as caught:
        Checkout.of(repo).commit("main~5")
    assert (
        caught.value.message
        == f"no revision 'main~5': the git checkout {repo.resolve()} has no commit of that name"
    )


def test_a_folder_outside_a_checkout_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NotACheckout, match=r"^data/ is not in a git checkout$"):
        Checkout.of(tmp_path / "data")

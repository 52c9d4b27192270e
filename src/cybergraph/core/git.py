"""Reading committed versions of files from a git checkout, locally and read-only.

`validate` compares a contribution with the committed version of the same files, and `diff` builds two
versions of the data; both read what a revision holds through this module and nothing else. Git runs as
a subprocess with its own time limit, never with a pager or a prompt, and never on the network: every
transport is refused (`protocol.allow=never`, so that a partial clone cannot fetch a missing object), and
the revision a user names is resolved once to a commit, refusing anything that git could read as an
option. Only regular files are read (a symbolic link or a submodule of the revision is left out), and no
more than a size limit in all.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cybergraph.core.errors import CybergraphError, QueryTimeout, UsageError
from cybergraph.core.positions import display_path

GIT_TIMEOUT = 60.0  # seconds for every git command together, unless the caller gives its own deadline
_REGULAR = {"100644", "100755"}
_BAD_REVISION = re.compile(r"^-|[\x00-\x20\x7f]|\.\.")  # an option, a space or a range is no revision
_ENV = {
    "GIT_TERMINAL_PROMPT": "0",  # never ask for a password
    "GIT_NO_LAZY_FETCH": "1",  # a partial clone does not fetch missing objects (git 2.44 and later)
    "GIT_OPTIONAL_LOCKS": "0",  # reading never takes the index lock
    "GIT_PAGER": "cat",
    "LC_ALL": "C",  # git's own messages, quoted in ours, in one language
}
_CONFIG = ("-c", "protocol.allow=never", "-c", "core.fsmonitor=false")


class NotACheckout(CybergraphError):
    """The folder is not in a git checkout, or git cannot read it (a note, not a failure, for validate)."""


@dataclass(frozen=True)
class Commit:
    """A revision as the user named it, and the commit it stands for."""

    name: str
    sha: str

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True)
class Blob:
    """A regular file of a revision: its path from the top of the checkout, object id and size."""

    path: PurePosixPath
    oid: str
    size: int


class Checkout:
    """The git checkout a folder is in, read with git commands that finish by `deadline`."""

    def __init__(self, top: Path, *, deadline: float | None = None) -> None:
        self.top = top
        self.deadline = deadline

    @classmethod
    def of(cls, folder: Path, *, timeout: float | None = GIT_TIMEOUT) -> Checkout:
        """The checkout `folder` is in; NotACheckout when there is none or git cannot be run."""
        deadline = None if timeout is None else time.monotonic() + timeout
        shown = display_path(folder).rstrip("/") + "/"
        if shutil.which("git") is None:
            raise NotACheckout(f"git is not installed, and {shown} can only be compared through git")
        probe = cls(folder.resolve(), deadline=deadline)
        done = probe._git(["rev-parse", "--show-toplevel"], check=False)
        if done.returncode != 0:
            reason = _first_line(done.stderr)
            if not reason or "not a git repository" in reason:
                raise NotACheckout(f"{shown} is not in a git checkout")
            raise NotACheckout(f"git cannot read {shown}: {reason}")
        return cls(Path(done.stdout.decode("utf-8", "replace").strip()), deadline=deadline)

    def relative(self, path: Path) -> PurePosixPath | None:
        """`path` from the top of the checkout (its folder's links resolved), or None when it lies outside."""
        full = path.absolute().parent.resolve() / path.name
        top = self.top.resolve()
        return PurePosixPath(full.relative_to(top).as_posix()) if full.is_relative_to(top) else None

    def commit(self, revision: str) -> Commit:
        """The commit `revision` names (a branch, a tag, HEAD~2, a hash); UsageError when it names none."""
        if not revision or _BAD_REVISION.search(revision):
            raise _no_revision(revision, "not a revision name")
        done = self._git(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], check=False
        )
        sha = done.stdout.decode("ascii", "replace").strip()
        if done.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40,64}", sha):
            raise _no_revision(revision, f"the git checkout {self.top} has no commit of that name")
        return Commit(revision, sha)

    def blobs(self, commit: Commit, paths: list[PurePosixPath]) -> list[Blob]:
        """The regular files of `commit` under `paths` (files or folders), sorted by path."""
        if not paths:
            return []
        listing = self._git(["ls-tree", "-r", "-l", "-z", "--full-tree", commit.sha, "--", *map(str, paths)])
        out = []
        for entry in listing.stdout.split(b"\0"):
            if not entry:
                continue
            meta, _, name = entry.partition(b"\t")
            mode, kind, oid, size = meta.decode("ascii").split()
            if kind == "blob" and mode in _REGULAR:
                out.append(Blob(PurePosixPath(os.fsdecode(name)), oid, int(size)))
        return sorted(out, key=lambda b: b.path)

    def read(self, blobs: list[Blob], *, limit: int) -> dict[PurePosixPath, bytes]:
        """The content of each blob, refusing more than `limit` bytes in all before reading any."""
        total = sum(b.size for b in blobs)
        if total > limit:
            raise UsageError(
                f"the files to compare hold {total:,} bytes, over the limit of {limit:,}",
                hint="raise the limit with --max-bytes",
            )
        if not blobs:
            return {}
        request = b"".join(b.oid.encode("ascii") + b"\n" for b in blobs)
        data = self._git(["cat-file", "--batch"], input=request).stdout
        out: dict[PurePosixPath, bytes] = {}
        pos = 0
        for blob in blobs:
            header_end = data.index(b"\n", pos)
            oid, kind, size = data[pos:header_end].decode("ascii").split()
            if oid != blob.oid or kind != "blob":
                raise CybergraphError(f"git answered {oid} {kind} for {blob.path}")
            start = header_end + 1
            out[blob.path] = data[start : start + int(size)]
            pos = start + int(size) + 1
        return out

    def _git(
        self, args: list[str], *, check: bool = True, input: bytes | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        left = None if self.deadline is None else max(self.deadline - time.monotonic(), 0.01)
        try:
            # subprocess.run kills git on every way out (the time limit, Ctrl-C, SIGTERM as an exception).
            done = subprocess.run(
                ["git", *_CONFIG, "-C", str(self.top), *args],
                input=input,
                capture_output=True,
                timeout=left,
                env={**os.environ, **_ENV},
                stdin=None if input is not None else subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise QueryTimeout(
                f"git did not answer within the time limit (git {args[0]})",
                hint="raise the limit with --timeout",
            ) from None
        except OSError as exc:
            raise NotACheckout(f"git cannot be run: {exc.strerror or exc}") from exc
        if check and done.returncode != 0:
            raise CybergraphError(f"git {args[0]} failed: {_first_line(done.stderr) or done.returncode}")
        return done


def _first_line(stderr: bytes) -> str:
    """What went wrong, in git's words: its first fatal or error line, else its first line."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    chosen = next(
        (line for line in lines if line.startswith(("fatal:", "error:"))), lines[0] if lines else ""
    )
    return chosen.removeprefix("fatal:").removeprefix("error:").strip()


def _no_revision(revision: str, why: str) -> UsageError:
    return UsageError(
        f"no revision {revision!r}: {why}",
        hint="name a commit, branch or tag, such as HEAD, HEAD~1, main or origin/main",
    )

"""CONTRIBUTING.md, followed step by step as a new contributor would, on a copy of the project.

The guide marks what a reader does with HTML comments that Markdown does not show:

- `<!-- guide: write PATH -->` before a block: save the block as PATH;
- `<!-- guide: append PATH -->`: add the block at the end of PATH;
- `<!-- guide: edit PATH -->` before a `diff` block: change PATH as the block shows (lines starting with
  `-` replaced by those starting with `+`, the others kept; `@@` separates parts of the file);
- `<!-- guide: try PATH -->` before a `diff` block or a file: the same, but only for the commands that
  follow, until the next marker;
- `<!-- guide: exit N -->` before a `console` block: its commands exit with N (0 unless marked).

Every `console` block is run: each `$ cybergraph …` line, in the copy's folder, against the copy's data
(a git checkout whose last commit is the project's data, as a contributor's clone is), and what it
prints must be what the guide shows. In the expected output a line `…` stands for any number of lines,
and `…` within a line for any text (a time, a path). A `turtle` or `diff` block without a marker fails
the test: every edit the guide shows is applied.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from cybergraph.cli import main

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "CONTRIBUTING.md"
_MARKER = re.compile(r"^<!-- guide: (.+?) -->$", re.MULTILINE)
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


@dataclass(frozen=True)
class Item:
    """A marker or a fenced block of the guide, with the line it starts on."""

    line: int
    marker: str | None = None
    lang: str = ""
    body: str = ""


def read_guide(text: str) -> list[Item]:
    items = [Item(text.count("\n", 0, m.start()) + 1, marker=m.group(1)) for m in _MARKER.finditer(text)]
    items += [
        Item(text.count("\n", 0, m.start()) + 1, lang=m.group(1), body=m.group(2))
        for m in _FENCE.finditer(text)
    ]
    return sorted(items, key=lambda item: item.line)


def apply_diff(text: str, diff: str, where: str) -> str:
    """`text` changed as the diff block shows: each part's `-` and context lines, found once as whole
    lines, replaced by its `+` and context lines."""
    lines = text.splitlines()
    for part in re.split(r"^@@.*\n", diff, flags=re.MULTILINE):
        if not part.strip():
            continue
        old: list[str] = []
        new: list[str] = []
        for line in part.splitlines():
            sign, rest = line[:1], line[1:]
            assert sign in (" ", "-", "+"), f"{where}: a diff line starts with a space, - or +: {line!r}"
            if sign in (" ", "-"):
                old.append(rest)
            if sign in (" ", "+"):
                new.append(rest)
        found = [i for i in range(len(lines) - len(old) + 1) if lines[i : i + len(old)] == old]
        assert len(found) == 1, f"{where}: these lines are not in the file once:\n" + "\n".join(old)
        lines[found[0] : found[0] + len(old)] = new
    return "\n".join(lines) + "\n"


def expected_pattern(expected: str) -> re.Pattern[str]:
    """The guide's output as a pattern: a line `…` is any lines, `…` in a line any text."""
    parts = []
    for line in expected.splitlines():
        if line == "…":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(".*?".join(re.escape(piece) for piece in line.split("…")) + r"\n")
    return re.compile("".join(parts))


@dataclass(frozen=True)
class Command:
    line: int
    text: str
    expected: str


def commands(block: Item) -> list[Command]:
    out: list[Command] = []
    for i, line in enumerate(block.body.splitlines()):
        if line.startswith("$ "):
            out.append(Command(block.line + 1 + i, line[2:], ""))
        else:
            assert out, f"CONTRIBUTING.md:{block.line}: a console block starts with a `$ ` command"
            last = out[-1]
            out[-1] = Command(last.line, last.text, last.expected + line + "\n")
    return out


class Walk:
    """The reader's copy of the project, and what the guide has changed in it."""

    def __init__(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.folder = folder
        self.capsys = capsys
        self.tried: dict[Path, str | None] = {}  # files a `try` changed, with what they held before

    def path(self, name: str) -> Path:
        path = (self.folder / name).resolve()
        assert path.is_relative_to(self.folder), name
        return path

    def undo(self) -> None:
        for path, before in self.tried.items():
            if before is None:
                path.unlink()
            else:
                path.write_text(before, encoding="utf-8")
        self.tried = {}

    def change(self, action: str, name: str, block: Item) -> None:
        path = self.path(name)
        before = path.read_text(encoding="utf-8") if path.exists() else None
        where = f"CONTRIBUTING.md:{block.line}"
        if action == "try":
            self.tried.setdefault(path, before)
        if action == "append":
            assert before is not None, f"{where}: {name} does not exist"
            path.write_text(before + "\n" + block.body, encoding="utf-8")
        elif block.lang == "diff":
            assert action in ("edit", "try") and before is not None, f"{where}: a diff changes a file"
            path.write_text(apply_diff(before, block.body, where), encoding="utf-8")
        else:
            assert action in ("write", "try"), f"{where}: unknown action {action}"
            path.write_text(block.body, encoding="utf-8")

    def run(self, command: Command, exit_code: int) -> None:
        argv = shlex.split(command.text)
        assert argv[0] == "cybergraph", f"CONTRIBUTING.md:{command.line}: only cybergraph commands are run"
        self.capsys.readouterr()
        code = main(argv[1:])
        captured = self.capsys.readouterr()
        shown = captured.out + captured.err
        assert expected_pattern(command.expected).fullmatch(shown), (
            f"CONTRIBUTING.md:{command.line}: `{command.text}` printed\n{shown}\nbut the guide shows\n"
            f"{command.expected}"
        )
        assert code == exit_code, f"CONTRIBUTING.md:{command.line}: `{command.text}` exited with {code}"


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Contributor", "-c", "user.email=contributor@example.org", *args],
        cwd=folder,
        check=True,
        capture_output=True,
        env={**os.environ, **_GIT_ENV},
    )


@pytest.fixture
def clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A contributor's clone: the project's data, committed, and the commands pointed at it."""
    folder = tmp_path / "cybergraph"
    shutil.copytree(ROOT / "data", folder / "data")
    _git(folder, "init", "--quiet")
    _git(folder, "add", "data")
    _git(folder, "commit", "--quiet", "--no-verify", "--no-gpg-sign", "-m", "the project's data")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("CYBERGRAPH_DATA", str(folder / "data"))
    return folder


def test_every_step_of_the_guide_shows_what_the_guide_says(
    clone: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    walk = Walk(clone, capsys)
    pending: tuple[str, str] | None = None
    exit_code = 0
    ran = 0
    for item in read_guide(GUIDE.read_text(encoding="utf-8")):
        if item.marker is not None:
            action, *args = item.marker.split()
            if action == "exit":
                exit_code = int(args[0])
                continue
            walk.undo()
            if action != "undo":
                pending = (action, args[0])
            continue
        if pending is not None:
            walk.change(*pending, item)
            pending = None
        elif item.lang == "console":
            for command in commands(item):
                walk.run(command, exit_code)
                ran += 1
            exit_code = 0
        else:
            assert item.lang not in ("turtle", "diff"), (
                f"CONTRIBUTING.md:{item.line}: an edit without a marker"
            )
    walk.undo()
    assert ran >= 10  # the guide's commands were found and run


def test_a_diff_block_changes_exactly_the_lines_it_shows() -> None:
    text = "a\nb\nc\nd\n"
    assert apply_diff(text, " b\n-c\n+C\n", "t") == "a\nb\nC\nd\n"
    assert apply_diff(text, "@@\n-a\n+A\n@@\n-d\n", "t") == "A\nb\nc\n"
    with pytest.raises(AssertionError, match="not in the file once"):
        apply_diff(text, "-x\n", "t")


def test_an_ellipsis_stands_for_lines_or_text() -> None:
    assert expected_pattern("built … quads in … s: …\n").fullmatch("built 8 quads in 0.2 s: /x/y\n")
    assert expected_pattern("head\n…\ntail\n").fullmatch("head\none\ntwo\ntail\n")
    assert expected_pattern("head\n…\ntail\n").fullmatch("head\ntail\n")
    assert not expected_pattern("head\ntail\n").fullmatch("head\nmore\ntail\n")

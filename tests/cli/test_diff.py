"""`cybergraph diff`: a report (exit code 0 whatever it finds), 2 for a revision that names no commit."""

from __future__ import annotations

from pathlib import Path

import pytest

from cybergraph.cli import main
from tests.git_checkout import FIXTURE, checkout_of


@pytest.fixture
def clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = checkout_of(FIXTURE, tmp_path / "clone")
    monkeypatch.chdir(tmp_path / "clone")
    return data


def test_a_change_is_reported_with_exit_code_0(clone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = clone / "facts" / "test-report-s1.ttl"
    facts.write_text(facts.read_text().replace('    skos:altLabel "ITU"@en ;\n', ""), encoding="utf-8")
    assert main(["--data", "data", "diff", "HEAD", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith(
        "→ the working tree: 0 facts added, 1 removed, 0 changed, in 1 entity"
    )
    assert out.splitlines()[2:] == [
        "#### `cgid:itu` International Telecommunication Union",
        "",
        "| | property | value | section | where |",
        "|---|---|---|---|---|",
        '| removed | `skos:altLabel` | `"ITU"@en` | `cgid:test-report-s1` |'
        " `HEAD:data/facts/test-report-s1.ttl:21` |",
    ]


def test_no_change_is_said_in_one_line(clone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", "data", "diff", "HEAD"]) == 0
    assert capsys.readouterr().out.endswith(
        " → the working tree: no fact added, removed or changed in data/\n"
    )


def test_a_bad_revision_exits_2_with_a_hint(clone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", "data", "diff", "HEAD~1"]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == (
        "",
        f"error: no revision 'HEAD~1': the git checkout {clone.parent.resolve()} has no commit of that name\n"
        "  hint: name a commit, branch or tag, such as HEAD, HEAD~1, main or origin/main\n",
    )


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff"]) == 2  # BASE is required
    assert main(["diff", "HEAD", "--format", "html"]) == 2
    assert main(["diff", "HEAD", "--max-bytes", "0"]) == 2
    assert "error: --max-bytes must be at least 1" in capsys.readouterr().err

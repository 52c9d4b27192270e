"""`cybergraph docs -o DIR`."""

from __future__ import annotations

from pathlib import Path

import pytest

from cybergraph.cli import main


def test_docs_writes_the_reference_and_the_diagram(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "docs"
    assert main(["docs", "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [".cybergraph-docs", "classes.svg", "index.html"]
    assert "terms documented" in capsys.readouterr().err
    assert main(["docs", "-o", str(out)]) == 0  # its own earlier output is replaced


def test_docs_refuses_a_folder_of_other_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "thesis.tex").write_text("mine")
    assert main(["docs", "-o", str(tmp_path)]) == 2
    assert "holds files that cybergraph did not write" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.tex"]


def test_docs_needs_an_output_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["docs"]) == 2
    assert "-o/--output" in capsys.readouterr().err

"""The command line's contract: exit codes, and messages instead of tracebacks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cybergraph.cli import main
from cybergraph.core.resources import ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cybergraph", *args], capture_output=True, text=True)


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "--bogus"]) == 2


def test_broken_data_gives_file_line_and_exit_2_without_traceback(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    target = data / "facts" / "ewi-2012-para-itu.ttl"
    target.write_text(target.read_text() + "\ncgid:x cg:memberOf .\n")
    result = run("--data", str(data), "summary")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "ewi-2012-para-itu.ttl:" in result.stderr and "Turtle syntax error" in result.stderr
    assert result.stdout == ""


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run("--debug", "--data", str(tmp_path / "missing"), "summary")
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_missing_data_folder_is_exit_2(tmp_path: Path) -> None:
    result = run("--data", str(tmp_path / "missing"), "summary")
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


LOADED = (
    "import sys\n"
    "from cybergraph.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(sorted(m for m in sys.modules if m.startswith('cybergraph.cli.')), code, file=sys.stderr)\n"
)


@pytest.mark.parametrize(
    ("argv", "modules"),
    [
        (["--data", "queries", "queries"], ["cybergraph.cli.queries"]),  # --data's value is no command
        (
            ["queries", "--bogus"],
            [
                f"cybergraph.cli.{n}"
                for n in sorted(
                    (
                        "build",
                        "summary",
                        "validate",
                        "diff",
                        "queries",
                        "query",
                        "serve",
                        "export",
                        "docs",
                        "site",
                        "publish",
                        "fmt",
                        "options",  # the options several commands share
                    )
                )
            ],
        ),
    ],
    ids=["only-the-command-named", "every-command-for-a-usage-error"],
)
def test_a_command_imports_only_its_own_definitions(argv: list[str], modules: list[str]) -> None:
    # A cold `query` need not import what the other commands define their options with.
    done = subprocess.run(
        [sys.executable, "-c", LOADED, *argv], capture_output=True, text=True, cwd=ROOT, check=False
    )
    *said, last = done.stderr.strip().splitlines()
    assert last.startswith(str(modules))
    if "--bogus" in argv:
        # The usage error is said once, by the parser of every command, as before.
        assert said == [said[0], "cybergraph: error: unrecognized arguments: --bogus"]
        assert said[0].startswith("usage: cybergraph [-h]") and last.endswith(" 2")

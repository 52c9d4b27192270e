"""Golden files: expected outputs kept under tests/, compared exactly; `--update-golden` rewrites them.

Regenerate every golden result after the data or a stored query changes:

    .venv/bin/python -m pytest tests/query/test_catalogue.py --update-golden

(or set CYBERGRAPH_UPDATE_GOLDEN=1), then review the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cybergraph.core.files import write_text

UPDATE_COMMAND = ".venv/bin/python -m pytest tests/query/test_catalogue.py --update-golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files of tests/ with the outputs the code gives now",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    flag = bool(request.config.getoption("--update-golden"))
    return flag or os.environ.get("CYBERGRAPH_UPDATE_GOLDEN") == "1"


def check_golden(path: Path, actual: str, *, update: bool) -> None:
    """Compare `actual` with the golden file at `path` byte for byte, or rewrite it when updating."""
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != actual:
            write_text(path, actual)
        return
    if not path.exists():
        pytest.fail(f"no golden file {path.name}: create it with `{UPDATE_COMMAND}`")
    expected = path.read_bytes().decode("utf-8")
    if actual != expected:
        import difflib

        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"golden/{path.name}",
                tofile="now",
                n=1,
            )
        )
        if len(diff) > 4000:
            diff = diff[:4000] + "\n…"
        pytest.fail(
            f"{path.name} differs from its golden file; if the change is right, run"
            f" `{UPDATE_COMMAND}`\n{diff}"
        )

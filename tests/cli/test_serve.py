"""`cybergraph serve` refuses unusable options with exit code 2 and a message, before it builds anything or
starts a worker: never a traceback or an "internal error"."""

from __future__ import annotations

import pytest

from cybergraph.cli import main


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        # Once reached uvicorn's bind() and ended in "internal error: OverflowError".
        (
            ["--port", "99999"],
            "error: --port must be at most 65535, not 99999\n  hint: for example --port 8000\n",
        ),
        (["--port", "-1"], "error: --port must be a positive number\n"),
        (["--workers", "0"], "error: --workers must be at least 1\n"),
        (
            ["--base-url", "ftp://x"],
            "error: --base-url must be an absolute http(s) URL without query or fragment, not 'ftp://x'\n"
            "  hint: for example https://w3id.org/cybergraph or https://example.org/cybergraph\n",
        ),
    ],
    ids=["port-too-large", "port-negative", "no-workers", "base-url-not-http"],
)
def test_unusable_options_are_refused_with_exit_code_2(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", *argv]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", said)

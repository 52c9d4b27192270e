"""Every input the fuzzers ever found breaking the contract still gets a clear answer (`make fuzz`)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from cybergraph.cli import main

FOUND = sorted(p for p in (Path(__file__).parent / "fuzz_regressions").glob("*.bin"))


def _replay(path: Path, tmp_path: Path) -> tuple[int, str]:
    data = path.read_bytes()
    kind = path.name.split("-", 1)[0]
    if kind == "parse":
        kind, data = ("validate" if data[:1] and data[0] % 2 == 0 else "query"), data[1:]
    if kind == "validate":
        target = tmp_path / "contribution.ttl"
        target.write_bytes(data)
        args = ["validate", str(target), "--timeout", "30"]
    else:
        args = ["query", "--sparql", data.decode("utf-8", "replace"), "--timeout", "20"]
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(args)
    return code, err.getvalue()


@pytest.mark.skipif(not FOUND, reason="no fuzz finding kept yet")
@pytest.mark.parametrize("path", FOUND, ids=[p.name for p in FOUND])
def test_a_kept_fuzz_finding_gets_a_clear_answer(path: Path, tmp_path: Path) -> None:
    code, err = _replay(path, tmp_path)
    assert code in (0, 1, 2)
    assert "internal error" not in err and "Traceback" not in err

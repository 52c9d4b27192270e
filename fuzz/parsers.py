"""Coverage-guided fuzzing (atheris, libFuzzer) of the layers that read untrusted text, in one process.

The targets are what `validate` and `query` do to their input before any store is touched: reading a
contribution (decode, Oxigraph's Turtle parser, the syntax findings with their positions), reading a
query (the lexer that finds the form and where parameters go, binding a parameter into it, the complete
SPARQL 1.1 parse that says what it would do outside the graph). An input that raises anything but the
tool's own errors is kept in tests/security/fuzz_regressions/ (as `parse-…`), and the search goes on.
The process cannot open a socket (core.nonet) while it fuzzes.

Usage: python fuzz/parsers.py [libFuzzer options, e.g. -max_total_time=300] [corpus folder]
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import pyoxigraph as ox

    from cybergraph.core.errors import CybergraphError
    from cybergraph.query.binding import complete
    from cybergraph.query.guard import Unreadable, inspect
    from cybergraph.query.sparql import Query
    from cybergraph.validation.syntax import Input, parse

from cybergraph.core.nonet import forbid_network

REGRESSIONS = Path(__file__).resolve().parent.parent / "tests" / "security" / "fuzz_regressions"


def _keep(data: bytes, exc: BaseException) -> None:
    REGRESSIONS.mkdir(parents=True, exist_ok=True)
    path = REGRESSIONS / f"parse-{hashlib.sha256(data).hexdigest()[:16]}.bin"
    if not path.exists():
        path.write_bytes(data)
        print(f"kept {path.name}: {type(exc).__name__}: {exc}", file=sys.stderr)


def one_input(data: bytes) -> None:
    if not data:
        return
    kind, body = data[0] % 2, data[1:]
    try:
        if kind == 0:
            parse(Input("contribution.ttl", body))
        else:
            text = body.decode("utf-8", "replace")
            query = Query(text)
            query.form  # noqa: B018
            complete(query, {"x": ox.Literal("v")})
            inspect(text)
    except (CybergraphError, Unreadable):
        pass
    except Exception as exc:  # the property: nothing else escapes
        _keep(data, exc)


def seed(corpus: Path) -> None:
    """Start an empty corpus from the project's own files: the data (kind 0) and the stored queries (1)."""
    if not corpus.is_dir() or any(corpus.iterdir()):
        return
    root = Path(__file__).resolve().parent.parent
    for kind, paths in (
        (b"\x00", sorted((root / "data").rglob("*.ttl"))),
        (b"\x01", sorted((root / "queries").glob("*.rq"))),
    ):
        for path in paths:
            (corpus / f"seed-{path.name}").write_bytes(kind + path.read_bytes()[:4000])


def main() -> None:
    corpora = [Path(a) for a in sys.argv[1:] if not a.startswith("-")]
    for corpus in corpora:
        seed(corpus)
    forbid_network()
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

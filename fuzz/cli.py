"""Fuzz the command line with hostile input, for a fixed time: `make fuzz` (FUZZ_SECONDS, FUZZ_SEED).

Every input is what a stranger could hand the tool: bytes as a contributed file (named .ttl, .jsonld or
.rdf) for `cybergraph validate`, text as a query for `cybergraph query --sparql`. Inputs are mutations of
the project's own files and stored queries (bytes flipped, inserted, deleted, spliced; tokens and
escapes dropped in) and plain random bytes, from a seeded generator, so a run can be repeated.

The property: the command ends with exit code 0, 1 or 2 and never with an internal error, a traceback or a
signal. An input that breaks it is written to tests/security/fuzz_regressions/, where
tests/security/test_fuzz_regressions.py replays every one on each `make test`.

Usage: python -m fuzz.cli [--seconds N] [--seed N] [--target validate|query|both]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGRESSIONS = ROOT / "tests" / "security" / "fuzz_regressions"

TOKENS = [
    b"@prefix", b"@base", b"<", b">", b"\"", b"'''", b'"""', b"\\u0041", b"\\U00000041", b"#", b"[", b"]",
    b"(", b")", b";", b",", b".", b"^^", b"@en", b"_:b0", b"a", b"cg:State", b"cgid:itu", b"file:///etc/passwd",
    b"<a>", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"<?xml", b"<!DOCTYPE", b"{", b"}", b"\r", b"\n" * 3,
    b"9" * 40, b"\xf0\x9f\x98\x80", b"\xed\xa0\x80",
]  # fmt: skip
QUERY_TOKENS = [
    "SERVICE", "\\u0053ERVICE", "SILENT", "FROM", "NAMED", "LOAD", "INSERT", "{", "}", "(", ")", "?x", "$y",
    "<http://127.0.0.1:9/>", "<urn:a\\u0041#>", "#", "\"", "'''", "FILTER", "OPTIONAL", "UNION", "VALUES",
    "BIND", "AS", "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "GRAPH", "ORDER BY", "LIMIT 1",
    "REGEX(?x, \"(a+)+$\")", "\\U0001F600", "\x00", "\n", "PREFIX x: <urn:x#>", "x:y",
]  # fmt: skip


def seeds() -> tuple[list[bytes], list[str]]:
    files = [*sorted((ROOT / "data").rglob("*.ttl")), ROOT / "shapes" / "cybergraph.shapes.ttl"]
    queries = sorted((ROOT / "queries").glob("*.rq"))
    return [p.read_bytes() for p in files], [p.read_text(encoding="utf-8") for p in queries]


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data[: rng.randint(0, min(len(data), 6000))] if rng.random() < 0.5 else data)
    for _ in range(rng.randint(1, 8)):
        choice = rng.random()
        at = rng.randint(0, len(out))
        if choice < 0.3:
            out[at:at] = rng.choice(TOKENS)
        elif choice < 0.5 and out:
            del out[at : at + rng.randint(1, 16)]
        elif choice < 0.7 and out:
            out[min(at, len(out) - 1)] = rng.randint(0, 255)
        else:
            start = rng.randint(0, len(out))
            out[at:at] = bytes(out[start : start + rng.randint(1, 200)])
    return bytes(out)


def mutate_text(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    for _ in range(rng.randint(1, 6)):
        choice = rng.random()
        at = rng.randint(0, len(words))
        if choice < 0.5:
            words.insert(at, rng.choice(QUERY_TOKENS))
        elif choice < 0.8 and words:
            del words[min(at, len(words) - 1)]
        else:
            words.insert(at, rng.choice(words) if words else "")
    return " ".join(words)


def run_cli(args: list[str]) -> tuple[int, str]:
    from cybergraph.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(args)
        except SystemExit as exc:
            code = int(exc.code) if isinstance(exc.code, int) else 2
    return code, err.getvalue()


def broken(code: int, err: str) -> str | None:
    """Why an outcome breaks the contract, or None."""
    if code not in (0, 1, 2):
        return f"exit code {code}"
    for sign in ("internal error", "Traceback (most recent call last)"):
        if sign in err:
            return sign
    return None


def keep(kind: str, data: bytes, why: str) -> Path:
    REGRESSIONS.mkdir(parents=True, exist_ok=True)
    name = f"{kind}-{hashlib.sha256(data).hexdigest()[:16]}.bin"
    path = REGRESSIONS / name
    path.write_bytes(data)
    print(f"  kept {path.relative_to(ROOT)}: {why}", file=sys.stderr)
    return path


def fuzz(seconds: float, seed: int, target: str) -> int:
    rng = random.Random(seed)
    files, queries = seeds()
    deadline = time.monotonic() + seconds
    runs = failures = 0
    with tempfile.TemporaryDirectory(prefix="cybergraph-fuzz-") as folder:
        while time.monotonic() < deadline:
            kind = rng.choice(["validate", "query"]) if target == "both" else target
            if kind == "validate":
                data = (
                    bytes(rng.randbytes(rng.randint(0, 400)))
                    if rng.random() < 0.1
                    else mutate_bytes(rng, rng.choice(files))
                )
                path = Path(folder) / f"contribution{rng.choice(['.ttl', '.ttl', '.jsonld', '.rdf'])}"
                path.write_bytes(data)
                code, err = run_cli(["validate", str(path), "--timeout", "20"])
            else:
                text = mutate_text(rng, rng.choice(queries))
                data = text.encode("utf-8", "surrogatepass")
                code, err = run_cli(["query", "--sparql", text, "--timeout", "10"])
            runs += 1
            why = broken(code, err)
            if why:
                failures += 1
                keep(kind, data, f"{why}: {err.strip().splitlines()[-1] if err.strip() else ''}")
            if sys.stderr.isatty() and runs % 20 == 0:
                left = max(deadline - time.monotonic(), 0)
                print(f"\r  {runs} inputs, {failures} failures, {left:.0f} s left ", end="", file=sys.stderr)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"fuzz ({target}, seed {seed}, {seconds:g} s): {runs} inputs, {failures} broke the contract")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fuzz.cli", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("FUZZ_SECONDS", 300)))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("FUZZ_SEED", 1)))
    parser.add_argument("--target", choices=["validate", "query", "both"], default="both")
    args = parser.parse_args(argv)
    return fuzz(args.seconds, args.seed, args.target)


if __name__ == "__main__":
    raise SystemExit(main())

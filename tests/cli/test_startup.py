"""What a cold `cybergraph query NAME` imports: only what answering needs, so that a new process answers
almost as fast as a bare pyoxigraph script (issue 12). Asserted on the modules loaded, never on time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cybergraph.cli.fast import record
from cybergraph.core.resources import ROOT
from cybergraph.graph.build import BuiltGraph

# Runs the command in this process and records the modules loaded in it and in the query's worker (a
# forked child: what it imports is lost to the parent, but costs the command as much).
# The fast path (cli/fast.py) and the full command fork their workers each with its own `_child`: the one
# the command uses is recorded (the sandbox is imported first only for the full command, `--full`).
_RECORD = """
import sys

def recording(real):
    def child(work, fd):
        def recorded():
            try:
                return work()
            finally:
                with open(sys.argv[1], "w", encoding="utf-8") as out:
                    out.write("\\n".join(sorted(sys.modules)))
        real(recorded, fd)
    return child

full = sys.argv[2] == "--full"
if full:
    import cybergraph.core.sandbox as module
else:
    import cybergraph.cli.fast as module
module._child = recording(module._child)
from cybergraph.cli import main

code = main(sys.argv[3 if full else 2:], fast=not full)
with open(sys.argv[1] + ".parent", "w", encoding="utf-8") as out:
    out.write("\\n".join(sorted(sys.modules)))
sys.exit(code)
"""

# Not needed to answer a stored query from the cached graph: the other commands' rooms, the build's
# parser and rules, the libraries of validation and the server, the network, and what only other
# formats, errors or the build's cache writes use.
NOT_IMPORTED = (
    "rdflib",
    "owlrl",
    "pyshacl",
    "jinja2",
    "starlette",
    "uvicorn",
    "httpx",
    "http.client",
    "email",
    "urllib.request",
    "socket",
    "ssl",
    "hashlib",
    "_hashlib",
    "tempfile",
    "json",
    "textwrap",
    "difflib",
    "platform",
    "importlib.metadata",
    "cybergraph.publishing",
    "cybergraph.validation",
    "cybergraph.web",
    "cybergraph.serve",
    "cybergraph.docs",
    "cybergraph.cli.export",
    "cybergraph.graph.rules",
    "cybergraph.graph.reason",
    "cybergraph.graph.load",
    "cybergraph.rdf.read",
    "cybergraph.rdf.jsonld",
    "cybergraph.rdf.rdflib_bridge",
    "cybergraph.rdf.blank_nodes",
)


def _loaded(tmp_path: Path, *argv: str) -> tuple[set[str], set[str], str]:
    record = tmp_path / "modules"
    done = subprocess.run(
        [sys.executable, "-c", _RECORD, str(record), *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    parent = set((tmp_path / "modules.parent").read_text(encoding="utf-8").split())
    worker = set(record.read_text(encoding="utf-8").split())
    return parent, worker, done.stdout


def _offenders(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in NOT_IMPORTED))


# What the fast path (cli/fast.py) does without, in the command's process: argparse, the catalogue's
# parse, the parameters' and results' types, the sandbox and the errors (a fallback imports them), and the
# standard library's heavier modules that a bare pyoxigraph script never loads.
NOT_IMPORTED_FAST_PARENT = (
    "argparse",
    "typing",
    "dataclasses",
    "pathlib",
    "re",
    "pickle",
    "ctypes",
    "threading",
    "contextlib",
    "selectors",
    "pyoxigraph",  # only the worker opens the store
    "cybergraph.query",
    "cybergraph.graph",
    "cybergraph.rdf",
    "cybergraph.core.sandbox",
    "cybergraph.core.errors",
    "cybergraph.core.files",
    "cybergraph.core.resources",
    "cybergraph.cli.query",
    "cybergraph.cli.options",
)
# ... and in its worker, which writes CSV and TSV with query/tabular.py alone. Not `re` either: importing
# it (with enum and collections) and compiling rdf.terms' expressions were a fifth of a cold query.
NOT_IMPORTED_FAST_WORKER = (
    "argparse",
    "typing",
    "dataclasses",
    "pathlib",
    "pickle",
    "re",
    "enum",
    "collections",
    "cybergraph.query.run",
    "cybergraph.query.catalogue",
    "cybergraph.query.formats",
    "cybergraph.query.results",
    "cybergraph.query.params",
    "cybergraph.core.sandbox",
    "cybergraph.core.errors",
    "cybergraph.graph",
)


def _within(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


@pytest.mark.parametrize(
    "argv",
    [
        ["query", "members"],
        ["query", "timeline", "--format", "csv"],
        ["--full", "query", "members"],
        ["--full", "query", "timeline", "--format", "csv"],
    ],
)
def test_a_stored_query_imports_only_what_it_needs(
    project: BuiltGraph, tmp_path: Path, argv: list[str]
) -> None:
    record(None)  # the fast path's index, as after any `build` or full `query`
    parent, worker, out = _loaded(tmp_path, *argv)
    assert out.count("\n") > 1  # it answered
    assert _offenders(parent) == [] and _offenders(worker) == []
    if argv[0] == "--full":
        # The answer is written in the worker: the parent has not even loaded the writers.
        assert "cybergraph.query.run" in parent and "cybergraph.core.nonet" in parent
    else:
        assert _within(parent, NOT_IMPORTED_FAST_PARENT) == []
        assert _within(worker, NOT_IMPORTED_FAST_WORKER) == []
        # The worker is walled as the sandbox walls it, and writes the answer.
        assert "cybergraph.core.nonet" in worker and "cybergraph.query.tabular" in worker
        assert "cybergraph.cli.fast" in parent and "cybergraph.core.nonet" not in parent


def test_the_record_sees_what_a_format_imports(project: BuiltGraph, tmp_path: Path) -> None:
    # The control: JSON answers do import json (in the worker, where they are written), so an empty list
    # above means something (JSON is the full command's: the fast path hands it on).
    parent, worker, _ = _loaded(tmp_path, "--full", "query", "members", "--format", "json")
    assert "json" in worker and "json" not in parent
    assert "argparse" in parent and "cybergraph.query.run" in parent

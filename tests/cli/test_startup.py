"""What a cold `cybergraph query NAME` imports: only what answering needs, so that a new process answers
almost as fast as a bare pyoxigraph script (issue 12). Asserted on the modules loaded, never on time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cybergraph.core.resources import ROOT
from cybergraph.graph.build import BuiltGraph

# Runs the command in this process and records the modules loaded in it and in the query's worker (a
# forked child: what it imports is lost to the parent, but costs the command as much).
_RECORD = """
import sys
import cybergraph.core.sandbox as sandbox

real = sandbox._child

def child(work, fd):
    def recorded():
        try:
            return work()
        finally:
            with open(sys.argv[1], "w", encoding="utf-8") as out:
                out.write("\\n".join(sorted(sys.modules)))
    real(recorded, fd)

sandbox._child = child
from cybergraph.cli import main

code = main(sys.argv[2:])
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


@pytest.mark.parametrize("argv", [["query", "members"], ["query", "timeline", "--format", "csv"]])
def test_a_stored_query_imports_only_what_it_needs(
    project: BuiltGraph, tmp_path: Path, argv: list[str]
) -> None:
    parent, worker, out = _loaded(tmp_path, *argv)
    assert out.count("\n") > 1  # it answered
    assert _offenders(parent) == [] and _offenders(worker) == []
    # The answer is written in the worker: the parent has not even loaded the writers.
    assert "cybergraph.query.run" in parent and "cybergraph.core.nonet" in parent


def test_the_record_sees_what_a_format_imports(project: BuiltGraph, tmp_path: Path) -> None:
    # The control: JSON answers do import json (in the worker, where they are written), so an empty list
    # above means something.
    parent, worker, _ = _loaded(tmp_path, "query", "members", "--format", "json")
    assert "json" in worker and "json" not in parent

"""cybergraph: a linked-data knowledge graph of international cybersecurity cooperation.

The library API returns values; the `cybergraph` command is a thin layer over it:

- `build(data=None)`: the built graph (ontology, data, inferred triples) as a cached embedded store;
- `load(data=None)`: the same graph as an rdflib Dataset, inferred with owlrl (the reference reasoner);
- `run_query(name_or_text, params=...)`: the answer to a stored or ad-hoc SPARQL query, as `Solutions`
  (iterable as rows of plain Python values), `Boolean` or `Triples`;
- `describe(entity)`: what the sources say about one entity, as sorted `Fact` rows of plain values
  (property, value, the sections that state it);
- `validate(files)`: the `Report` of `Finding`s for a contribution (or, without files, for the graph);
- `export(graph, format=...)`: the graph serialised, byte-stable, in any standard RDF format;
- `diff(base, head=None)`: the facts added, removed and changed between two git revisions of the data
  (or a revision and the working tree), by entity.

Errors a user can cause are `CybergraphError`s: `InputError` (a file or value that cannot be used, with
its position), `UsageError` (arguments that do not fit) and `QueryTimeout`.

>>> import cybergraph
>>> cybergraph.__version__
'0.1.0'

The functions are imported on first use, so that `import cybergraph` (and the command's start-up) stays
light; type checkers see the explicit imports below.
"""

from __future__ import annotations

from cybergraph.core.version import __version__

# Not typing.TYPE_CHECKING: importing typing (with re and functools) is a tenth of a cold `query`'s
# start-up, and every command starts here. Type checkers treat a name TYPE_CHECKING as true all the same.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from cybergraph.core.errors import CybergraphError, InputError, QueryTimeout, UsageError
    from cybergraph.graph.build import BuiltGraph, build
    from cybergraph.graph.diff import Diff, diff
    from cybergraph.graph.load import load
    from cybergraph.publishing.export import export
    from cybergraph.query.facts import Fact, describe
    from cybergraph.query.results import Boolean, Result, Solutions, Triples
    from cybergraph.query.run import run_query
    from cybergraph.validation.findings import Finding, Report
    from cybergraph.validation.pipeline import validate

_LAZY = {
    "CybergraphError": "cybergraph.core.errors",
    "InputError": "cybergraph.core.errors",
    "QueryTimeout": "cybergraph.core.errors",
    "UsageError": "cybergraph.core.errors",
    "build": "cybergraph.graph.build",
    "BuiltGraph": "cybergraph.graph.build",
    "load": "cybergraph.graph.load",
    "diff": "cybergraph.graph.diff",
    "Diff": "cybergraph.graph.diff",
    "run_query": "cybergraph.query.run",
    "describe": "cybergraph.query.facts",
    "Fact": "cybergraph.query.facts",
    "Solutions": "cybergraph.query.results",
    "Boolean": "cybergraph.query.results",
    "Triples": "cybergraph.query.results",
    "Result": "cybergraph.query.results",
    "validate": "cybergraph.validation.pipeline",
    "Report": "cybergraph.validation.findings",
    "Finding": "cybergraph.validation.findings",
    "export": "cybergraph.publishing.export",
}

__all__ = [
    "Boolean",
    "BuiltGraph",
    "CybergraphError",
    "Diff",
    "Fact",
    "Finding",
    "InputError",
    "QueryTimeout",
    "Report",
    "Result",
    "Solutions",
    "Triples",
    "UsageError",
    "__version__",
    "build",
    "describe",
    "diff",
    "export",
    "load",
    "run_query",
    "validate",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cybergraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

"""cybergraph: a linked-data knowledge graph of international cybersecurity cooperation.

The library API returns values; the `cybergraph` command is a thin layer over it:

- `build(data=None)`: the built graph (ontology, data, inferred triples) as a cached embedded store;
- `load(data=None)`: the same graph as an rdflib Dataset, inferred with owlrl (the reference reasoner);
- `run_query(name_or_text, params=...)`: the answer to a stored or ad-hoc SPARQL query;
- `validate(files)`: the findings for a contribution (or, without files, for the whole graph);
- `export(graph, format=...)`: the graph serialised, byte-stable, in any standard RDF format.

>>> import cybergraph
>>> cybergraph.__version__
'0.1.0'

The functions are imported on first use, so that `import cybergraph` (and the command's start-up) stays
light.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_API = {
    "build": "cybergraph.graph.build",
    "load": "cybergraph.graph.load",
    "run_query": "cybergraph.query.run",
    "validate": "cybergraph.validation.pipeline",
    "export": "cybergraph.publishing.export",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'cybergraph' has no attribute {name!r}")

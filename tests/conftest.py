"""Shared fixtures: the project's built graph, loaded once per test session."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from cybergraph.graph.build import BuiltGraph, build
from cybergraph.rdf.rdflib_bridge import to_dataset, union

ROOT = Path(__file__).resolve().parent.parent

# Builds made by the tests (and by the commands they run) go to a cache of their own, not the user's,
# removed when the tests end.
CACHE = tempfile.mkdtemp(prefix="cybergraph-test-cache-")
os.environ["CYBERGRAPH_CACHE"] = CACHE


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(CACHE, ignore_errors=True)


SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def project() -> BuiltGraph:
    """The project's graph as every command sees it: cached store, inferred by rules."""
    return build()


@pytest.fixture(scope="session")
def built(project: BuiltGraph) -> Dataset:
    """The same graph as an rdflib Dataset (for the tests that compare with rdflib, owlrl and pySHACL)."""
    return to_dataset(project.store)


@pytest.fixture(scope="session")
def graph(built: Dataset) -> Graph:
    """Ontology, data and inferred triples as one graph."""
    return union(built)


@pytest.fixture(scope="session")
def store(project: BuiltGraph) -> ox.Store:
    return project.store


def select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    """Rows of a SELECT on the built dataset (plain patterns: its default graph, every fact once; GRAPH:
    its named graphs), each value as its lexical form (None when unbound)."""
    prefixes = """PREFIX cg: <https://w3id.org/cybergraph/def#>
PREFIX cgid: <https://w3id.org/cybergraph/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
    solutions = store.query(prefixes + query)
    names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    return [tuple(None if row[n] is None else row[n].value for n in names) for row in solutions]  # type: ignore[union-attr]


pytest_plugins = ["tests.oxigraph_server", "tests.virtuoso_server", "tests.golden", "tests.browser"]

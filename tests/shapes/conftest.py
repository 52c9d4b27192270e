"""One pySHACL run of the example graphs and one of the project's data, shared by the shape tests."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph

from cybergraph.graph.load import union
from tests.shapes.common import case_data, run_pyshacl


@pytest.fixture(scope="session")
def pyshacl_cases() -> Graph:
    """The report of pySHACL on every example graph together with the ontology."""
    return run_pyshacl(case_data())


@pytest.fixture(scope="session")
def project_data(built: Dataset) -> Graph:
    """What `cybergraph validate` checks: the asserted triples and the ontology, without inference."""
    return union(built, include_inferred=False)


@pytest.fixture(scope="session")
def pyshacl_project(project_data: Graph) -> Graph:
    return run_pyshacl(project_data)

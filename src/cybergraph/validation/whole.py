"""Validating the whole graph: every data file through the same checks as a contribution, then all shapes.

Each data file is parsed on its own (every syntax error of every file is reported), checked for schema
changes, unknown terms and dangling references; labels and identifiers shared by distinct entities are
likely duplicates; the asserted triples are checked for consistency under the ontology; then every shape
validates every node of the built graph, and every shapes/*-violation.rq query runs on its named graphs.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
from rdflib.term import Node

from cybergraph.core.errors import CybergraphError
from cybergraph.core.positions import display_path
from cybergraph.core.resources import Layout
from cybergraph.graph.build import BuiltGraph
from cybergraph.graph.load import data_files
from cybergraph.graph.rules import unsupported_axioms
from cybergraph.validation import schema as validate_schema
from cybergraph.validation import shapes as validate_shapes
from cybergraph.validation import terms as validate_terms
from cybergraph.validation import violations as validate_queries
from cybergraph.validation.consistency import explain, inconsistencies
from cybergraph.validation.findings import Check, Finding, Report
from cybergraph.validation.locate import DataLocator, FileLocator, Located
from cybergraph.validation.scope import axioms
from cybergraph.validation.syntax import Input, parse
from cybergraph.validation.view import view


def _per_file(files: list[tuple[str, Located]], run: Callable[[Located], list[Finding]]) -> list[Finding]:
    """A check run on each file alone, its findings placed in that file."""
    out: list[Finding] = []
    for _name, f in files:
        locator = FileLocator([f])
        out.extend(locator.locate(x) for x in run(f))
    return out


def run_whole(where: Layout, built: BuiltGraph | None, failure: CybergraphError | None) -> Report:
    """Validate the graph built from `where`; `failure` is why it could not be built, if it could not."""
    from cybergraph.validation.pipeline import Stages

    items = data_files(where)
    report = Report(files=[display_path(i.path) for i in items], contribution=False)
    parsed = [
        parse(Input(display_path(i.path), i.path.read_bytes(), i.path.resolve().as_uri()), allow_empty=True)
        for i in items
    ]
    stages = Stages(report)
    if not stages.add(Check.SYNTAX, [f for p in parsed for f in p.findings]):
        report.sort()
        return report
    if failure is not None or built is None:
        # A problem the checks do not cover, such as a facts file that no source section names.
        raise failure or CybergraphError("the graph could not be built")
    files = [
        (str(i.graph), Located(p, p.graph)) for i, p in zip(items, parsed, strict=True) if p.graph is not None
    ]
    store = built.store
    vocab = validate_terms.Vocabulary.of(store)
    existing = validate_terms.Existing(store)
    go = stages.add(Check.SCHEMA, _per_file(files, lambda f: validate_schema.check(f.graph)))

    def triples(f: Located) -> list[tuple[Node, Node, Node]]:
        return sorted(f.graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))

    go = go and stages.add(
        Check.UNKNOWN_TERM,
        _per_file(files, lambda f: validate_terms.unknown_terms(triples(f), vocab)),
    )
    go = go and stages.add(
        Check.DANGLING,
        _per_file(files, lambda f: validate_terms.dangling(triples(f), f.graph, existing)),
    )
    stages.locator = DataLocator(store, where)
    go = go and stages.add(
        Check.DUPLICATE, validate_terms.shared_labels(existing) + validate_terms.shared_identifiers(existing)
    )
    go = go and stages.add(Check.CONSISTENCY, _inconsistencies(store))
    if go:
        shapes = validate_shapes.load_shapes(where.shapes_file)
        found = validate_shapes.validate(view(store), shapes)
        found += validate_queries.run(store, validate_queries.queries(where.shapes))
        stages.add(Check.SHAPES, found)
    report.sort()
    return report


def _inconsistencies(store: ox.Store) -> list[Finding]:
    """What the ontology's inference finds contradictory in the asserted triples of the graph."""
    data: set[tuple[Node, Node, Node]] = set(view(store).triples((None, None, None)))
    errors = inconsistencies(axioms(store), data, simple=not unsupported_axioms(store))
    return explain(errors, data)

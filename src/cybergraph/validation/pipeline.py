"""`validate()`: check a contribution (or the whole graph) and return a report of findings, never print.

With files, they are validated as a contribution merged into the built graph, so references to existing
entities resolve; without files, the whole graph is validated. The checks run in this order, each over
every file, and validation stops after the first check that finds an error (warnings do not stop it):

1. syntax: every Turtle error, with line and column (the input is then unusable: exit code 2);
   schema protection: no classes, properties, shapes, axioms, `owl:imports` or `owl:sameAs`;
2. unknown terms, with a "did you mean" suggestion;
3. dangling references: entity IRIs that nothing describes;
4. likely duplicates: a new entity with the label, acronym or identifier of an existing one;
5. consistency under the ontology's inference;
6. the SHACL shapes of shapes/, and its *-violation.rq queries over the named graphs.

A contribution is validated at its focus nodes only (see validate_scope), and findings the built graph
already had at those nodes are not blamed on it. A contributed file in the data folder's facts/ is the
new version of that file: the graph it is merged into is built without it. Everything runs under
`safety.run_limited`: no network, and a time limit.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from cybergraph.core.errors import CybergraphError, UsageError
from cybergraph.core.limits import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from cybergraph.core.resources import Layout, layout
from cybergraph.graph.build import BuiltGraph
from cybergraph.rdf.legacy_vocab import CG, CGID, GRAPH
from cybergraph.validation.findings import CHECK_ORDER, Check, Finding, Report, Severity
from cybergraph.validation.locate import DataLocator, FileLocator, Located
from cybergraph.validation.syntax import Input, parse, quiet_rdflib, read_inputs

STDIN_GRAPH = URIRef("urn:cybergraph:validate:stdin")
Triple = tuple[Node, Node, Node]

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT", "Input", "Report", "validate"]


def validate(
    files: Sequence[Path | str | Input] | None = None,
    *,
    data: Path | str | None = None,
    graph: BuiltGraph | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin_name: str | None = None,
) -> Report:
    """Validate `files` (paths, `-` for standard input, or Input) against the graph; None: the whole graph.

    `data` is the data folder (default: the project's data/); `graph` a graph already built from it.
    `timeout` (seconds, None for no limit) bounds the whole validation; `max_bytes` the contribution's size;
    `stdin_name` validates standard input as if it were that file. `strict` makes warnings count against
    conformance. Raises InputError (exit code 2) for input that is not Turtle text, QueryTimeout at the
    time limit.
    """
    if timeout is not None and timeout <= 0:
        raise UsageError("the time limit must be a positive number of seconds")
    if max_bytes <= 0:
        raise UsageError("the size limit must be a positive number of bytes")
    start = time.monotonic()
    inputs = read_inputs(files, max_bytes=max_bytes, stdin_name=stdin_name) if files else None
    if data is not None:
        data = Path(data).resolve()  # build() names files by their file: URI, which needs an absolute path
    _preload()
    from cybergraph.core.sandbox import run_limited

    with ExitStack() as stack:
        # The graph is built (or taken from the cache) here, and the checks run in the worker: the
        # worker is forked, and an embedded store cannot be written in a process forked from one that
        # has a store open. The build is trusted work; the time it took counts against the limit.
        target = _prepare(inputs, data, graph, stack)
        report = run_limited(lambda: _run(inputs, target), timeout=timeout, started=start)
    report.strict = strict
    return report


@dataclass
class _Target:
    """The graph the checks run against, as prepared before the worker starts."""

    where: Layout
    built: BuiltGraph | None
    failure: CybergraphError | None = None  # why the whole graph could not be built


def _prepare(
    inputs: list[Input] | None, data: Path | None, graph: BuiltGraph | None, stack: ExitStack
) -> _Target:
    from cybergraph.graph.build import build

    where = layout(data)
    if graph is not None:
        return _Target(where, graph)
    if inputs is not None:
        built, where = _existing(where, inputs, stack)
        return _Target(where, built)
    try:
        return _Target(where, build(data=where.data))
    except CybergraphError as exc:  # the syntax check reports every syntax error, not only the first
        return _Target(where, None, exc)


def _preload() -> None:
    # Imported before the worker is forked, so that it does not pay for them at every validation.
    import owlrl  # noqa: F401
    import pyshacl  # noqa: F401


class Locator(Protocol):
    def locate(self, finding: Finding) -> Finding: ...


class Stages:
    """Runs the checks in order and stops after the first one that finds an error."""

    def __init__(self, report: Report, locator: Locator | None = None) -> None:
        self.report = report
        self.locator = locator

    def add(self, check: Check, found: list[Finding]) -> bool:
        """Record a check's findings; True when validation may go on."""
        if self.locator is not None:
            found = [self.locator.locate(f) for f in found]
        self.report.checks_run.append(check)
        self.report.findings.extend(found)
        if any(f.severity is Severity.VIOLATION for f in found):
            if check is not CHECK_ORDER[-1]:
                self.report.stopped_after = check
            return False
        return True


def _run(inputs: list[Input] | None, target: _Target) -> Report:
    with quiet_rdflib():
        if inputs is None:
            from cybergraph.validation.whole import run_whole

            return run_whole(target.where, target.built, target.failure)
        assert target.built is not None
        return _run_contribution(inputs, target.where, target.built)


def _inside(path: Path | None, folder: Path) -> Path | None:
    """The path relative to `folder` when it lies there."""
    if path is None:
        return None
    try:
        return path.resolve().relative_to(folder.resolve())
    except ValueError:
        return None


def _existing(where: Layout, inputs: list[Input], stack: ExitStack) -> tuple[BuiltGraph, Layout]:
    """The graph a contribution is merged into: the data folder without the facts files it changes.

    A facts file of the data folder given as a contribution is its new version, and it is already in the
    data folder: the graph it is checked against is built from the other files, so that its entities are
    new and its findings are its own. Other data files (the source catalogue) are merged as they are.
    """
    from cybergraph.graph.build import build
    from cybergraph.graph.load import FACTS_FOLDER

    changed = {
        rel
        for i in inputs
        if (rel := _inside(i.path, where.data)) is not None and rel.parts[0] == FACTS_FOLDER
    }
    if not changed:
        return build(data=where.data), where
    # The other files, linked into a temporary folder (data/ itself is never touched).
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cybergraph-validate-")))
    for path in sorted(where.data.rglob("*.ttl")):
        rel = path.relative_to(where.data)
        if rel not in changed:
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).symlink_to(path.resolve())
    return build(data=folder), layout(folder)


def _graph_name(item: Input, where: Layout, sources: set[URIRef]) -> URIRef:
    """The named graph a contributed file goes into, as if it were a data file."""
    from cybergraph.graph.load import FACTS_FOLDER

    rel = _inside(item.path, where.data)
    if rel is not None:
        return CGID[rel.stem] if rel.parts[0] == FACTS_FOLDER else GRAPH[rel.stem]
    if item.path is None:
        return STDIN_GRAPH
    stem = item.path.stem
    return CGID[stem] if CGID[stem] in sources else GRAPH[stem]


def _sources(store: ox.Store, contribution: Graph) -> set[URIRef]:
    """Every source and source section, described in the graph or in the contribution."""
    out: set[URIRef] = set()
    for kind in (CG.Source, CG.SourceSection):
        out |= {s for s in contribution.subjects(RDF.type, kind) if isinstance(s, URIRef)}
        for quad in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(kind)), None):
            out.add(URIRef(str(getattr(quad.subject, "value", quad.subject))))
    return out


def _run_contribution(inputs: list[Input], where: Layout, built: BuiltGraph) -> Report:
    from cybergraph.validation import schema as validate_schema
    from cybergraph.validation import terms as validate_terms

    report = Report(files=[i.name for i in inputs], contribution=True)
    parsed = [parse(i) for i in inputs]
    stages = Stages(report)
    if not stages.add(Check.SYNTAX, [f for p in parsed for f in p.findings]):
        report.sort()
        return report
    files = [Located(p, p.graph) for p in parsed if p.graph is not None]
    stages.locator = FileLocator(files, fallback=DataLocator(built.store, where))
    contribution = Graph()
    for f in files:
        for triple in f.graph:
            contribution.add(triple)
    triples = sorted(contribution, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
    vocab = validate_terms.Vocabulary.of(built.store)
    existing = validate_terms.Existing(built.store)

    go = stages.add(Check.SCHEMA, validate_schema.check(contribution))
    go = go and stages.add(Check.UNKNOWN_TERM, validate_terms.unknown_terms(triples, vocab))
    go = go and stages.add(Check.DANGLING, validate_terms.dangling(triples, contribution, existing))
    go = go and stages.add(Check.DUPLICATE, validate_terms.duplicates(contribution, existing))
    if go:
        sources = _sources(built.store, contribution)
        named = [(_graph_name(f.parsed.input, where, sources), f.graph) for f in files]
        _graph_checks(stages, built, contribution, named, where)
    report.sort()
    return report


def _graph_checks(
    stages: Stages, built: BuiltGraph, contribution: Graph, named: list[tuple[URIRef, Graph]], where: Layout
) -> None:
    """Checks 5 and 6, at the contribution's focus nodes, less what was already wrong there."""
    from cybergraph.graph.rules import unsupported_axioms
    from cybergraph.rdf.rdflib_bridge import to_ox
    from cybergraph.validation import consistency as validate_consistency
    from cybergraph.validation import scope as validate_scope
    from cybergraph.validation import shapes as validate_shapes
    from cybergraph.validation import violations as validate_queries
    from cybergraph.validation.view import view

    added: set[Triple] = set(contribution)
    focus = validate_scope.focus_nodes(contribution, built.store)
    stages.report.focus_nodes = len(focus)
    around = validate_scope.neighbourhood(built.store, focus)
    axioms = validate_scope.axioms(built.store)
    simple = not unsupported_axioms(built.store)
    consistency = validate_consistency.check_contribution(axioms, added, around, simple=simple)
    if not stages.add(Check.CONSISTENCY, consistency):
        return

    shapes = validate_shapes.load_shapes(where.shapes_file)
    queries = validate_queries.queries(where.shapes)
    quads = [
        ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(name)))  # type: ignore[arg-type]
        for name, g in named
        for s, p, o in g
    ]
    merged = view(built.store, added)
    found = validate_shapes.validate(merged, validate_shapes.restrict(shapes, merged, focus))
    small = validate_queries.around(built.store, focus, quads)
    found += validate_queries.run(small, queries, only={str(n) for n in focus})
    if found:
        # What the graph already had at the same nodes is not the contributor's doing.
        old_focus = [n for n in focus if validate_scope.contains_node(built.store, n)]
        base = view(built.store)
        before = validate_shapes.validate(base, validate_shapes.restrict(shapes, base, old_focus))
        before += validate_queries.run(
            validate_queries.around(built.store, old_focus), queries, only={str(n) for n in old_focus}
        )
        old = {validate_shapes.key(f) for f in before}
        found = [f for f in found if validate_shapes.key(f) not in old]
    stages.add(Check.SHAPES, found)

"""The checks, in the order they run, for a contribution and for the whole graph alike.

`CHECKS` is the one list: each `Step` names its check and runs it on a `Context`, which holds the files
(each parsed once, see syntax.ParsedFile), the built graph and what the checks derive from them, each
computed once on first use. `run()` runs the steps in order and stops after the first one that finds an
error (warnings do not stop it):

1. syntax: every Turtle error of every file, with line and column (the input is then unusable), and a
   facts file that no described source section is named after (the build's rule and message, exit code 2);
2. removal: the facts each file states no longer, compared with its committed version (see removal;
   warnings unless removals are made to count);
3. schema protection: no classes, properties, shapes, axioms, `owl:imports` or `owl:sameAs`;
4. unknown terms, with a "did you mean" suggestion;
5. dangling references: entity IRIs that nothing describes;
6. likely duplicates: a new entity with the label, acronym or identifier of an existing one (for the
   whole graph: distinct entities that share one);
7. consistency under the ontology's inference;
8. the SHACL shapes of shapes/, and its *-violation.rq queries over the named graphs.

Checks 2 to 5 look at the statements of each file alone and place their findings in that file. Checks 6
to 8 look at the graph: for a contribution, at its focus nodes only (see scope), leaving out what the
built graph already had wrong at those nodes; for the whole graph, at every node.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from cybergraph.core.errors import CybergraphError
from cybergraph.core.resources import Layout
from cybergraph.graph.build import BuiltGraph
from cybergraph.graph.datafiles import FACTS_FOLDER, check_source_parts, data_file
from cybergraph.graph.rules import Schema
from cybergraph.rdf.terms import RDF_TYPE, Subject, entity, graph_name
from cybergraph.rdf.vocab import CG
from cybergraph.validation import consistency, removal, schema, scope, shapes, terms, violations
from cybergraph.validation.findings import Check, Finding, Report, Severity, text_of
from cybergraph.validation.locate import DataLocator, FileLocator, Locator, Place
from cybergraph.validation.syntax import ParsedFile
from cybergraph.validation.view import view

#: The named graph of standard input given no name.
STDIN_GRAPH = ox.NamedNode("urn:cybergraph:validate:stdin")
# What a file name may hold that an IRI may not; `%` too when it does not start an escape.
_NOT_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]|%(?![0-9A-Fa-f]{2})')


def inside(path: Path | None, folder: Path) -> Path | None:
    """The path relative to `folder` when it lies there."""
    if path is None:
        return None
    try:
        return path.resolve().relative_to(folder.resolve())
    except ValueError:
        return None


def _sorted(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples once each, in a stable order."""
    return sorted(set(triples), key=lambda t: (text_of(t.subject), t.predicate.value, text_of(t.object)))


@dataclass
class Context:
    """What the checks read: the files, the graph they are checked against, and what is derived from them.

    `files` are the contribution, or every data file when `contribution` is false. `built` is the graph
    (for a contribution, the data without the files it changes); `failure` why it could not be built.
    """

    where: Layout
    files: list[ParsedFile]
    contribution: bool
    built: BuiltGraph | None = None
    failure: CybergraphError | None = None
    bases: removal.Bases = field(default_factory=removal.Bases)  # the committed versions, to compare with
    data_folder: Path | None = None  # the user's data folder, when `where` is a folder of links to it
    focus_nodes: int = field(default=0, init=False)
    notes: list[str] = field(default_factory=list, init=False)

    @property
    def store(self) -> ox.Store:
        if self.built is None:
            raise self.failure or CybergraphError("the graph could not be built")
        return self.built.named_graphs_view()

    @cached_property
    def statements(self) -> list[ox.Triple]:
        """Every triple of the files, once each."""
        return _sorted(t for f in self.files for t in f.triples)

    @cached_property
    def typed_here(self) -> set[Subject]:
        """The subjects the files give a type to."""
        return {t.subject for f in self.files for t in f.triples if t.predicate == RDF_TYPE}  # type: ignore[misc]

    @cached_property
    def vocabulary(self) -> terms.Vocabulary:
        return terms.Vocabulary.of(self.store)

    @cached_property
    def existing(self) -> terms.Existing:
        return terms.Existing(self.store)

    @cached_property
    def data_locator(self) -> DataLocator:
        """Where statements of the built graph are: the data files (those checked, already parsed)."""
        return DataLocator(self.store, self.where, parsed=() if self.contribution else self.files)

    @cached_property
    def file_locator(self) -> FileLocator:
        """Where statements of the files checked are."""
        return FileLocator(self.files, fallback=self.data_locator)

    @cached_property
    def locator(self) -> Locator:
        """Where findings about the graph go: the files checked first, for a contribution; else the data."""
        return self.file_locator if self.contribution else self.data_locator

    def places(self, side: consistency.Side, statement: ox.Triple) -> list[Place]:
        """Where a statement of one side of a clash is: in the files checked, or in the data files."""
        if side.contributed:
            return self.file_locator.places(statement)
        return self.data_locator.places(statement)

    def locate(self, found: Iterable[Finding]) -> list[Finding]:
        return [self.locator.locate(f) for f in found]

    @cached_property
    def focus(self) -> list[ox.NamedNode]:
        """The nodes a contribution touches (see scope.focus_nodes)."""
        nodes = scope.focus_nodes(self.statements, self.store)
        self.focus_nodes = len(nodes)
        return nodes

    @cached_property
    def axioms(self) -> set[ox.Triple]:
        return scope.axioms(self.store)

    @cached_property
    def simple(self) -> bool:
        """Whether the ontology uses only the constructs graph.rules implements and class disjointness."""
        return not consistency.needs_reasoner(self.store)

    @cached_property
    def disjointness(self) -> consistency.Disjointness:
        return consistency.Disjointness.of(self.axioms, Schema.read(self.store))


def _each_file(context: Context, check: Callable[[list[ox.Triple]], list[Finding]]) -> list[Finding]:
    """A check of statements, run on each file alone, its findings placed in that file."""
    out: list[Finding] = []
    for file in context.files:
        locator = FileLocator([file])
        out.extend(locator.locate(f) for f in check(_sorted(file.triples)))
    return out


def _syntax(context: Context) -> list[Finding]:
    found = [f for file in context.files for f in file.findings]
    if not found and context.built is None:
        # A problem the checks do not cover, such as a facts file that no source section names.
        raise context.failure or CybergraphError("the graph could not be built")
    if not found and context.contribution:
        # The build's own rule, with its message: a file it would refuse is refused here too (exit code 2).
        data = context.data_folder or context.where.data
        parts = [item for f in context.files if f.path is not None and (item := data_file(f.path, data))]
        check_source_parts(parts, {node.value for node in _sources(context)})
    return found


def _removal(context: Context) -> list[Finding]:
    bases = context.bases
    context.notes += bases.notes
    out: list[Finding] = []
    compared = [
        (bases.files[f.name], f.triples, f.subject_lines) for f in context.files if f.name in bases.files
    ]
    compared += [(gone, [], {}) for gone in bases.deleted]
    for base, now, lines in compared:
        found, note = removal.findings(base, now, bases.severity, lines)
        out += found
        if note:
            context.notes.append(note)
    if out:
        context.notes.append(removal.advice(len(out), bases))
    return out


def _schema(context: Context) -> list[Finding]:
    return _each_file(context, schema.check)


def _unknown_terms(context: Context) -> list[Finding]:
    return _each_file(context, lambda triples: terms.unknown_terms(triples, context.vocabulary))


def _dangling(context: Context) -> list[Finding]:
    return _each_file(context, lambda triples: terms.dangling(triples, context.typed_here, context.existing))


def _duplicates(context: Context) -> list[Finding]:
    if context.contribution:
        found = terms.duplicates(terms.Statements(context.statements), context.existing)
    else:
        found = terms.shared_labels(context.existing) + terms.shared_identifiers(context.existing)
    return context.locate(found)


def _consistency(context: Context) -> list[Finding]:
    if context.contribution:
        added = set(context.statements)
        clashes = context.disjointness.in_contribution(context.store, added)
        found = consistency.check_contribution(
            context.axioms,
            added,
            lambda: scope.neighbourhood(context.store, context.focus),
            simple=context.simple,
            clashes=clashes,
        )
    else:
        data = scope.asserted(context.store)
        clashes = context.disjointness.in_graph(context.store)
        errors = consistency.inconsistencies(context.axioms, data, simple=context.simple)
        found = consistency.explain(consistency.unreported(errors, clashes), data)
    found += consistency.clash_findings(clashes, context.places)
    return context.locate(found)


def _graph_of(file: ParsedFile, data: Path, sources: set[ox.NamedNode]) -> ox.NamedNode:
    """The named graph a contributed file goes into, as if it were a data file of the folder `data`."""
    if file.path is None:
        return STDIN_GRAPH
    rel = inside(file.path, data)
    # Percent-encoded where a file name holds what an IRI cannot (a space, braces).
    stem = _NOT_IRI.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), file.path.stem)
    if rel is not None:
        return entity(stem) if rel.parts[0] == FACTS_FOLDER else graph_name(stem)
    return entity(stem) if entity(stem) in sources else graph_name(stem)


def _sources(context: Context) -> set[ox.NamedNode]:
    """Every source and source section, described in the graph or in the contribution."""
    out: set[ox.NamedNode] = set()
    for kind in (CG.Source, CG.SourceSection):
        described = [t.subject for t in context.statements if t.predicate == RDF_TYPE and t.object == kind]
        described += [q.subject for q in context.store.quads_for_pattern(None, RDF_TYPE, kind, None)]
        out.update(s for s in described if isinstance(s, ox.NamedNode))
    return out


def _shapes(context: Context) -> list[Finding]:
    shapes_graph = shapes.load_shapes(context.where.shapes_file)
    queries = violations.queries(context.where.shapes)
    store = context.store
    if not context.contribution:
        found = shapes.validate(view(store), shapes_graph) + violations.run(store, queries)
        return context.locate(found)
    focus = context.focus
    added = context.statements
    merged = view(store, added)
    found = shapes.validate_nodes(merged, shapes_graph, focus)
    sources = _sources(context)
    quads = []
    for file in context.files:
        graph = _graph_of(file, context.data_folder or context.where.data, sources)
        quads += [ox.Quad(t.subject, t.predicate, t.object, graph) for t in set(file.triples)]
    only = {n.value for n in focus}
    found += violations.run(violations.around(store, focus, quads), queries, only=only)
    if found:
        # What the graph already had at the same nodes is not the contributor's doing.
        old_focus = [n for n in focus if scope.contains_node(store, n)]
        base = view(store)
        before = shapes.validate_nodes(base, shapes_graph, old_focus)
        only = {n.value for n in old_focus}
        before += violations.run(violations.around(store, old_focus), queries, only=only)
        old = {shapes.key(f) for f in before}
        found = [f for f in found if shapes.key(f) not in old]
    return context.locate(found)


@dataclass(frozen=True)
class Step:
    """One check of the pipeline: which it is, and how it runs on a context."""

    check: Check
    run: Callable[[Context], list[Finding]]


CHECKS: tuple[Step, ...] = (
    Step(Check.SYNTAX, _syntax),
    Step(Check.REMOVAL, _removal),
    Step(Check.SCHEMA, _schema),
    Step(Check.UNKNOWN_TERM, _unknown_terms),
    Step(Check.DANGLING, _dangling),
    Step(Check.DUPLICATE, _duplicates),
    Step(Check.CONSISTENCY, _consistency),
    Step(Check.SHAPES, _shapes),
)


def run(context: Context) -> Report:
    """Run the checks in order on the context, stopping after the first one that finds an error."""
    report = Report(files=[f.name for f in context.files], contribution=context.contribution)
    for step in CHECKS:
        found = step.run(context)
        report.checks_run.append(step.check)
        report.findings.extend(found)
        if any(f.severity is Severity.VIOLATION for f in found):
            if step is not CHECKS[-1]:
                report.stopped_after = step.check
            break
    report.focus_nodes = context.focus_nodes
    report.notes = context.notes
    report.sort()
    return report

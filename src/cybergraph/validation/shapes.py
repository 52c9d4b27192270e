"""Check 6: the SHACL shapes of shapes/, run by pySHACL with its own inference and advanced features off.

To validate only the focus nodes of a contribution, each targeted shape's targets are replaced by
`sh:targetNode` for the focus nodes it would have targeted. That is SHACL's own way of validating chosen
nodes. pySHACL's `focus_nodes` option is not used because it filters the value nodes of nested shapes too
(sh:or, sh:not, sh:node), so that `sh:or` of datatypes silently passes any value.

This module is one of the two adapters to rdflib (pySHACL works on rdflib graphs): the shapes are read
by Oxigraph's parser and handed over as an rdflib graph, focus nodes come in as pyoxigraph terms, and
findings name their terms as every other check does.

pySHACL's time grows with the number of focus nodes and value nodes (each value of a property checked by
an `sh:or` validates every alternative shape on its own), so the graphs handed to it are kept fast to
search: rdflib's SimpleMemory store (no named graphs to keep track of), and pySHACL's list of constraint
parameters, searched once per shape and value node, made a set (see `_constraint_parameters_as_a_set`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.term import Node

from cybergraph.core.sandbox import fork_map, parallel_workers
from cybergraph.rdf.rdflib_bridge import from_ox, to_ox
from cybergraph.rdf.read import read_triples
from cybergraph.rdf.terms import PREFIXES
from cybergraph.validation.findings import Check, Finding, Severity, term_key, term_value

_TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
_SEVERITY = {SH.Violation: Severity.VIOLATION, SH.Warning: Severity.WARNING, SH.Info: Severity.INFO}
_cache: dict[tuple[str, int, int], Graph] = {}


def load_shapes(path: Path) -> Graph:
    """The shapes graph (parsed once per process and file version)."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _cache:
        graph = Graph(store=SimpleMemory())
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        for t in read_triples(path):
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        _cache.clear()
        _cache[key] = graph
    return _cache[key]


def _class_targets(shapes: Graph, shape: Node) -> set[Node]:
    classes = set(shapes.objects(shape, SH.targetClass))
    if (shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes:
        classes.add(shape)  # an implicit class target
    return classes


def targeted_shapes(shapes: Graph) -> list[Node]:
    """Shapes with a target of their own (the others are only reached from those)."""
    found = {s for p in _TARGETS for s in shapes.subjects(p, None)}
    found |= {s for s in shapes.subjects(RDF.type, SH.NodeShape) if _class_targets(shapes, s)}
    found |= {s for s in shapes.subjects(RDF.type, SH.PropertyShape) if _class_targets(shapes, s)}
    return sorted(found, key=str)


def _classes(graph: Graph, node: Node, cache: dict[Node, set[Node]]) -> set[Node]:
    """The node's types and their superclasses, as SHACL finds them (rdf:type/rdfs:subClassOf*)."""
    out: set[Node] = set()
    for kind in graph.objects(node, RDF.type):
        if kind not in cache:
            cache[kind] = {c for c in graph.transitive_objects(kind, RDFS.subClassOf) if c is not None}
        out |= cache[kind]
    return out


def restrict(shapes: Graph, data: Graph, focus: Iterable[ox.NamedNode]) -> Graph:
    """A copy of `shapes` whose targeted shapes target only the focus nodes they would have targeted.

    The shapes are indexed by what they target (a node, a class, the subjects or objects of a
    property), so that each focus node is looked up once for its types and once for each property of a
    subjects-of or objects-of target: the time follows the number of focus nodes, not that number times
    the number of shapes.
    """
    out = Graph(store=SimpleMemory())
    for triple in shapes:
        if triple[1] not in _TARGETS:
            out.add(triple)
    for prefix, ns in shapes.namespaces():
        out.bind(prefix, ns, override=False)
    by_node: dict[Node, set[Node]] = {}
    by_class: dict[Node, set[Node]] = {}
    by_subjects_of: dict[Node, set[Node]] = {}
    by_objects_of: dict[Node, set[Node]] = {}
    for shape in targeted_shapes(shapes):
        if (shape, RDF.type, RDFS.Class) in out or (shape, RDF.type, OWL.Class) in out:
            out.remove((shape, RDF.type, RDFS.Class))  # no implicit target left behind
            out.remove((shape, RDF.type, OWL.Class))
        for index, targets in (
            (by_node, shapes.objects(shape, SH.targetNode)),
            (by_class, _class_targets(shapes, shape)),
            (by_subjects_of, shapes.objects(shape, SH.targetSubjectsOf)),
            (by_objects_of, shapes.objects(shape, SH.targetObjectsOf)),
        ):
            for target in targets:
                index.setdefault(target, set()).add(shape)
    cache: dict[Node, set[Node]] = {}
    for node in map(from_ox, focus):
        found = set(by_node.get(node, ()))
        for kind in _classes(data, node, cache):
            found |= by_class.get(kind, set())
        if by_subjects_of:
            for predicate in set(data.predicates(node, None)):
                found |= by_subjects_of.get(predicate, set())
        for predicate, targeting in by_objects_of.items():
            if (None, predicate, node) in data:
                found |= targeting
        for shape in found:
            out.add((shape, SH.targetNode, node))
    return out


def _message(report: Graph, result: Node) -> str:
    messages = sorted(
        report.objects(result, SH.resultMessage), key=lambda m: (getattr(m, "language", "") != "en", str(m))
    )
    return str(messages[0]) if messages else "does not conform to the shape"


def path_text(report: Graph, path: Node) -> str:
    """A result path: an IRI, or a complex one in SPARQL property-path syntax, in parentheses, that
    `paths.parse` reads back (sequences and alternatives always in parentheses, IRIs in angle brackets)."""
    if isinstance(path, URIRef):
        return str(path)

    def walk(node: Node) -> str:
        if isinstance(node, URIRef):
            return f"<{node}>"
        if (node, RDF.first, None) in report:
            return "(" + "/".join(walk(n) for n in Collection(report, node)) + ")"
        for predicate, template in (
            (SH.inversePath, "^{}"),
            (SH.zeroOrMorePath, "{}*"),
            (SH.oneOrMorePath, "{}+"),
            (SH.zeroOrOnePath, "{}?"),
        ):
            inner = report.value(node, predicate)
            if inner is not None:
                return template.format(walk(inner))
        alternatives = report.value(node, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(walk(n) for n in Collection(report, alternatives)) + ")"
        raise ValueError(f"pySHACL reported a result path that is not a SHACL path: {node!r}")

    text = walk(path)
    return text if text.startswith("(") else f"({text})"


@dataclass(frozen=True)
class _Key:
    focus: str
    path: str | None
    component: str | None
    shape: str | None
    parent_shape: str | None
    value: str | None


def _parent(shapes: Graph | None, shape: Node | None) -> str | None:
    """The named shape that holds a blank-node property shape: what a report can name it by."""
    if shapes is None or not isinstance(shape, BNode):
        return None
    parents = sorted(str(s) for s in shapes.subjects(SH.property, shape) if isinstance(s, URIRef))
    return parents[0] if parents else None


def findings(report: Graph, shapes: Graph | None = None) -> list[Finding]:
    """The results of a pySHACL report graph as findings (without file and line); with the shapes graph,
    a blank-node source shape is named by the shape that holds it."""
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        component = report.value(result, SH.sourceConstraintComponent)
        shape = report.value(result, SH.sourceShape)
        severity = report.value(result, SH.resultSeverity)
        out.append(
            Finding(
                Check.SHAPES,
                _SEVERITY.get(URIRef(str(severity)), Severity.VIOLATION),
                _message(report, result),
                entity=term_key(to_ox(focus)) if focus is not None else None,
                property=path_text(report, path) if path is not None else None,
                value=term_value(to_ox(value))
                if value is not None and not isinstance(value, BNode)
                else None,
                component=str(component) if component is not None else None,
                shape=str(shape) if isinstance(shape, URIRef) else None,
                parent_shape=_parent(shapes, shape),
            )
        )
    return out


def key(finding: Finding) -> _Key:
    return _Key(
        finding.entity or "",
        finding.property,
        finding.component,
        finding.shape,
        finding.parent_shape,
        finding.value,
    )


class _ListSet(list[Node]):
    """A list whose `in` is a set lookup: pySHACL's constraint parameters, searched for every shape
    validated (for each value node of an `sh:or`, each alternative), compared each predicate with each
    of some 30 parameters in turn: a fifth of its time on a large contribution."""

    def __init__(self, items: Iterable[Node]) -> None:
        super().__init__(items)
        self._set = frozenset(self)

    def __contains__(self, item: object) -> bool:
        return item in self._set


def _constraint_parameters_as_a_set() -> None:
    """Fill pySHACL's own cache of its constraint parameters (`pyshacl.shape.CONSTRAINT_PARAMS`, set on
    first use) with a `_ListSet` of them: the same parameters in the same order, found by hashing. A
    version of pySHACL without that cache is left as it is."""
    from pyshacl import shape
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    current = getattr(shape, "CONSTRAINT_PARAMS", (None, None))
    if hasattr(shape, "module") and not isinstance(current[0], _ListSet):
        shape.CONSTRAINT_PARAMS = (_ListSet(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)  # type: ignore[attr-defined]


def validate(data: Graph, shapes: Graph) -> list[Finding]:
    """Run pySHACL: no inference, no advanced features, no imports, every result collected."""
    import pyshacl

    _constraint_parameters_as_a_set()

    _conforms, report, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=None,
        inference="none",
        advanced=False,
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        inplace=True,
        do_owl_imports=False,
        meta_shacl=False,
        js=False,
    )
    return findings(report, shapes)


# Below this many focus nodes, pySHACL runs in one process: forking costs more than it saves.
PARALLEL_FROM = 2000


def validate_nodes(
    data: Graph, shapes: Graph, focus: Sequence[ox.NamedNode], *, parts: int | None = None
) -> list[Finding]:
    """The findings of the shapes that target the focus nodes (see `restrict`), pySHACL run on `parts`
    shares of the focus nodes at the same time (default: one per core for a large contribution).

    SHACL validates each focus node on its own, so the findings of the shares together are those of
    one run over all the nodes.
    """
    if parts is None:
        parts = parallel_workers() if len(focus) >= PARALLEL_FROM else 1
    shares = [list(focus[i::parts]) for i in range(parts)] if parts > 1 else [list(focus)]
    found = fork_map(lambda share: validate(data, restrict(shapes, data, share)), shares)
    return [finding for share in found for finding in share]

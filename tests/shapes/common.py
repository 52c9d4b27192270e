"""What the shape tests share: the shapes, the ontology, the example graphs, one pySHACL run of each graph,
and the reading of a SHACL validation report into comparable findings (whichever engine wrote it).

A finding is (focus, path, constraint component, severity), each as a prefixed name; a complex result path
is written in SPARQL property-path syntax, e.g. `(cg:partOf|^cg:hasPart)`, so that two engines' blank
nodes for the same path compare equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyshacl
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from cybergraph.core.resources import layout
from cybergraph.rdf.terms import PREFIXES

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
CASE_BASE = "https://example.org/cases/"
CGSH = PREFIXES["cgsh"]

Finding = tuple[str, str, str, str]  # focus, path ("-" when none), constraint component, severity


@cache
def shapes() -> Graph:
    return Graph().parse(layout().shapes_file, format="turtle")


@cache
def ontology() -> Graph:
    return Graph().parse(layout().ontology_file, format="turtle")


def case_base(stem: str) -> str:
    return f"{CASE_BASE}{stem}#"


_EXPECT = re.compile(r"^# expect: (\S+) (\S+) (\S+) (\S+)\s*$")


@dataclass(frozen=True)
class Case:
    stem: str
    graph: Graph
    expected: frozenset[Finding]

    @property
    def shape(self) -> URIRef:
        return URIRef(CGSH + self.stem.rsplit("_", 1)[0])

    @property
    def kind(self) -> str:
        return self.stem.rsplit("_", 1)[1]


@cache
def cases() -> dict[str, Case]:
    out = {}
    for path in sorted(CASES.glob("*.ttl")):
        text = path.read_text(encoding="utf-8")
        graph = Graph().parse(data=text, format="turtle", publicID=f"{CASE_BASE}{path.stem}")
        expected = frozenset(
            tuple(m.groups())  # type: ignore[misc]
            for m in (_EXPECT.match(line) for line in text.splitlines())
            if m
        )
        out[path.stem] = Case(path.stem, graph, expected)
    return out


def case_of(focus: object) -> str | None:
    """The example graph a focus node belongs to (each keeps its entities under its own base IRI)."""
    text = str(focus)
    if not text.startswith(CASE_BASE):
        return None
    stem = text[len(CASE_BASE) :].split("#", 1)[0]
    return stem if stem in cases() else None


@cache
def case_data() -> Graph:
    """Every example graph together with the ontology: one graph, validated in one run."""
    data = Graph()
    for triple in ontology():
        data.add(triple)
    for case in cases().values():
        for triple in case.graph:
            data.add(triple)
    return data


def run_pyshacl(data: Graph) -> Graph:
    """pySHACL as `cybergraph validate` runs it: no inference, no advanced features; the report graph."""
    _, report, _ = pyshacl.validate(
        data, shacl_graph=shapes(), inference="none", advanced=False, allow_warnings=True
    )
    return report  # type: ignore[no-any-return]


def curie(node: object, case: str | None = None) -> str:
    if node is None:
        return "-"
    text = str(node)
    if case is not None and text.startswith(case_base(case)):
        return ":" + text[len(case_base(case)) :]
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns) :]}"
    return f"<{text}>"


def path_curie(report: Graph, path: Node | None) -> str:
    """A result path as a prefixed name, or a complex one in SPARQL property-path syntax."""
    if path is None or isinstance(path, URIRef):
        return curie(path)

    def walk(node: Node) -> str:
        if isinstance(node, URIRef):
            return curie(node)
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
        raise AssertionError(f"not a SHACL path: {node!r}")

    text = walk(path)
    return text if text.startswith("(") else f"({text})"


@dataclass(frozen=True)
class Result:
    focus: URIRef
    path: str
    component: URIRef
    severity: URIRef
    shape: URIRef | BNode
    constraint: URIRef | BNode | None

    def finding(self, case: str | None = None) -> Finding:
        return (curie(self.focus, case), self.path, curie(self.component), curie(self.severity))


def result(report: Graph, node: Node) -> Result:
    """One result of a SHACL validation report graph, by whichever engine wrote it."""
    return Result(
        focus=report.value(node, SH.focusNode),  # type: ignore[arg-type]
        path=path_curie(report, report.value(node, SH.resultPath)),
        component=report.value(node, SH.sourceConstraintComponent),  # type: ignore[arg-type]
        severity=report.value(node, SH.resultSeverity),  # type: ignore[arg-type]
        shape=report.value(node, SH.sourceShape),  # type: ignore[arg-type]
        constraint=report.value(node, SH.sourceConstraint),  # type: ignore[arg-type]
    )


def results(report: Graph) -> list[Result]:
    """The results of the report (sh:result), not the nested ones that explain them (sh:detail)."""
    return [result(report, r) for r in report.objects(None, SH.result)]


def keyed(found: Result) -> tuple[str | None, Finding]:
    """A result as (its example graph or None, its finding), the form two engines are compared in."""
    case = case_of(found.focus)
    return case, found.finding(case)


def findings(report: Graph) -> set[tuple[str | None, Finding]]:
    return {keyed(r) for r in results(report)}

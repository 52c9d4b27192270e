"""A validation report as text for a person, JSON for a program, SHACL Turtle, or GitHub annotations.

The SHACL form is the standard `sh:ValidationReport`; the checks that are not SHACL shapes (syntax,
schema protection, unknown terms, dangling references, duplicates, consistency) are results too, with
a constraint component of the `cgv:` report vocabulary, and every result carries the file, line and
column (`cgv:file`, `cgv:line`, `cgv:column`) and the check that found it (`cgv:check`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH
from rdflib.term import Node
from rdflib.util import from_n3

from cybergraph.rdf.legacy_vocab import PREFIXES
from cybergraph.rdf.turtle import to_turtle
from cybergraph.validation.findings import Check, Finding, Report, Severity

FORMATS = ("text", "json", "turtle", "github")
CGV = Namespace("https://w3id.org/cybergraph/validation#")
_COMPONENTS = {
    Check.SYNTAX: CGV.SyntaxComponent,
    Check.SCHEMA: CGV.SchemaChangeComponent,
    Check.UNKNOWN_TERM: CGV.UnknownTermComponent,
    Check.DANGLING: CGV.DanglingReferenceComponent,
    Check.DUPLICATE: CGV.DuplicateComponent,
    Check.CONSISTENCY: CGV.ConsistencyComponent,
}
_SH_SEVERITY = {Severity.VIOLATION: SH.Violation, Severity.WARNING: SH.Warning, Severity.INFO: SH.Info}
_WORD = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "info"}
_GITHUB = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def short(iri: str) -> str:
    if iri.startswith("("):  # a SPARQL property path
        return iri
    for prefix, ns in {**PREFIXES, "cgv": str(CGV)}.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri if iri.startswith("_:") else f"<{iri}>"


def _term(value: str) -> Node:
    term = from_n3(value)
    if not isinstance(term, Node):
        raise ValueError(f"not an RDF term: {value}")
    return term


def show_value(value: str) -> str:
    """A value in N-Triples form as a person writes it in Turtle (prefixed IRIs and datatypes)."""
    term = _term(value)
    if isinstance(term, URIRef):
        return short(str(term))
    if isinstance(term, Literal):
        text = json.dumps(str(term), ensure_ascii=False)
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^{short(str(term.datatype))}"
        return text
    return value


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(report: Report) -> str:
    counts = ", ".join(
        _plural(report.count(s), w) for s, w in ((Severity.VIOLATION, "error"), (Severity.WARNING, "warning"))
    )
    infos = report.count(Severity.INFO)
    if infos:
        counts += f", {_plural(infos, 'info')}"
    scope = (
        f"{_plural(len(report.files), 'file')} validated against the graph"
        if report.contribution
        else "the whole graph validated"
    )
    if report.unusable:
        verdict = "unusable input: fix the syntax errors, then validate again"
    elif report.conforms():
        verdict = "conforms" + (
            " (warnings allowed; --strict to refuse them)" if report.count(Severity.WARNING) else ""
        )
    else:
        verdict = "does not conform"
    lines = [f"{counts}; {scope}: {verdict}"]
    if report.stopped_after is not None and report.skipped:
        lines.append(
            f"stopped after the {report.stopped_after.value} check; not run: "
            + ", ".join(c.value for c in report.skipped)
        )
    return "\n".join(lines)


def _detail(f: Finding) -> str:
    parts = []
    if f.property:
        parts.append(short(f.property))
    if f.value:
        parts.append(show_value(f.value))
    where = " ".join(parts)
    tag = f.check.value
    if f.component:
        tag += f": {short(f.component)}"
    return f"{where}: {f.message} [{tag}]" if where else f"{f.message} [{tag}]"


def _place(f: Finding) -> str:
    text = f.file or "<graph>"
    if f.line is not None:
        text += f":{f.line}"
        if f.column is not None:
            text += f":{f.column}"
    return text


def to_text(report: Report) -> str:
    """Findings grouped by file, then by entity (with the line where it is described), then the summary."""
    out: list[str] = []
    current_file: str | None = None
    current_entity: tuple[str | None, int | None] | None = None
    for f in report.findings:
        if f.file != current_file:
            if out:
                out.append("")
            out.append(f.file or "(no file)")
            current_file, current_entity = f.file, None
        if f.entity is None:
            out.append(f"  {_place(f)}: {_WORD[f.severity]}: {_detail(f)}")
            current_entity = None
            continue
        if (f.entity, f.line) != current_entity:
            out.append(f"  {_place(f)}: {short(f.entity)}")
            current_entity = (f.entity, f.line)
        out.append(f"    {_WORD[f.severity]}: {_detail(f)}")
    if out:
        out.append("")
    out.append(summary(report))
    return "\n".join(out) + "\n"


def to_json(report: Report) -> str:
    document = {
        "conforms": report.conforms(),
        "exit_code": report.exit_code(),
        "files": report.files,
        "checks_run": [c.value for c in report.checks_run],
        "stopped_after": report.stopped_after.value if report.stopped_after else None,
        "focus_nodes": report.focus_nodes if report.contribution else None,
        "summary": {s.value: report.count(s) for s in Severity},
        "findings": [f.to_json() for f in report.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _escape_github(text: str, *, property: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def to_github(report: Report) -> str:
    """GitHub Actions workflow commands, one per finding, so that the pull request marks the lines."""
    lines = []
    for f in report.findings:
        params = []
        if f.file:
            params.append(f"file={_escape_github(f.file, property=True)}")
        if f.line is not None:
            params.append(f"line={f.line}")
            if f.column is not None:
                params.append(f"col={f.column}")
        params.append(f"title={_escape_github(f'cybergraph {f.check.value}', property=True)}")
        subject = f"{short(f.entity)} " if f.entity else ""
        message = _escape_github(subject + _detail(f))
        lines.append(f"::{_GITHUB[f.severity]} {','.join(params)}::{message}")
    lines.append(summary(report).splitlines()[0])
    return "\n".join(lines) + "\n"


def to_graph(report: Report) -> Graph:
    """The report as a SHACL validation report graph."""
    graph = Graph()
    # An IRI, not a blank node: the canonical Turtle writer inlines only blank nodes that are objects.
    root = CGV.report
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(report.conforms())))
    for i, f in enumerate(report.findings):
        node = BNode(f"result{i:05d}")
        graph.add((root, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        focus: Node = (
            _term(f"<{f.entity}>")
            if f.entity and not f.entity.startswith("_:")
            else URIRef(Path(f.file or "graph").resolve().as_uri())
        )
        graph.add((node, SH.focusNode, focus))
        if f.property and not f.property.startswith("_:"):
            graph.add((node, SH.resultPath, URIRef(f.property)))
        if f.value is not None and not f.value.startswith("_:"):
            graph.add((node, SH.value, _term(f.value)))
        graph.add((node, SH.resultMessage, Literal(f.message, lang="en")))
        graph.add((node, SH.resultSeverity, _SH_SEVERITY[f.severity]))
        component = URIRef(f.component) if f.component else _COMPONENTS.get(f.check, CGV.ShapeComponent)
        graph.add((node, SH.sourceConstraintComponent, component))
        if f.shape and not f.shape.startswith("_:"):
            graph.add((node, SH.sourceShape, URIRef(f.shape)))
        graph.add((node, CGV.check, Literal(f.check.value)))
        if f.file:
            graph.add((node, CGV.file, Literal(f.file)))
        if f.line is not None:
            graph.add((node, CGV.line, Literal(f.line)))
        if f.column is not None:
            graph.add((node, CGV.column, Literal(f.column)))
    return graph


def to_shacl_turtle(report: Report) -> str:
    from cybergraph.rdf.rdflib_bridge import to_ox

    triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in to_graph(report)]  # type: ignore[arg-type]
    return to_turtle(triples, {**PREFIXES, "cgv": str(CGV)})


def render(report: Report, fmt: str) -> str:
    """The report in one of FORMATS."""
    from cybergraph.validation.syntax import quiet_rdflib

    with quiet_rdflib():  # rdflib logs a traceback for each ill-typed literal it reads back
        return _render(report, fmt)


def _render(report: Report, fmt: str) -> str:
    if fmt == "text":
        return to_text(report)
    if fmt == "json":
        return to_json(report)
    if fmt == "turtle":
        return to_shacl_turtle(report)
    if fmt == "github":
        return to_github(report)
    raise ValueError(f"unknown format {fmt!r}")

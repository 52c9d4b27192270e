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

from cybergraph.rdf import terms
from cybergraph.rdf.terms import PREFIXES, RDF_TYPE, SH, XSD, Term, datatype_of, from_ntriples
from cybergraph.rdf.turtle import to_turtle
from cybergraph.validation.findings import Check, Finding, Report, Severity

FORMATS = ("text", "json", "turtle", "github")
CGV = "https://w3id.org/cybergraph/validation#"
_COMPONENTS = {
    Check.SYNTAX: "SyntaxComponent",
    Check.SCHEMA: "SchemaChangeComponent",
    Check.UNKNOWN_TERM: "UnknownTermComponent",
    Check.DANGLING: "DanglingReferenceComponent",
    Check.DUPLICATE: "DuplicateComponent",
    Check.CONSISTENCY: "ConsistencyComponent",
}
_SH_SEVERITY = {Severity.VIOLATION: "Violation", Severity.WARNING: "Warning", Severity.INFO: "Info"}
_WORD = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "info"}
_GITHUB = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_REPORT_PREFIXES = {**PREFIXES, "cgv": CGV}


def short(iri: str) -> str:
    """An entity, property or component as the report names it: a prefixed name where one fits."""
    if iri.startswith(("(", "_:")):  # a SPARQL property path, or a blank node
        return iri
    return terms.short(iri, _REPORT_PREFIXES)


def show_value(value: str) -> str:
    """A value in N-Triples form as a person writes it in Turtle (prefixed IRIs and datatypes)."""
    term = from_ntriples(value)
    if isinstance(term, ox.NamedNode):
        return short(term.value)
    if isinstance(term, ox.Literal):
        text = json.dumps(term.value, ensure_ascii=False)
        if term.language:
            return f"{text}@{term.language}"
        datatype = datatype_of(term)
        return f"{text}^^{short(datatype)}" if datatype else text
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


def _sh(name: str) -> ox.NamedNode:
    return ox.NamedNode(SH + name)


def _cgv(name: str) -> ox.NamedNode:
    return ox.NamedNode(CGV + name)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def to_triples(report: Report) -> list[ox.Triple]:
    """The report as the triples of a SHACL validation report."""
    # An IRI, not a blank node: the canonical Turtle writer inlines only blank nodes that are objects.
    root = _cgv("report")
    conforms = ox.Literal("true" if report.conforms() else "false", datatype=ox.NamedNode(XSD + "boolean"))
    out = [ox.Triple(root, RDF_TYPE, _sh("ValidationReport")), ox.Triple(root, _sh("conforms"), conforms)]
    for i, f in enumerate(report.findings):
        node = ox.BlankNode(f"result{i:05d}")
        focus = (
            ox.NamedNode(f.entity)
            if f.entity and not f.entity.startswith("_:")
            else ox.NamedNode(Path(f.file or "graph").resolve().as_uri())
        )
        component = (
            ox.NamedNode(f.component) if f.component else _cgv(_COMPONENTS.get(f.check, "ShapeComponent"))
        )
        value = from_ntriples(f.value) if f.value and not f.value.startswith("_:") else None
        statements: list[tuple[ox.NamedNode, Term | None]] = [
            (RDF_TYPE, _sh("ValidationResult")),
            (_sh("focusNode"), focus),
            (
                _sh("resultPath"),
                ox.NamedNode(f.property) if f.property and not f.property.startswith("_:") else None,
            ),
            (_sh("value"), value),
            (_sh("resultMessage"), ox.Literal(f.message, language="en")),
            (_sh("resultSeverity"), _sh(_SH_SEVERITY[f.severity])),
            (_sh("sourceConstraintComponent"), component),
            (_sh("sourceShape"), ox.NamedNode(f.shape) if f.shape and not f.shape.startswith("_:") else None),
            (_cgv("check"), ox.Literal(f.check.value)),
            (_cgv("file"), ox.Literal(f.file) if f.file else None),
            (_cgv("line"), _integer(f.line) if f.line is not None else None),
            (_cgv("column"), _integer(f.column) if f.column is not None else None),
        ]
        out.append(ox.Triple(root, _sh("result"), node))
        out.extend(ox.Triple(node, p, o) for p, o in statements if o is not None)
    return out


def to_shacl_turtle(report: Report) -> str:
    return to_turtle(to_triples(report), _REPORT_PREFIXES)


def render(report: Report, fmt: str) -> str:
    """The report in one of FORMATS."""
    if fmt == "text":
        return to_text(report)
    if fmt == "json":
        return to_json(report)
    if fmt == "turtle":
        return to_shacl_turtle(report)
    if fmt == "github":
        return to_github(report)
    raise ValueError(f"unknown format {fmt!r}")

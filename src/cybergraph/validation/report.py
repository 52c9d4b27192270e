"""A validation report as text for a person, JSON for a program, SHACL Turtle, or GitHub annotations.

The SHACL form is the standard `sh:ValidationReport`, as the SHACL specification defines it, so that any
SHACL tool reads it: `sh:conforms` is false whenever there is a result, of any severity (the exit code keeps
the project's rule: warnings alone exit 0 unless --strict; `cgv:exitCode` states it). Every result has
its focus node, severity, message, `sh:sourceConstraintComponent` and `sh:sourceShape`, and its
`sh:resultPath` in SHACL's own form (`sh:alternativePath ( … )` for a complex path).

The checks that are not SHACL shapes are results too, named in the `cgv:` report vocabulary
(https://w3id.org/cybergraph/validation#): their source shape is the check and their component what it
checks, `cgv:SyntaxCheck` / `cgv:SyntaxComponent`, `cgv:SchemaChangeCheck` / `cgv:SchemaChangeComponent`,
`cgv:UnknownTermCheck`, `cgv:DanglingReferenceCheck`, `cgv:DuplicateCheck`, `cgv:ConsistencyCheck` (each
with its `…Component`). A `shapes/*-violation.rq` query is the source shape of its results (its file
IRI, with `cgv:ViolationQueryComponent`). A property shape written as a blank node in the shapes file has
no name: its source shape is a blank node that restates its `sh:path` and the named shape that holds it
(`cgsh:XShape sh:property _:shape`). Every result also carries the file, line and column (`cgv:file`,
`cgv:line`, `cgv:column`) and the check that found it (`cgv:check`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from cybergraph.rdf import terms
from cybergraph.rdf.terms import PREFIXES, RDF_TYPE, SH, XSD, Term, datatype_of, from_ntriples
from cybergraph.rdf.turtle import to_turtle
from cybergraph.validation import paths
from cybergraph.validation.findings import Check, Finding, Report, Severity

FORMATS = ("text", "json", "turtle", "github")
CGV = "https://w3id.org/cybergraph/validation#"
_COMPONENTS = {
    Check.SYNTAX: "SyntaxComponent",
    Check.REMOVAL: "RemovalComponent",
    Check.SCHEMA: "SchemaChangeComponent",
    Check.UNKNOWN_TERM: "UnknownTermComponent",
    Check.DANGLING: "DanglingReferenceComponent",
    Check.DUPLICATE: "DuplicateComponent",
    Check.CONSISTENCY: "ConsistencyComponent",
}
# The source shape of a finding no SHACL shape made: the check itself, a shape of the report vocabulary.
_CHECK_SHAPES = {
    Check.SYNTAX: "SyntaxCheck",
    Check.REMOVAL: "RemovalCheck",
    Check.SCHEMA: "SchemaChangeCheck",
    Check.UNKNOWN_TERM: "UnknownTermCheck",
    Check.DANGLING: "DanglingReferenceCheck",
    Check.DUPLICATE: "DuplicateCheck",
    Check.CONSISTENCY: "ConsistencyCheck",
}
_SH_SEVERITY = {Severity.VIOLATION: "Violation", Severity.WARNING: "Warning", Severity.INFO: "Info"}
_WORD = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "info"}
_GITHUB = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_REPORT_PREFIXES = {**PREFIXES, "cgv": CGV}


def short(iri: str) -> str:
    """An entity, property or component as the report names it: a prefixed name where one fits."""
    if iri.startswith("_:"):  # a blank node
        return iri
    if paths.is_complex(iri):  # a SPARQL property path: each IRI in it shortened
        return paths.shorten(iri, lambda inner: terms.short(inner, _REPORT_PREFIXES))
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
    lines += [f"note: {note}" for note in report.notes]
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
        "notes": report.notes,
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
    lines += [f"::notice title=cybergraph::{_escape_github(note)}" for note in report.notes]
    lines.append(summary(report).splitlines()[0])
    return "\n".join(lines) + "\n"


def _sh(name: str) -> ox.NamedNode:
    return ox.NamedNode(SH + name)


def _cgv(name: str) -> ox.NamedNode:
    return ox.NamedNode(CGV + name)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


class _Blanks:
    """Blank nodes numbered in the order the report needs them (the writer names them from content)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.count = 0

    def __call__(self) -> ox.BlankNode:
        self.count += 1
        return ox.BlankNode(f"{self.prefix}{self.count:05d}")


def _path(property: str | None, blanks: _Blanks) -> tuple[Term | None, list[ox.Triple]]:
    """A finding's property as a SHACL path: an IRI, or the RDF form of a complex path."""
    if not property or property.startswith("_:"):
        return None, []
    if paths.is_complex(property):
        return paths.to_rdf(paths.parse(property), blanks)
    return ox.NamedNode(property), []


def to_triples(report: Report) -> list[ox.Triple]:
    """The report as the triples of a SHACL validation report."""
    # An IRI, not a blank node: the canonical Turtle writer inlines only blank nodes that are objects.
    root = _cgv("report")
    conforms = ox.Literal("false" if report.findings else "true", datatype=ox.NamedNode(XSD + "boolean"))
    out = [
        ox.Triple(root, RDF_TYPE, _sh("ValidationReport")),
        ox.Triple(root, _sh("conforms"), conforms),
        ox.Triple(root, _cgv("exitCode"), _integer(report.exit_code())),
        *(ox.Triple(root, _cgv("note"), ox.Literal(note, language="en")) for note in report.notes),
    ]
    blanks = _Blanks("path")
    # One blank node per unnamed property shape: (the shape that holds it, its path, the component).
    unnamed: dict[tuple[str, str | None, str | None], ox.BlankNode] = {}
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
        path, path_triples = _path(f.property, blanks)
        shape: ox.NamedNode | ox.BlankNode
        if f.shape and not f.shape.startswith("_:"):
            shape = ox.NamedNode(f.shape)
        elif f.check in _CHECK_SHAPES:
            shape = _cgv(_CHECK_SHAPES[f.check])
        else:
            key = (f.parent_shape or "", f.property, f.component)
            if key not in unnamed:
                unnamed[key] = shape = ox.BlankNode(f"shape{len(unnamed):05d}")
                if f.parent_shape:
                    out.append(ox.Triple(ox.NamedNode(f.parent_shape), _sh("property"), shape))
                shape_path, shape_path_triples = _path(f.property, blanks)
                if shape_path is not None:
                    out.append(ox.Triple(shape, _sh("path"), shape_path))
                    out.extend(shape_path_triples)
            shape = unnamed[key]
        statements: list[tuple[ox.NamedNode, Term | None]] = [
            (RDF_TYPE, _sh("ValidationResult")),
            (_sh("focusNode"), focus),
            (_sh("resultPath"), path),
            (_sh("value"), value),
            (_sh("resultMessage"), ox.Literal(f.message, language="en")),
            (_sh("resultSeverity"), _sh(_SH_SEVERITY[f.severity])),
            (_sh("sourceConstraintComponent"), component),
            (_sh("sourceShape"), shape),
            (_cgv("check"), ox.Literal(f.check.value)),
            (_cgv("file"), ox.Literal(f.file) if f.file else None),
            (_cgv("line"), _integer(f.line) if f.line is not None else None),
            (_cgv("column"), _integer(f.column) if f.column is not None else None),
        ]
        out.append(ox.Triple(root, _sh("result"), node))
        out.extend(ox.Triple(node, p, o) for p, o in statements if o is not None)
        out.extend(path_triples)
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

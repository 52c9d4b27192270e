"""The report formats: text for a person, JSON, the standard SHACL report in Turtle, GitHub annotations."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from cybergraph.rdf.terms import RDF_TYPE, SH
from cybergraph.validation.findings import Check, Finding, Report, Severity
from cybergraph.validation.pipeline import validate
from cybergraph.validation.report import CGV, render

FIXTURE = Path(__file__).parent / "data"
CG = "https://w3id.org/cybergraph/def#"
CGID = "https://w3id.org/cybergraph/id/"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def read(text: str) -> ox.Store:
    store = ox.Store()
    store.load(text.encode(), ox.RdfFormat.TURTLE)
    return store


def value(store: ox.Store, s: object, p: str) -> object:
    """The one object of (s, p), or None."""
    found = [q.object for q in store.quads_for_pattern(s, ox.NamedNode(p), None, None)]  # type: ignore[arg-type]
    assert len(found) <= 1
    return found[0] if found else None


def results(store: ox.Store) -> list[object]:
    (report,) = [
        q.subject for q in store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(SH + "ValidationReport"))
    ]
    return [q.object for q in store.quads_for_pattern(report, ox.NamedNode(SH + "result"), None)]


def sample() -> Report:
    report = Report(files=["contribution.ttl"], checks_run=list(Check), focus_nodes=2)
    report.findings = [
        Finding(
            Check.SYNTAX,
            Severity.VIOLATION,
            "Turtle syntax error: objectList expected",
            file="contribution.ttl",
            line=3,
            column=19,
        ),
        Finding(
            Check.SHAPES,
            Severity.VIOLATION,
            "the adoption date must be a date such as 2002-12-20",
            file="contribution.ttl",
            line=8,
            entity=CGID + "res-x",
            property=CG + "adoptionDate",
            value='"20 Dec 2002"',
            component="http://www.w3.org/ns/shacl#OrConstraintComponent",
        ),
        Finding(
            Check.DUPLICATE,
            Severity.WARNING,
            'likely the same as cgid:itu: "ITU, again"',
            file="contribution.ttl",
            line=8,
            entity=CGID + "res-x",
            property="http://www.w3.org/2004/02/skos/core#altLabel",
            value='"ITU, again"@en',
        ),
    ]
    return report


def test_text_groups_findings_by_file_and_entity_with_a_summary() -> None:
    assert render(sample(), "text") == (
        "contribution.ttl\n"
        "  contribution.ttl:3:19: error: Turtle syntax error: objectList expected [syntax]\n"
        "  contribution.ttl:8: cgid:res-x\n"
        '    error: cg:adoptionDate "20 Dec 2002": the adoption date must be a date such as 2002-12-20'
        " [shapes: sh:OrConstraintComponent]\n"
        '    warning: skos:altLabel "ITU, again"@en: likely the same as cgid:itu: "ITU, again" [duplicate]\n'
        "\n"
        "2 errors, 1 warning; 1 file validated against the graph: unusable input: fix the syntax errors,"
        " then validate again\n"
    )


def test_github_format_annotates_the_lines() -> None:
    assert render(sample(), "github").splitlines() == [
        "::error file=contribution.ttl,line=3,col=19,title=cybergraph syntax::"
        "Turtle syntax error: objectList expected [syntax]",
        "::error file=contribution.ttl,line=8,title=cybergraph shapes::cgid:res-x cg:adoptionDate"
        ' "20 Dec 2002": the adoption date must be a date such as 2002-12-20'
        " [shapes: sh:OrConstraintComponent]",
        "::warning file=contribution.ttl,line=8,title=cybergraph duplicate::cgid:res-x skos:altLabel"
        ' "ITU, again"@en: likely the same as cgid:itu: "ITU, again" [duplicate]',
        "2 errors, 1 warning; 1 file validated against the graph: unusable input: fix the syntax errors,"
        " then validate again",
    ]


def test_json_has_every_field_of_every_finding() -> None:
    document = json.loads(render(sample(), "json"))
    assert document["conforms"] is False and document["exit_code"] == 2
    assert document["summary"] == {"violation": 2, "warning": 1, "info": 0}
    assert document["checks_run"][0] == "syntax" and document["stopped_after"] is None
    assert document["focus_nodes"] == 2
    assert document["findings"][1] == {
        "file": "contribution.ttl",
        "line": 8,
        "column": None,
        "entity": CGID + "res-x",
        "property": CG + "adoptionDate",
        "value": '"20 Dec 2002"',
        "message": "the adoption date must be a date such as 2002-12-20",
        "severity": "violation",
        "check": "shapes",
        "component": "http://www.w3.org/ns/shacl#OrConstraintComponent",
        "shape": None,
    }


def test_turtle_is_a_shacl_validation_report() -> None:
    store = read(render(sample(), "turtle"))
    (report,) = [
        q.subject for q in store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(SH + "ValidationReport"))
    ]
    assert value(store, report, SH + "conforms") == ox.Literal("false", datatype=ox.NamedNode(XSD_BOOLEAN))
    found = {
        (
            value(store, r, SH + "focusNode"),
            value(store, r, SH + "resultPath"),
            value(store, r, SH + "sourceConstraintComponent"),
        )
        for r in results(store)
    }
    assert found == {
        (
            ox.NamedNode(Path("contribution.ttl").resolve().as_uri()),
            None,
            ox.NamedNode(CGV + "SyntaxComponent"),
        ),
        (
            ox.NamedNode(CGID + "res-x"),
            ox.NamedNode(CG + "adoptionDate"),
            ox.NamedNode(SH + "OrConstraintComponent"),
        ),
        (
            ox.NamedNode(CGID + "res-x"),
            ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel"),
            ox.NamedNode(CGV + "DuplicateComponent"),
        ),
    }
    lines = sorted(int(value(store, r, CGV + "line").value) for r in results(store))  # type: ignore[attr-defined]
    assert lines == [3, 8, 8]


def test_turtle_output_is_byte_stable() -> None:
    assert render(sample(), "turtle") == render(sample(), "turtle")


def test_a_real_report_in_turtle_names_the_failing_value(tmp_path: Path) -> None:
    path = tmp_path / "test-report-s2.ttl"
    path.write_text(
        "@prefix cg: <https://w3id.org/cybergraph/def#> .\n"
        "@prefix cgid: <https://w3id.org/cybergraph/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        'cgid:r a cg:Resolution ; rdfs:label "A resolution"@en ; dcterms:description "One."@en ;\n'
        '    cg:adoptionDate "20 Dec 2002" .\n',
        encoding="utf-8",
    )
    report = validate([path], data=FIXTURE, timeout=None)
    store = read(render(report, "turtle"))
    violations = [
        r for r in results(store) if value(store, r, SH + "resultSeverity") == ox.NamedNode(SH + "Violation")
    ]
    found = [(value(store, r, SH + "focusNode"), value(store, r, SH + "value")) for r in violations]
    assert found == [(ox.NamedNode(CGID + "r"), ox.Literal("20 Dec 2002"))]

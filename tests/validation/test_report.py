"""The report formats: text for a person, JSON, the standard SHACL report in Turtle, GitHub annotations."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pyoxigraph as ox
from pyshacl.validator_conformance import compare_validation_reports
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.namespace import SH as RSH

from cybergraph.rdf.terms import RDF_TYPE, SH, XSD
from cybergraph.validation.findings import Check, Finding, Report, Severity
from cybergraph.validation.pipeline import validate
from cybergraph.validation.report import CGV, render

FIXTURE = Path(__file__).parent / "data"
CG = "https://w3id.org/cybergraph/def#"
CGID = "https://w3id.org/cybergraph/id/"
CGSH = "https://w3id.org/cybergraph/shapes#"
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
            parent_shape=CGSH + "adoptionDateValues",
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
        "parent_shape": CGSH + "adoptionDateValues",
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


# ----------------------------------------------------------------------------- the report as SHACL defines it

UNIT_PATH = f"(<{CG}subOrganizationOf>|<{CG}partOf>|^<{CG}hasSubOrganization>|^<{CG}hasPart>)"
UNIT_MESSAGE = "an organisational unit is part of a larger organisation: say which with cg:subOrganizationOf"


def warnings_only() -> Report:
    """A contribution with warnings and no error: the project accepts it, SHACL says it does not conform."""
    report = Report(files=["unit.ttl"], checks_run=list(Check), focus_nodes=1)
    report.findings = [
        Finding(
            Check.DUPLICATE,
            Severity.WARNING,
            'likely the same as cgid:itu: "ITU, again"',
            file="unit.ttl",
            line=3,
            entity=CGID + "unit",
            property="http://www.w3.org/2004/02/skos/core#altLabel",
            value='"ITU, again"@en',
        ),
        Finding(
            Check.SHAPES,
            Severity.WARNING,
            UNIT_MESSAGE,
            file="unit.ttl",
            line=3,
            entity=CGID + "unit",
            property=UNIT_PATH,
            component=SH + "MinCountConstraintComponent",
            parent_shape=CGSH + "OrganizationalUnitShape",
        ),
    ]
    return report


def boolean(value: bool) -> ox.Literal:
    return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD_BOOLEAN))


def test_turtle_conforms_is_false_with_any_result_even_when_the_exit_code_accepts_warnings() -> None:
    report = warnings_only()
    assert report.exit_code() == 0 and report.conforms()
    store = read(render(report, "turtle"))
    (root,) = [
        q.subject for q in store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(SH + "ValidationReport"))
    ]
    assert value(store, root, SH + "conforms") == boolean(False)
    assert value(store, root, CGV + "exitCode") == ox.Literal("0", datatype=ox.NamedNode(XSD + "integer"))
    assert report.exit_code(strict=True) == 1


def test_turtle_conforms_is_true_only_without_any_result() -> None:
    store = read(render(Report(files=["ok.ttl"], checks_run=list(Check)), "turtle"))
    (root,) = [
        q.subject for q in store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(SH + "ValidationReport"))
    ]
    assert value(store, root, SH + "conforms") == boolean(True)
    assert results(store) == []


def test_every_result_has_its_source_shape() -> None:
    """A shape's IRI, the check's shape in the report vocabulary, or a blank node that restates an unnamed
    property shape: its path and the named shape that holds it."""
    store = read(render(sample(), "turtle"))
    shapes = {}
    for r in results(store):
        found = [q.object for q in store.quads_for_pattern(r, ox.NamedNode(SH + "sourceShape"), None)]  # type: ignore[arg-type]
        assert len(found) == 1
        shapes[value(store, r, CGV + "check").value] = found[0]  # type: ignore[attr-defined]
    assert shapes["syntax"] == ox.NamedNode(CGV + "SyntaxCheck")
    assert shapes["duplicate"] == ox.NamedNode(CGV + "DuplicateCheck")
    unnamed = shapes["shapes"]
    assert isinstance(unnamed, ox.BlankNode)
    assert value(store, unnamed, SH + "path") == ox.NamedNode(CG + "adoptionDate")
    parents = [q.subject for q in store.quads_for_pattern(None, ox.NamedNode(SH + "property"), unnamed)]
    assert parents == [ox.NamedNode(CGSH + "adoptionDateValues")]


def test_every_check_has_a_shape_of_the_report_vocabulary() -> None:
    for check in Check:
        if check is Check.SHAPES:
            continue
        report = Report(files=["x.ttl"], checks_run=list(Check))
        report.findings = [Finding(check, Severity.VIOLATION, "wrong", file="x.ttl", line=1)]
        store = read(render(report, "turtle"))
        (r,) = results(store)
        shape = value(store, r, SH + "sourceShape")
        component = value(store, r, SH + "sourceConstraintComponent")
        assert (
            isinstance(shape, ox.NamedNode) and shape.value.startswith(CGV) and shape.value.endswith("Check")
        )
        assert isinstance(component, ox.NamedNode) and component.value.startswith(CGV)
        assert shape.value[: -len("Check")] == component.value[: -len("Component")]


def test_a_complex_result_path_is_written_as_a_shacl_path() -> None:
    turtle = render(warnings_only(), "turtle")
    assert (
        "sh:resultPath [\n"
        "            sh:alternativePath ( cg:subOrganizationOf cg:partOf [\n"
        "                sh:inversePath cg:hasSubOrganization\n"
        "            ] [\n"
        "                sh:inversePath cg:hasPart\n"
        "            ] )\n"
        "        ] ;\n"
    ) in turtle
    assert "(cg:subOrganizationOf|cg:partOf|^cg:hasSubOrganization|^cg:hasPart)" in render(
        warnings_only(), "text"
    )


EXPECTED_UNIT_REPORT = f"""
@prefix cg: <{CG}> .
@prefix cgid: <{CGID}> .
@prefix cgv: <{CGV}> .
@prefix sh: <{SH}> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

[] a sh:ValidationReport ;
    sh:conforms false ;
    cgv:exitCode 0 ;
    sh:result [
        a sh:ValidationResult ;
        sh:focusNode cgid:unit ;
        sh:resultPath skos:altLabel ;
        sh:value "ITU, again"@en ;
        sh:resultSeverity sh:Warning ;
        sh:sourceConstraintComponent cgv:DuplicateComponent ;
        sh:sourceShape cgv:DuplicateCheck ;
        cgv:check "duplicate" ; cgv:file "unit.ttl" ; cgv:line 3
    ], [
        a sh:ValidationResult ;
        sh:focusNode cgid:unit ;
        sh:resultPath [ sh:alternativePath ( cg:subOrganizationOf cg:partOf
            [ sh:inversePath cg:hasSubOrganization ] [ sh:inversePath cg:hasPart ] ) ] ;
        sh:resultSeverity sh:Warning ;
        sh:sourceConstraintComponent sh:MinCountConstraintComponent ;
        sh:sourceShape [ sh:path [ sh:alternativePath ( cg:subOrganizationOf cg:partOf
            [ sh:inversePath cg:hasSubOrganization ] [ sh:inversePath cg:hasPart ] ) ] ] ;
        cgv:check "shapes" ; cgv:file "unit.ttl" ; cgv:line 3
    ] .
"""


def as_test_suite_report(turtle: str) -> tuple[Graph, BNode]:
    """The report as pySHACL's comparison takes it: the report node a blank node, as in the W3C test suite
    (ours is an IRI, cgv:report, so that the canonical writer can inline the results), and no sh:path on
    the blank source shapes: the comparison gives up past ten levels of blank nodes, and a complex path
    under a source shape under a result under the report is deeper (the result path itself is compared)."""
    graph = Graph().parse(data=turtle, format="turtle")
    root = BNode()
    for p, o in list(graph.predicate_objects(URIRef(CGV + "report"))):
        graph.remove((URIRef(CGV + "report"), p, o))
        graph.add((root, p, o))
    return strip_source_shape_paths(graph), root


def strip_source_shape_paths(graph: Graph) -> Graph:
    for shape in set(graph.objects(None, RSH.sourceShape)):
        if isinstance(shape, BNode):
            graph.remove((shape, RSH.path, None))
    graph.remove((None, RSH.property, None))
    return graph


def test_pyshacl_reads_the_report_as_the_expected_shacl_report() -> None:
    """pySHACL's comparison of reports (the one it runs the W3C SHACL test suite with) finds the Turtle
    report equal to the report the specification asks for: conforms false with warnings alone, each
    result with its focus node, value, severity, component, source shape, and its path as a SHACL path."""
    expected = strip_source_shape_paths(Graph().parse(data=EXPECTED_UNIT_REPORT, format="turtle"))
    (expected_root,) = expected.subjects(RDF.type, RSH.ValidationReport)
    log = logging.getLogger(__name__)
    actual, _ = as_test_suite_report(render(warnings_only(), "turtle"))
    assert compare_validation_reports(actual, expected, expected_root, log)
    # The comparison tells reports apart: the same results said to conform are another report.
    expected.set((expected_root, RSH.conforms, Literal(True)))
    actual, _ = as_test_suite_report(render(warnings_only(), "turtle"))
    assert not compare_validation_reports(actual, expected, expected_root, log)


def test_a_real_warning_only_report_names_its_shape_and_path(tmp_path: Path) -> None:
    path = tmp_path / "test-report-s2.ttl"
    path.write_text(
        "@prefix cg: <https://w3id.org/cybergraph/def#> .\n"
        "@prefix cgid: <https://w3id.org/cybergraph/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        'cgid:lone-unit a cg:OrganizationalUnit ; rdfs:label "A lone unit"@en ;\n'
        '    dcterms:description "A unit of nothing."@en .\n',
        encoding="utf-8",
    )
    report = validate([path], data=FIXTURE, timeout=None)
    assert report.exit_code() == 0
    assert [(f.entity, f.property, f.component, f.shape, f.parent_shape) for f in report.findings] == [
        (
            CGID + "lone-unit",
            UNIT_PATH,
            SH + "MinCountConstraintComponent",
            None,
            CGSH + "OrganizationalUnitShape",
        )
    ]
    store = read(render(report, "turtle"))
    (r,) = results(store)
    shape = value(store, r, SH + "sourceShape")
    assert isinstance(shape, ox.BlankNode)
    parents = [q.subject for q in store.quads_for_pattern(None, ox.NamedNode(SH + "property"), shape)]
    assert parents == [ox.NamedNode(CGSH + "OrganizationalUnitShape")]

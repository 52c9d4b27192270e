"""A type that contradicts an existing one is an inconsistency, reported at both statements.

Regression for issue 10: `cgid:apec a cg:State .` (APEC is a regional organisation) and
`cgid:un-general-assembly a cg:Exercise .` (an organ, not an event) validated with warnings only. The
ontology now declares the classes nothing can belong to at once disjoint, and the consistency check finds
a node of two of them from the types the built graph holds and those the contribution gives: the finding
is placed at the contributed statement and names the file and line of the other one.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cybergraph.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "validation" / "data"
HEADER = (
    "@prefix cg: <https://w3id.org/cybergraph/def#> .\n"
    "@prefix cgid: <https://w3id.org/cybergraph/id/> .\n"
    "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "\n"
)
ADVICE = "remove the wrong statement, or give one of the two things an IRI of its own [consistency]"
STOPPED = (
    "1 error, 0 warnings; 1 file validated against the graph: does not conform\n"
    "stopped after the consistency check; not run: shapes\n"
)


def contribute(tmp_path: Path, body: str, name: str = "contribution.ttl") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the project folder, as a contributor does: data files are shown as data/facts/…"""
    monkeypatch.chdir(ROOT)


@pytest.mark.usefixtures("at_root")
def test_an_organisation_declared_a_state_is_refused_at_both_statements(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = contribute(tmp_path, "cgid:apec a cg:State .\n")
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out == (
        f"{path}\n"
        f"  {path}:6: cgid:apec\n"
        "    error: rdf:type cg:State: cgid:apec is a cg:State here and a cg:RegionalOrganization in"
        " data/facts/ewi-2012-para-apec.ttl:9 (and 2 other places), but nothing can be both a cg:State and"
        f" a cg:Organization (the ontology declares them disjoint): {ADVICE}\n"
        "\n" + STOPPED
    )


@pytest.mark.usefixtures("at_root")
def test_an_organ_declared_an_exercise_is_refused_at_both_statements(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = contribute(tmp_path, "cgid:un-general-assembly a cg:Exercise .\n")
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out == (
        f"{path}\n"
        f"  {path}:6: cgid:un-general-assembly\n"
        "    error: rdf:type cg:Exercise: cgid:un-general-assembly is a cg:Exercise here and a cg:UNOrgan in"
        " data/facts/itu-gsr-ch5-sec-5-3-2.ttl:131 (and 4 other places), but nothing can be both a"
        f" cg:Event and a cg:Agent (the ontology declares them disjoint): {ADVICE}\n"
        "\n" + STOPPED
    )


@pytest.mark.usefixtures("at_root")
def test_the_json_report_places_the_finding_at_the_contribution_and_names_the_data_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = contribute(tmp_path, "cgid:apec a cg:State .\n")
    assert main(["validate", "--format", "json", str(path)]) == 1
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert (finding["file"], finding["line"], finding["check"], finding["severity"]) == (
        str(path),
        6,
        "consistency",
        "violation",
    )
    assert (finding["entity"], finding["property"], finding["value"]) == (
        "https://w3id.org/cybergraph/id/apec",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "<https://w3id.org/cybergraph/def#State>",
    )
    assert "a cg:RegionalOrganization in data/facts/ewi-2012-para-apec.ttl:9" in finding["message"]


@pytest.mark.usefixtures("at_root")
def test_types_given_by_a_domain_or_a_range_contradict_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = (
        "cgid:a-res-57-239 cg:organizedBy cgid:itu .\n"
        "\n"
        "cgid:a-res-57-239 cg:adoptedBy cgid:topic-global-culture-of-cybersecurity .\n"
    )
    path = contribute(tmp_path, body)
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out == (
        f"{path}\n"
        f"  {path}:6: cgid:a-res-57-239\n"
        "    error: cg:organizedBy cgid:itu: cgid:a-res-57-239 is the subject of cg:organizedBy (so a"
        " cg:Event) here and a cg:Resolution in data/facts/itu-gsr-ch5-sec-5-3-3-3.ttl:42 (and 1 other"
        " place), but nothing can be both a cg:Event and a cg:Document (the ontology declares them"
        f" disjoint): {ADVICE}\n"
        f"  {path}:8: cgid:topic-global-culture-of-cybersecurity\n"
        "    error: cgid:topic-global-culture-of-cybersecurity is the object of cg:adoptedBy (so a cg:Agent)"
        " here and a cg:Topic in data/facts/itu-gsr-ch5-sec-5-3-3-3.ttl:258 (and 2 other places), but"
        " nothing can be both a cg:Agent and a cg:Concept (the ontology declares them disjoint):"
        f" {ADVICE}\n"
        "\n"
        "2 errors, 0 warnings; 1 file validated against the graph: does not conform\n"
        "stopped after the consistency check; not run: shapes\n"
    )


@pytest.mark.usefixtures("at_root")
def test_two_disjoint_types_in_the_contribution_alone_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = 'cgid:new-body a cg:State,\n        cg:NonGovernmentalOrganization ;\n    rdfs:label "New"@en .\n'
    path = contribute(tmp_path, body)
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out == (
        f"{path}\n"
        f"  {path}:7: cgid:new-body\n"
        "    error: rdf:type cg:NonGovernmentalOrganization: cgid:new-body is a"
        f" cg:NonGovernmentalOrganization here and a cg:State in {path}:6, but nothing can be both a"
        f" cg:Organization and a cg:State (the ontology declares them disjoint): {ADVICE}\n"
        "\n" + STOPPED
    )


# Entities of the data that are legitimately of two kinds, and new ones like them: each conforms.
LEGITIMATE = {
    "an organisation of two overlapping kinds, restated": (
        "cgid:interpol a cg:IntergovernmentalOrganization, cg:LawEnforcementBody .\n"
    ),
    "a state also described as a place": "cgid:germany a cg:Place .\n",
    "a partnership that is also an initiative": "cgid:impact a cg:Initiative .\n",
    "a declaration that is also a plan of action": (
        "cgid:example-plan-of-action a cg:ActionPlan, cg:Declaration ;\n"
        '    rdfs:label "Example Declaration and Plan of Action"@en ;\n'
        '    dcterms:description "A declaration that is also a plan of action, as the Vienna one is."@en .\n'
    ),
}


@pytest.mark.usefixtures("at_root")
@pytest.mark.parametrize("body", LEGITIMATE.values(), ids=list(LEGITIMATE))
def test_an_entity_of_two_kinds_that_may_overlap_conforms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str
) -> None:
    # Named after a section, so that the new entity has a source and the shapes have nothing to say.
    path = contribute(tmp_path, body, name="ewi-2012-para-apec.ttl")
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out == "0 errors, 0 warnings; 1 file validated against the graph: conforms\n"


def test_the_whole_graph_reports_a_contradiction_planted_in_a_data_file_with_both_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "facts" / "test-report-s2.ttl").write_text(
        HEADER + 'cgid:itu a cg:Meeting ;\n    rdfs:label "International Telecommunication Union"@en .\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["--data", "data", "validate"]) == 1
    assert capsys.readouterr().out == (
        "data/facts/test-report-s1.ttl\n"
        "  data/facts/test-report-s1.ttl:19: cgid:itu\n"
        "    error: rdf:type cg:UNAgency: cgid:itu is a cg:UNAgency here and a cg:Meeting in"
        " data/facts/test-report-s2.ttl:6, but nothing can be both a cg:Agent and a cg:Event (the ontology"
        f" declares them disjoint): {ADVICE}\n"
        "\n"
        "1 error, 0 warnings; the whole graph validated: does not conform\n"
        "stopped after the consistency check; not run: shapes\n"
        # A folder outside git: the removal check says it could not compare, and finds nothing.
        "note: not compared with HEAD, so the facts a change removes are not shown: data/ is not in a git"
        " checkout\n"
    )

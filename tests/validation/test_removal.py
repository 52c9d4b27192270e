"""The removal check: what a contribution no longer states, compared with a git revision of its files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cybergraph.core.errors import UsageError
from cybergraph.validation.findings import Check, Severity
from cybergraph.validation.pipeline import validate
from cybergraph.validation.report import render
from tests.git_checkout import FIXTURE, checkout_of, commit

FACTS = "data/facts/test-report-s1.ttl"
SECOND = (
    "@prefix cgid: <https://w3id.org/cybergraph/id/> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    'cgid:itu skos:altLabel "The ITU"@en .\n'
)


@pytest.fixture
def clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The validation fixture's data, committed; the commands run in the checkout."""
    data = checkout_of(FIXTURE, tmp_path / "clone")
    monkeypatch.chdir(tmp_path / "clone")
    return data


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_each_fact_a_file_no_longer_states_is_a_warning_at_its_entity(clone: Path) -> None:
    facts = clone / "facts" / "test-report-s1.ttl"
    _edit(facts, '    skos:altLabel "ITU"@en ;\n', "")  # line 21 of the committed file
    _edit(
        facts,
        '"The intergovernmental organisation of 193 member states."@en',
        '"The organisation of states."@en',
    )
    report = validate([FACTS], data="data", base="HEAD")
    assert render(report, "text") == (
        f"{FACTS}\n"
        f"  {FACTS}:9: cgid:united-nations\n"
        '    warning: dcterms:description "The intergovernmental organisation of 193 member states."@en:'
        ' replaced by "The organisation of states."@en (HEAD:data/facts/test-report-s1.ttl:12) [removal]\n'
        f"  {FACTS}:19: cgid:itu\n"
        '    warning: skos:altLabel "ITU"@en: no longer stated (HEAD:data/facts/test-report-s1.ttl:21)'
        " [removal]\n"
        "\n"
        "0 errors, 2 warnings; 1 file validated against the graph: conforms (warnings allowed; --strict to"
        " refuse them)\n"
        "note: 2 facts that HEAD states are no longer stated: restore them, unless their source does not"
        " state them (--fail-on-removal makes removals errors)\n"
    )
    assert report.exit_code() == 0
    failing = validate([FACTS], data="data", base="HEAD", fail_on_removal=True)
    assert [(f.check, f.severity) for f in failing.findings] == [(Check.REMOVAL, Severity.VIOLATION)] * 2
    assert failing.exit_code() == 1 and failing.stopped_after is Check.REMOVAL
    assert failing.notes == [
        "2 facts that HEAD states are no longer stated: restore them, unless their source does not state them"
    ]


def test_a_new_file_or_one_outside_the_checkout_removes_nothing(clone: Path, tmp_path: Path) -> None:
    (clone / "facts" / "test-report-s2.ttl").write_text(
        SECOND,
        encoding="utf-8",
    )
    loose = tmp_path / "loose.ttl"
    loose.write_text((clone / "facts" / "test-report-s1.ttl").read_text(encoding="utf-8")[:400])
    report = validate(["data/facts/test-report-s2.ttl", loose], data="data", base="HEAD")
    assert [f for f in report.findings if f.check is Check.REMOVAL] == [] and report.notes == []


def test_a_revision_that_names_no_commit_is_a_usage_error(clone: Path) -> None:
    with pytest.raises(UsageError, match=r"no revision 'v9\.9'"):
        validate([FACTS], data="data", base="v9.9")


def test_outside_git_the_report_says_it_could_not_compare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    report = validate(data=FIXTURE, base="HEAD")  # the fixture is in the project's checkout: it compares
    assert report.notes == []
    data = tmp_path / "data"
    data.mkdir()
    (data / "sources.ttl").write_bytes((FIXTURE / "sources.ttl").read_bytes())
    report = validate([data / "sources.ttl"], data=data, base="HEAD")
    assert report.notes == [
        "not compared with HEAD, so the facts a change removes are not shown: data/ is not in a git checkout"
    ]
    document = json.loads(render(report, "json"))
    assert document["notes"] == report.notes and document["exit_code"] == 0
    assert (
        '    cgv:note "not compared with HEAD, so the facts a change removes are not shown: data/ is not in'
        ' a git checkout"@en ;'
    ) in render(report, "turtle").splitlines()
    assert render(report, "github").splitlines()[0] == (
        "::notice title=cybergraph::not compared with HEAD, so the facts a change removes are not shown:"
        " data/ is not in a git checkout"
    )


def test_the_whole_graph_reports_a_data_file_deleted_since_the_revision(clone: Path) -> None:
    (clone / "facts" / "test-report-s2.ttl").write_text(
        SECOND,
        encoding="utf-8",
    )
    commit(clone.parent, "a second section")
    (clone / "facts" / "test-report-s2.ttl").unlink()
    report = validate(data="data", base="HEAD")
    removed = [
        (f.file, f.line, f.entity, f.value, f.message) for f in report.findings if f.check is Check.REMOVAL
    ]
    assert removed == [
        (
            "data/facts/test-report-s2.ttl",
            None,
            "https://w3id.org/cybergraph/id/itu",
            '"The ITU"@en',
            "no longer stated (HEAD:data/facts/test-report-s2.ttl:3)",
        )
    ]
    # Nothing is compared unless asked: the library's default.
    assert [f for f in validate(data="data").findings if f.check is Check.REMOVAL] == []

"""No finding or error names a line or a column below 1, in any report format."""

from __future__ import annotations

import json

from cybergraph.core.errors import InputError
from cybergraph.core.positions import Position
from cybergraph.rdf.read import problem_of
from cybergraph.validation.findings import Check, Finding, Report, Severity
from cybergraph.validation.report import render


def _report(*findings: Finding) -> Report:
    return Report(findings=list(findings), files=["a.ttl"], checks_run=[Check.SYNTAX])


def test_a_finding_before_the_start_of_the_text_is_shown_at_its_start() -> None:
    finding = Finding(Check.SYNTAX, Severity.VIOLATION, "odd", file="a.ttl", line=0, column=-3)
    assert (finding.line, finding.column) == (1, 1)
    moved = Finding(Check.UNKNOWN_TERM, Severity.VIOLATION, "odd", entity="urn:x").located("a.ttl", -1)
    assert moved.line == 1
    report = _report(finding)
    assert "  a.ttl:1:1: error: odd [syntax]" in render(report, "text").splitlines()
    assert [(f["line"], f["column"]) for f in json.loads(render(report, "json"))["findings"]] == [(1, 1)]
    assert render(report, "github").startswith("::error file=a.ttl,line=1,col=1,title=cybergraph syntax::odd")
    assert "cgv:column 1" in render(report, "turtle")


def test_an_error_before_the_start_of_the_text_is_shown_at_its_start() -> None:
    error = InputError("odd", position=Position("a.ttl", 0, 0))
    assert error.render() == "a.ttl:1:1: error: odd"


def test_a_parser_offset_below_1_gives_no_column() -> None:
    exc = SyntaxError("Parser error at line 1 column 0: odd")
    exc.lineno, exc.offset = 1, -2
    problem = problem_of(exc)
    assert (problem.line, problem.column, problem.message) == (1, None, "odd")

"""`cybergraph validate`: exit codes, the four formats, and one-line errors for input that is not Turtle."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from cybergraph.cli import main

FIXTURE = str(Path(__file__).resolve().parent.parent / "validation" / "data")
HEADER = (
    "@prefix cg: <https://w3id.org/cybergraph/def#> .\n"
    "@prefix cgid: <https://w3id.org/cybergraph/id/> .\n"
    "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)
GOOD = (
    HEADER + "cgid:a-res-58-199 a cg:Resolution ;\n"
    '    rdfs:label "UN General Assembly resolution 58/199"@en ;\n'
    '    dcterms:description "General Assembly resolution on critical information infrastructures."@en ;\n'
    "    cg:adoptedBy cgid:un-general-assembly ;\n"
    '    cg:adoptionDate "2003-12-23"^^xsd:date .\n'
)
BAD_DATE = GOOD.replace('"2003-12-23"^^xsd:date', '"20 Dec 2002"')


def validate(tmp_path: Path, text: str | bytes, *args: str, name: str = "test-report-s2.ttl") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "cybergraph", "--data", FIXTURE, "validate", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
    )


def test_a_good_contribution_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = validate(tmp_path, GOOD)
    assert main(["--data", FIXTURE, "validate", str(path)]) == 0
    assert capsys.readouterr().out == "0 errors, 0 warnings; 1 file validated against the graph: conforms\n"


def test_syntax_errors_exit_2_with_every_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    validate(
        tmp_path,
        HEADER
        + "cgid:z cg:memberOf foo:itu .\n"
        + 'cgid:x a cg:State ;\n    rdfs:label "X"@en\n    cg:memberOf cgid:itu .\n',
        name="broken.ttl",
    )
    assert main(["--data", FIXTURE, "validate", "broken.ttl"]) == 2
    assert capsys.readouterr().out.splitlines() == [
        "broken.ttl",
        "  broken.ttl:6:20: error: Turtle syntax error: The prefix foo: has not been declared [syntax]",
        "  broken.ttl:9:5: error: Turtle syntax error: A dot is expected at the end of statements [syntax]",
        "",
        "2 errors, 0 warnings; 1 file validated against the graph: unusable input: fix the syntax errors,"
        " then validate again",
        "stopped after the syntax check; not run: removal, schema-change, unknown-term, dangling-reference,"
        " duplicate, consistency, shapes",
    ]


@pytest.mark.parametrize("name", ["my file.ttl", "a{b}.ttl"])
def test_a_file_name_with_a_space_or_braces_is_validated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """It used to end in "internal error: ValueError: Invalid IRI code point ' '"."""
    monkeypatch.chdir(tmp_path)
    validate(tmp_path, BAD_DATE, name=name)
    assert main(["--data", FIXTURE, "validate", "--format", "json", name]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert {(f["file"], f["line"], f["property"], f["check"]) for f in findings} == {
        (name, 6, "https://w3id.org/cybergraph/def#adoptionDate", "shapes"),  # the date in words
        (name, 6, None, "shapes"),  # a file of no source
    }
    # The SHACL report names a file with a syntax error by its file: URI, percent-encoded.
    validate(tmp_path, HEADER + "cgid:z cg:memberOf cgid:itu, .\n", name=name)
    assert main(["--data", FIXTURE, "validate", "--format", "turtle", name]) == 2
    graph = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert set(graph.objects(None, SH.focusNode)) == {URIRef((tmp_path / name).resolve().as_uri())}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02binary", "the file is binary, not Turtle text"),
        (b"", "the file is empty: there is nothing to validate"),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x "y">]>\n<r/>',
            "the file is XML with a DOCTYPE or entity declarations, which is refused; send Turtle",
        ),
    ],
    ids=["binary", "empty", "doctype"],
)
def test_input_that_is_not_rdf_is_one_line_on_stderr_and_exit_2(
    tmp_path: Path, content: bytes, message: str
) -> None:
    validate(tmp_path, content, name="input.ttl")
    result = run("input.ttl", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode() == f"input.ttl: error: {message}\n"


def test_standard_input_is_read_with_a_dash(tmp_path: Path) -> None:
    result = run(
        "-", "--stdin-name", "test-report-s2.ttl", "--format", "json", stdin=BAD_DATE.encode(), cwd=tmp_path
    )
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert [(f["file"], f["line"], f["property"]) for f in findings] == [
        ("test-report-s2.ttl", 6, "https://w3id.org/cybergraph/def#adoptionDate")
    ]


def test_a_tiny_time_limit_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    body = "".join(f'cgid:s{i} a cg:State ; rdfs:label "State {i}"@en .\n' for i in range(20000))
    validate(tmp_path, HEADER + body)
    result = run("--timeout", "0.5", "test-report-s2.ttl", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode() == (
        "error: validation did not finish within 0.5 s and was stopped\n"
        "  hint: raise the limit with --timeout, or split the input into smaller files\n"
    )


def test_the_whole_fixture_graph_has_no_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", FIXTURE, "validate", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["summary"]["violation"] == 0
    assert document["checks_run"] == [
        "syntax",
        "removal",
        "schema-change",
        "unknown-term",
        "dangling-reference",
        "duplicate",
        "consistency",
        "shapes",
    ]


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--max-bytes", "0", "x.ttl"]) == 2
    assert main(["validate", "--timeout", "-1"]) == 2
    assert main(["validate", "--format", "xml"]) == 2
    assert main(["validate", "-", "-"]) == 2
    assert "standard input (-) can be read only once" in capsys.readouterr().err

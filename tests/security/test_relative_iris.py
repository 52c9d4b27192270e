"""No IRI of the graph depends on where it was built or validated.

Contributions and the project's own files are parsed without a base IRI: a relative IRI is an error
(it used to become a file: IRI of the folder validation ran in), and so are a `@base` or `BASE` directive
and a file: IRI in a contribution, each with its file, line and column and what to write instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from cybergraph.core.errors import InputError
from cybergraph.graph.build import build
from cybergraph.rdf.read import read_turtle
from cybergraph.validation.findings import Check
from cybergraph.validation.pipeline import validate

FIXTURE = Path(__file__).resolve().parent.parent / "validation" / "data"
HEADER = (
    "@prefix cg: <https://w3id.org/cybergraph/def#> .\n"
    "@prefix cgid: <https://w3id.org/cybergraph/id/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
)
HINT = "write the full IRI, such as https://w3id.org/cybergraph/id/..., or a prefixed name such as cgid:..."


def _findings(tmp_path: Path, text: str) -> list[tuple[int | None, int | None, str]]:
    path = tmp_path / "test-report-s2.ttl"
    path.write_text(text, encoding="utf-8")
    report = validate([path], data=FIXTURE, timeout=None)
    assert report.exit_code() == 2
    assert {f.check for f in report.findings} == {Check.SYNTAX}
    return [(f.line, f.column, f.message) for f in report.findings]


def test_a_relative_iri_is_an_error_not_a_path_of_the_folder(tmp_path: Path) -> None:
    text = HEADER + '<a> a cg:State ; rdfs:label "A"@en .\ncgid:b a cg:State ; rdfs:seeAlso <../b#x> .\n'
    assert _findings(tmp_path, text) == [
        (
            4,
            1,
            "relative IRI <a>: a contribution's IRIs must be absolute (it is read without a base IRI, so that"
            f" its IRIs do not depend on where it is validated); {HINT}",
        ),
        (
            5,
            34,
            "relative IRI <../b#x>: a contribution's IRIs must be absolute (it is read without a base IRI,"
            f" so that its IRIs do not depend on where it is validated); {HINT}",
        ),
    ]


def test_a_prefix_for_a_relative_namespace_is_an_error(tmp_path: Path) -> None:
    found = _findings(tmp_path, HEADER + "@prefix ex: <things/> .\n")
    assert found == [
        (
            4,
            13,
            "relative IRI <things/>: a contribution's IRIs must be absolute (it is read without a base IRI,"
            f" so that its IRIs do not depend on where it is validated); {HINT}",
        )
    ]


def test_base_directives_are_refused_wherever_they_are(tmp_path: Path) -> None:
    text = (
        HEADER
        + "@base <https://evil.example/> .\n"
        + '<a> a cg:State ; rdfs:label "A"@en .\n'
        + "# a comment\n"
        + "  base <https://w3id.org/cybergraph/id/>\n"
        + '<b> a cg:State ; rdfs:label "B"@en .\n'
    )
    assert _findings(tmp_path, text) == [
        (
            4,
            1,
            "@base <https://evil.example/>: a contribution may not set a base IRI (its IRIs would depend on"
            f" it); remove the directive and {HINT}",
        ),
        (
            7,
            3,
            "base <https://w3id.org/cybergraph/id/>: a contribution may not set a base IRI (its IRIs would"
            f" depend on it); remove the directive and {HINT}",
        ),
    ]


def test_file_iris_are_refused_written_in_full_or_through_a_prefix(tmp_path: Path) -> None:
    text = (
        HEADER
        + "@prefix home: <file:///home/me/> .\n"
        + 'cgid:x a cg:State ; rdfs:label "X"@en ;\n'
        + "    rdfs:seeAlso <FILE:///etc/passwd> .\n"
        + "home:y a cg:State .\n"
    )
    assert _findings(tmp_path, text) == [
        (
            6,
            18,
            f"file: IRI <FILE:///etc/passwd>: a path on a computer is not an identifier of the graph; {HINT}",
        ),
        (
            7,
            1,
            f"file: IRI <file:///home/me/y>: a path on a computer is not an identifier of the graph; {HINT}",
        ),
    ]


def test_the_text_report_names_file_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cybergraph.cli import main

    monkeypatch.chdir(tmp_path)
    Path("a.ttl").write_text(HEADER + '<a> a cg:State ; rdfs:label "A"@en .\n', encoding="utf-8")
    assert main(["--data", str(FIXTURE), "validate", "a.ttl"]) == 2
    assert capsys.readouterr().out.splitlines()[:2] == [
        "a.ttl",
        "  a.ttl:4:1: error: relative IRI <a>: a contribution's IRIs must be absolute (it is read without a"
        " base IRI, so that its IRIs do not depend on where it is validated);"
        f" {HINT} [syntax]",
    ]


def test_a_project_file_with_a_relative_iri_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.ttl"
    path.write_text(HEADER + "cgid:a rdfs:seeAlso <b> .\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_turtle(path)
    assert caught.value.message == (
        "a relative IRI: IRIs must be absolute (no base IRI is used, so that the graph's IRIs do not depend"
        " on the folder a file is read in)"
    )
    assert (caught.value.position.line, caught.value.position.column) == (4, 21)  # type: ignore[union-attr]
    assert caught.value.hint == HINT


def test_the_build_refuses_a_relative_iri_in_the_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    facts = next((data / "facts").glob("*.ttl"))
    facts.write_text(facts.read_text(encoding="utf-8") + "cgid:a rdfs:seeAlso <b> .\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build(data=data, force=True)
    assert caught.value.message.startswith("a relative IRI: IRIs must be absolute")


def test_the_graph_is_the_same_wherever_it_is_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stores = []
    for name in ("here", "there/deeper"):
        folder = tmp_path / name / "data"
        shutil.copytree(FIXTURE, folder)
        # A cache of its own for each place: each is really built, not reused from the other.
        monkeypatch.setenv("CYBERGRAPH_CACHE", str(tmp_path / "cache" / name))
        stores.append(sorted(str(q) for q in build(data=folder).store))
    assert stores[0] == stores[1]
    assert not any("file:" in quad for quad in stores[0])


def test_the_project_files_use_no_relative_iri_and_no_base() -> None:
    from cybergraph.core.resources import layout
    from cybergraph.graph.datafiles import data_files
    from cybergraph.rdf.read import parse_turtle

    where = layout()
    for path in [where.ontology_file, where.shapes_file, *(item.path for item in data_files(where))]:
        parsed = parse_turtle(path.read_bytes())
        assert (parsed.problems, parsed.bases) == ([], []), path
        assert not any(
            isinstance(term, ox.NamedNode) and term.value.startswith("file:")
            for t in parsed.triples
            for term in (t.subject, t.predicate, t.object)
        ), path

"""`cybergraph export`: defaults, notes about what triple formats drop, atomic output files, exit codes."""

from __future__ import annotations

import argparse
import itertools
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

import cybergraph.core.extsort
import cybergraph.core.files
import cybergraph.rdf.ntriples
from cybergraph.cli import main
from cybergraph.graph.build import BuiltGraph, build
from cybergraph.publishing.export import FORMATS, dropped_note, export
from cybergraph.rdf.jsonld import CONTEXT_URL


@pytest.fixture(scope="module")
def built_graph() -> BuiltGraph:
    return build()


def test_default_is_turtle_of_ontology_and_asserted_data_on_stdout(
    built_graph: BuiltGraph, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["export"]) == 0
    out, err = capsysbinary.readouterr()
    assert out == export(built_graph, format="turtle", selection="asserted", include={"ontology", "data"})
    assert err.decode() == (
        "note: Turtle has no named graphs: the source section of each fact is dropped (facts stated by"
        " several sections appear once); use --format trig, nquads or jsonld to keep it\n"
    )


@pytest.mark.parametrize("format", ["turtle", "nquads", "jsonld"])
def test_formats_to_a_file(
    format: str, tmp_path: Path, built_graph: BuiltGraph, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"graph.{FORMATS[format].extension}"
    assert main(["export", "--format", format, "--inferred", "-o", str(target)]) == 0
    assert target.read_bytes() == export(built_graph, format=format, selection="all")
    err = capsys.readouterr().err
    assert ("note: " in err) is (not FORMATS[format].keeps_graphs)
    assert f"wrote {target}: " in err


def test_only_triple_formats_note_what_they_drop() -> None:
    dropping = {name for name in FORMATS if dropped_note(name)}
    assert dropping == {"turtle", "ntriples", "rdfxml"}
    assert dropped_note("rdfxml") == (
        "note: RDF/XML has no named graphs: the source section of each fact is dropped (facts stated by"
        " several sections appear once); use --format trig, nquads or jsonld to keep it"
    )


def test_inferred_only_and_include(
    built_graph: BuiltGraph, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    # What the build computed comes whole with the inferred triples: the rules' closure in graph:inferred,
    # what the stored queries look up in graph:derived.
    for argv, graphs in (
        (
            ["--inferred-only"],
            ("<https://w3id.org/cybergraph/graph/inferred>", "<https://w3id.org/cybergraph/graph/derived>"),
        ),
        (["--include", "ontology"], ("<https://w3id.org/cybergraph/graph/ontology>",)),
    ):
        assert main(["export", "-f", "nquads", *argv]) == 0
        lines = capsysbinary.readouterr().out.decode().splitlines()
        named = {g: [line for line in lines if line.endswith(f" {g} .")] for g in graphs}
        assert all(named.values())
        # Every other line is a triple of theirs in the default graph: the export's default graph is the
        # union of the graphs it selects.
        triples = {line.replace(f" {g} .", " .") for g, found in named.items() for line in found}
        assert sorted(triples) == sorted(
            line for line in lines if not line.endswith(tuple(f" {g} ." for g in graphs))
        )


def test_jsonld_carries_its_context_inline_and_inline_context_is_a_no_op(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    assert main(["export", "-f", "jsonld", "--include", "ontology"]) == 0
    default = capsysbinary.readouterr().out
    document = json.loads(default)
    assert isinstance(document["@context"], dict) and document["@context"]["adoptedBy"]["@type"] == "@id"
    assert main(["export", "-f", "jsonld", "--include", "ontology", "--inline-context"]) == 0
    assert capsysbinary.readouterr().out == default


def test_jsonld_remote_context_is_opt_in(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert (
        main(["export", "-f", "jsonld", "--include", "ontology", "--context-url", "https://e.org/c.jsonld"])
        == 0
    )
    assert json.loads(capsysbinary.readouterr().out)["@context"] == "https://e.org/c.jsonld"
    # Without an address: the project's own, the same constant the writer knows.
    assert main(["export", "-f", "jsonld", "--include", "ontology", "--context-url"]) == 0
    assert json.loads(capsysbinary.readouterr().out)["@context"] == CONTEXT_URL


def test_describe(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    argv = ["export", "--describe", "--endpoint-url", "http://localhost:7878/query", "-f", "ntriples"]
    assert main(argv) == 0
    out, err = capsysbinary.readouterr()
    text = out.decode()
    assert (
        "<https://w3id.org/cybergraph/dataset> <http://rdfs.org/ns/void#sparqlEndpoint>"
        " <http://localhost:7878/query> .\n" in text
    )
    assert "void#triples" in text and err == b""


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "--include", "ontology,bogus"], "unknown part bogus"),
        (["export", "--include", ","], "(none given)"),
        (["export", "--dump-url", "https://e.org/x.ttl"], "go with --describe"),
        (["export", "--asserted", "--inferred"], "not allowed with argument"),
        (["export", "--format", "n3"], "invalid choice"),
        (["export", "--context-url", CONTEXT_URL], "error: a context address is for JSON-LD, not turtle"),
        (["export", "-f", "jsonld", "--context-url", "c.jsonld"], "must be an absolute http(s) URL"),
        (["export", "-f", "jsonld", "--context-url", "--inline-context"], "not allowed with argument"),
    ],
)
def test_usage_errors_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == "" and "Traceback" not in captured.err


def test_failed_serializer_leaves_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "graph.nt"
    target.write_text("previous release\n")

    def broken(lines: Iterable[bytes]) -> Iterator[bytes]:
        # The streamed export's merge fails half-way: its first block is already in the new file.
        yield b"".join(itertools.islice(iter(lines), 10))
        raise RuntimeError("serializer crashed")

    monkeypatch.setattr(cybergraph.core.extsort, "_blocks", broken)
    assert main(["export", "-f", "ntriples", "-o", str(target)]) == 2
    assert "serializer crashed" in capsys.readouterr().err
    assert target.read_text() == "previous release\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nt"]


def test_failure_mid_write_leaves_the_previous_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("previous release\n")

    def disk_full(fd: int) -> None:
        # Part of the new export is already in the temporary file when the disk fills up.
        assert os.fstat(fd).st_size > 0
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cybergraph.core.files.os, "fsync", disk_full)
    assert main(["export", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "graph.ttl: error: cannot write the output: no space left on the device (the disk is full)" in err
    assert "Traceback" not in err
    assert target.read_text() == "previous release\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_output_into_a_missing_folder_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "-o", str(tmp_path / "missing" / "graph.ttl")]) == 2
    assert "cannot write the output" in capsys.readouterr().err


def test_output_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    # A release file must be readable like any other file, not private like a temporary file.
    target = tmp_path / "graph.ttl"
    umask = os.umask(0)
    os.umask(umask)
    assert main(["export", "--include", "ontology", "-o", str(target)]) == 0
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    target.chmod(0o640)
    assert main(["export", "--include", "ontology", "-o", str(target)]) == 0
    assert target.stat().st_mode & 0o777 == 0o640


def test_context_url_without_an_address_names_the_project_context() -> None:
    # cli/options.py spells the address out (importing rdf.jsonld would slow every start-up): it must
    # stay the exporter's own.
    from cybergraph.cli.options import add_context_arguments

    parser = argparse.ArgumentParser()
    add_context_arguments(parser)
    assert parser.parse_args(["--context-url"]).context_url == CONTEXT_URL

"""What validate() accepts and refuses; what it never does: touch files, reach the network, run on and on."""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cybergraph.core.errors import InputError, QueryTimeout
from cybergraph.graph.build import BuiltGraph, build
from cybergraph.validation.findings import Check
from cybergraph.validation.pipeline import validate
from cybergraph.validation.syntax import Input
from tests.core.test_sandbox import Recorder, server  # noqa: F401  (the recording HTTP server fixture)

FIXTURE = Path(__file__).parent / "data"
HEADER = (
    "@prefix cg: <https://w3id.org/cybergraph/def#> .\n"
    "@prefix cgid: <https://w3id.org/cybergraph/id/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
)


@pytest.fixture(scope="module")
def graph() -> BuiltGraph:
    return build(data=FIXTURE)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty: there is nothing to validate"),
        (b"  \n\n", "the file is empty: there is nothing to validate"),
        (
            b"# only a comment\n@prefix cg: <https://w3id.org/cybergraph/def#> .\n",
            "the file holds no triples",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "the file is binary, not Turtle text"),
        ("cgid:x a cg:State .".encode("utf-16"), "the file is UTF-16 text; Turtle files must be UTF-8"),
        (b'cgid:x rdfs:label "caf\xe9" .\n', "the file is not UTF-8 text (byte 0xe9 on line 1)"),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<rdf:RDF/>',
            "the file is XML with a DOCTYPE or entity declarations, which is refused; send Turtle",
        ),
        (
            b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="x"/>',
            "the file is RDF/XML; contributions must be Turtle",
        ),
        (b'{"@context": "https://example.org/context.jsonld"}', "the file is JSON (JSON-LD?)"),
    ],
    ids=["empty", "blank", "no-triples", "binary", "utf-16", "latin-1", "doctype", "rdf-xml", "json-ld"],
)
def test_input_that_is_not_turtle_is_one_line_error(
    tmp_path: Path, graph: BuiltGraph, content: bytes, message: str
) -> None:
    path = tmp_path / "contribution.ttl"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        validate([path], data=FIXTURE, graph=graph, timeout=None)
    assert caught.value.message.startswith(message)
    assert caught.value.position is not None and caught.value.position.path.endswith("contribution.ttl")
    assert "\n" not in caught.value.render()
    assert caught.value.exit_code == 2


def test_a_missing_file_is_an_input_error(tmp_path: Path, graph: BuiltGraph) -> None:
    with pytest.raises(InputError) as caught:
        validate([tmp_path / "missing.ttl"], data=FIXTURE, graph=graph, timeout=None)
    assert caught.value.message == "cannot read the file: No such file or directory"


def test_a_contribution_over_the_size_limit_is_refused(tmp_path: Path, graph: BuiltGraph) -> None:
    path = tmp_path / "big.ttl"
    path.write_text(HEADER + "cgid:x rdfs:label " + '"' + "x" * 2000 + '" .\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"over the limit of 1,000 bytes \(--max-bytes\)"):
        validate([path], data=FIXTURE, graph=graph, timeout=None, max_bytes=1000)


def test_standard_input_can_be_named_after_the_file_it_stands_for(graph: BuiltGraph) -> None:
    text = HEADER + 'cgid:x a cg:Sttae ; rdfs:label "X"@en .\n'
    item = Input("facts/test-report-s2.ttl", text.encode(), Path("test-report-s2.ttl"))
    report = validate([item], data=FIXTURE, graph=graph, timeout=None)
    assert [(f.file, f.line, f.check) for f in report.findings] == [
        ("facts/test-report-s2.ttl", 4, Check.UNKNOWN_TERM)
    ]


def _digests(*roots: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for root in roots
        for p in sorted([root] if root.is_file() else root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture()
def data_copy(tmp_path: Path) -> Iterator[Path]:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    yield data


def test_validation_modifies_neither_the_contribution_nor_the_data(tmp_path: Path, data_copy: Path) -> None:
    outside = tmp_path / "test-report-s2.ttl"
    outside.write_text(HEADER + 'cgid:y a cg:State ; rdfs:label "Y"@en .\n', encoding="utf-8")
    inside = data_copy / "facts" / "test-report-s1.ttl"
    before = _digests(outside, data_copy)
    validate([outside], data=data_copy, timeout=30)
    validate([inside], data=data_copy, timeout=30)
    assert _digests(outside, data_copy) == before
    assert sorted(p.name for p in data_copy.rglob("*")) == ["facts", "sources.ttl", "test-report-s1.ttl"]


def test_a_contribution_full_of_urls_makes_no_request(
    tmp_path: Path,
    server: Recorder,  # noqa: F811
) -> None:
    path = tmp_path / "test-report-s2.ttl"
    # (@base and relative IRIs are refused before any check: tests/security/test_relative_iris.py.)
    path.write_text(
        HEADER
        + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        + f"<{server.base}/ontology> owl:imports <{server.base}/imported.ttl> .\n"
        + f'cgid:y a cg:State ; rdfs:label "Y"@en ; rdfs:seeAlso <{server.base}/see> .\n',
        encoding="utf-8",
    )
    report = validate([path], data=FIXTURE, timeout=30)
    assert [f.check for f in report.findings] == [Check.SCHEMA]
    assert server.hits == []


def test_a_validation_past_its_time_limit_stops_with_a_clear_message(
    tmp_path: Path, graph: BuiltGraph
) -> None:
    path = tmp_path / "test-report-s2.ttl"
    lines = [HEADER]
    lines += [f'cgid:state-{i} a cg:State ; rdfs:label "State number {i}"@en .\n' for i in range(20000)]
    path.write_text("".join(lines), encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(QueryTimeout) as caught:
        validate([path], data=FIXTURE, graph=graph, timeout=0.5)
    assert time.monotonic() - start < 5
    assert caught.value.render() == (
        "error: validation did not finish within 0.5 s and was stopped\n"
        "  hint: raise the limit with --timeout, or split the input into smaller files"
    )


def test_a_byte_order_mark_is_not_a_syntax_error(tmp_path: Path, graph: BuiltGraph) -> None:
    """Editors on Windows may start UTF-8 with a BOM; Oxigraph's parser alone would refuse it."""
    path = tmp_path / "test-report-s2.ttl"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + "cgid:x a cg:Sttae .\n").encode())
    report = validate([path], data=FIXTURE, graph=graph, timeout=None)
    assert [(f.line, f.column, f.check) for f in report.findings] == [(4, None, Check.UNKNOWN_TERM)]

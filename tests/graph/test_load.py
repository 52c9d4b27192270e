"""Building the graph: named graphs per source, and a clear error for a broken file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from cybergraph.core.errors import InputError
from cybergraph.core.resources import ROOT, layout
from cybergraph.graph.build import build
from cybergraph.graph.load import INFERRED_GRAPH, ONTOLOGY_GRAPH, load, load_asserted, parse_turtle
from cybergraph.rdf.terms import XSD

ID = "https://w3id.org/cybergraph/id/"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def test_each_fact_file_is_the_named_graph_of_its_source_section(built: Dataset) -> None:
    names = {str(g.identifier) for g in built.graphs() if len(g)}
    facts = sorted(p.stem for p in (ROOT / "data" / "facts").glob("*.ttl"))
    assert {ID + stem for stem in facts} <= names
    assert str(ONTOLOGY_GRAPH) in names and str(INFERRED_GRAPH) in names


def test_syntax_error_names_file_line_and_column(data_copy: Path) -> None:
    broken = data_copy / "facts" / "ewi-2012-para-apec.ttl"
    lines = broken.read_text().splitlines()
    lines.insert(3, 'cgid:apec cg:memberOf "unterminated .')
    broken.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as caught:
        load_asserted(layout(data_copy))
    pos = caught.value.position
    assert pos is not None and pos.path.endswith("ewi-2012-para-apec.ttl")
    assert (pos.line, pos.column) == (4, 38)  # the end of the line, where the string should have ended
    assert caught.value.message == (
        "Turtle syntax error: Line jumps are not allowed in string literals, use \\n"
    )
    # One parser judges every file: the cached build reports the same error at the same place.
    with pytest.raises(InputError) as again:
        build(data=data_copy)
    assert (again.value.message, again.value.position) == (caught.value.message, pos)


def test_file_not_named_after_a_source_section_is_rejected(data_copy: Path) -> None:
    (data_copy / "facts" / "my-notes.ttl").write_text("<http://e/a> <http://e/p> <http://e/b> .\n")
    with pytest.raises(InputError, match="no source section"):
        load_asserted(layout(data_copy))


def test_non_utf8_file_is_rejected_with_its_line(data_copy: Path) -> None:
    (data_copy / "facts" / "ewi-2012-para-apec.ttl").write_bytes(b"# ok\n# ok\n\xff\xfe broken\n")
    with pytest.raises(InputError, match="not UTF-8") as caught:
        load_asserted(layout(data_copy))
    assert caught.value.position is not None and caught.value.position.line == 3


def test_inferred_triples_are_kept_apart_and_add_something(built: Dataset) -> None:
    inferred = built.graph(INFERRED_GRAPH)
    assert len(inferred) > 0
    # The named graphs but graph:inferred (the default graph repeats them all, inferred triples included).
    asserted = {
        t for g in built.graphs() if g.identifier not in (INFERRED_GRAPH, DATASET_DEFAULT_GRAPH_ID) for t in g
    }
    assert not (set(inferred) & asserted)


def test_load_without_inference_has_no_inferred_graph() -> None:
    dataset = load(infer=False)
    assert len(dataset.graph(URIRef(str(INFERRED_GRAPH)))) == 0


def test_parse_turtle_gives_rdflib_terms_and_the_files_prefixes(tmp_path: Path) -> None:
    path = tmp_path / "small.ttl"
    path.write_text('@prefix ex: <http://e/> .\nex:a ex:p "x"@en , 2 , [ ex:q ex:b ] .\n', encoding="utf-8")
    graph = parse_turtle(path)
    assert ("ex", URIRef("http://e/")) in set(graph.namespaces())
    a, p = URIRef("http://e/a"), URIRef("http://e/p")
    assert {o for o in graph.objects(a, p) if isinstance(o, Literal)} == {
        Literal("x", lang="en"),
        Literal("2", datatype=URIRef(XSD + "integer")),
    }
    blank = next(o for o in graph.objects(a, p) if isinstance(o, BNode))
    assert graph.value(blank, URIRef("http://e/q")) == URIRef("http://e/b")
    path.write_text("@prefix ex: <http://e/> .\nex:a ex:p .\n", encoding="utf-8")
    with pytest.raises(InputError, match="Turtle syntax error") as caught:
        parse_turtle(path)
    assert caught.value.position is not None and caught.value.position.line == 2

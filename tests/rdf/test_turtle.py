"""Committed Turtle is in one canonical form, and the canonical writer is lossless and deterministic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from cybergraph.cli import main
from cybergraph.core.errors import InputError
from cybergraph.core.resources import ROOT
from cybergraph.rdf.blank_nodes import canonical_triples
from cybergraph.rdf.canonical import canonical_files, check_or_write
from cybergraph.rdf.read import parse_turtle
from cybergraph.rdf.turtle import to_trig, to_turtle

TRICKY = """
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:b ex:p "tab\\there", "quote \\" and backslash \\\\", "line\\nbreak"@en, 42, 4.5, true,
    "2004-07"^^xsd:gYearMonth, <http://example.org/a/b?q=1#x> ;
  ex:q ( ex:x "y" 3 ) ;
  ex:r [ ex:s "nested" ; ex:t [ ex:u ex:v ] ] .
ex:a ex:p "1e3"^^xsd:double, "007"^^xsd:integer .
"""
EX = "http://example.org/"


def triples(text: str) -> list[ox.Triple]:
    parsed = parse_turtle(text.encode())
    assert not parsed.problems, parsed.problems
    return parsed.triples


def same_graph(a: list[ox.Triple], b: list[ox.Triple]) -> bool:
    """Isomorphism: equal once both are named by RDF canonicalisation."""
    return set(canonical_triples(a)) == set(canonical_triples(b))


def round_trip(graph: list[ox.Triple]) -> str:
    """The canonical text, checked to read back as the same graph and to be written again unchanged."""
    text = to_turtle(graph)
    again = triples(text)
    assert same_graph(graph, again), text
    assert to_turtle(again) == text
    return text


def test_committed_turtle_is_canonical() -> None:
    changed = check_or_write(canonical_files(), write=False)
    assert changed == [], f"not in canonical form: {changed}. Fix with: make fmt"


def test_round_trip_is_isomorphic_and_stable() -> None:
    text = round_trip(triples(TRICKY))
    assert f'    <{EX}q> ( <{EX}x> "y" 3 ) ;\n' in text
    assert (
        f'    <{EX}r> [\n        <{EX}s> "nested" ;\n        <{EX}t> [\n            <{EX}u> <{EX}v>\n' in text
    )


def test_lexical_forms_are_kept_as_written() -> None:
    # A literal is its lexical form: "007" and "7" are different literals of the same value. (The writer
    # used to go through rdflib, which rewrote them as 7 and 1000.0.)
    text = to_turtle(triples(TRICKY))
    assert f'<{EX}a> <{EX}p> "007"^^xsd:integer, "1e3"^^xsd:double .' in text


def test_same_graph_gives_same_bytes_in_another_process() -> None:
    path = ROOT / "ontology" / "cybergraph.ttl"
    code = (
        "import sys;from pathlib import Path;from cybergraph.rdf.read import read_triples;"
        "from cybergraph.rdf.turtle import to_turtle;"
        f"sys.stdout.write(to_turtle(read_triples(Path(r'{path}'))))"
    )
    runs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, check=True).stdout for _ in range(2)
    }
    assert len(runs) == 1
    assert runs.pop().decode() == path.read_text(encoding="utf-8")


def test_trig_keeps_named_graphs() -> None:
    g1 = triples("<http://e/a> <http://e/p> <http://e/b> .")
    g2 = triples('<http://e/a> <http://e/p> "x" .')
    text = to_trig([(ox.NamedNode("http://e/g2"), g2), (ox.NamedNode("http://e/g1"), g1), (None, g1)])
    assert text == (
        "\n<http://e/a> <http://e/p> <http://e/b> .\n\n"
        "<http://e/g1> {\n    <http://e/a> <http://e/p> <http://e/b> .\n}\n\n"
        '<http://e/g2> {\n    <http://e/a> <http://e/p> "x" .\n}\n'
    )
    quads = ox.parse(text.encode(), ox.RdfFormat.TRIG)
    names = sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)})
    assert names == ["http://e/g1", "http://e/g2"]


def test_text_of_several_lines_is_written_as_a_long_string_and_round_trips() -> None:
    texts = [
        'a "quoted" word\nline 2',
        'ends with a quote\n"',
        'three """ quotes\nx',
        "tab\t and \\\nx",
        "x\r\ny",
    ]
    s, p = ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p")
    written = round_trip([ox.Triple(s, p, ox.Literal(text)) for text in texts])
    assert '"""a "quoted" word\nline 2"""' in written
    assert sorted(t.object.value for t in triples(written)) == sorted(texts)


# -- any graph: blank nodes that cannot be inline get labels chosen by content


def test_blank_node_labels_of_the_input_do_not_change_a_byte() -> None:
    # Two nested blank nodes under one predicate: their order must not follow the parser's random labels.
    text = f"""
    <{EX}s> <{EX}p> [ <{EX}q> [ <{EX}r> 1 ], [ <{EX}r> 2 ] ], [ <{EX}q> [ <{EX}r> 1 ], [ <{EX}r> 3 ] ] .
    """
    runs = {to_turtle(triples(text)) for _ in range(5)}
    assert len(runs) == 1
    assert round_trip(triples(text)) == runs.pop()


def test_a_shared_blank_node_is_written_once_with_a_label() -> None:
    graph = triples(f'<{EX}a> <{EX}p> _:x . <{EX}b> <{EX}p> _:x . _:x <{EX}q> "shared" .')
    text = round_trip(graph)
    assert text == (
        f'\n<{EX}a> <{EX}p> _:c14n0 .\n\n<{EX}b> <{EX}p> _:c14n0 .\n\n_:c14n0 <{EX}q> "shared" .\n'
    )


def test_a_cycle_of_blank_nodes_gets_one_label_and_the_rest_stays_inline() -> None:
    graph = triples(f'_:a <{EX}next> _:b . _:b <{EX}next> _:a . _:b <{EX}name> "b" .')
    text = round_trip(graph)
    assert text.count("_:c14n") == 2  # one node labelled: its block and the reference back to it
    assert text.count("[") == 1


def test_a_blank_node_that_points_to_itself() -> None:
    text = round_trip(triples(f"_:a <{EX}self> _:a ."))
    assert text == f"\n_:c14n0 <{EX}self> _:c14n0 .\n"


def test_a_long_list_nests_deeper_than_the_recursion_limit() -> None:
    items = " ".join(str(i) for i in range(3000))
    text = round_trip(triples(f"<{EX}s> <{EX}list> ( {items} ) ."))
    assert text.endswith(f"<{EX}s> <{EX}list> ( {items} ) .\n")


def test_a_triple_term_is_written_with_its_blank_nodes_labelled() -> None:
    graph = triples(f'<{EX}s> <{EX}says> <<( _:x <{EX}p> "o" )>> . _:x <{EX}name> "x" .')
    text = round_trip(graph)
    assert f'<<( _:c14n0 <{EX}p> "o" )>>' in text


# -- cybergraph fmt


def test_fmt_writes_no_file_when_another_does_not_parse(tmp_path: Path) -> None:
    # `cybergraph fmt a.ttl bad.ttl` used to rewrite a.ttl and then fail on bad.ttl.
    good = tmp_path / "a.ttl"
    good.write_text(f"<{EX}b> <{EX}p> 1 . <{EX}a> <{EX}p> 2 .\n", encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text(f"<{EX}a> <{EX}p> .\n", encoding="utf-8")
    before = good.read_bytes()
    with pytest.raises(InputError):
        check_or_write([good, bad], write=True)
    assert good.read_bytes() == before
    assert main(["fmt", str(good), str(bad)]) == 2
    assert good.read_bytes() == before
    # Without the broken file, the good one is rewritten.
    assert main(["fmt", str(good)]) == 0
    assert good.read_text(encoding="utf-8") == f"\n<{EX}a> <{EX}p> 2 .\n\n<{EX}b> <{EX}p> 1 .\n"
    assert main(["fmt", "--check", str(good)]) == 0

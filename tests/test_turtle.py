"""Committed Turtle is in one canonical form, and the canonical writer is lossless and deterministic."""

from __future__ import annotations

import subprocess
import sys

import rdflib
from rdflib.compare import isomorphic

from cybergraph.core.resources import ROOT
from cybergraph.rdf.canonical import canonical_files, check_or_write
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


def test_committed_turtle_is_canonical() -> None:
    changed = check_or_write(canonical_files(), write=False)
    assert changed == [], f"not in canonical form: {changed}. Fix with: make fmt"


def test_round_trip_is_isomorphic_and_stable() -> None:
    graph = rdflib.Graph().parse(data=TRICKY, format="turtle")
    text = to_turtle(graph)
    again = rdflib.Graph().parse(data=text, format="turtle")
    assert isomorphic(graph, again)
    assert to_turtle(again) == text


def test_same_graph_gives_same_bytes_in_another_process() -> None:
    path = ROOT / "ontology" / "cybergraph.ttl"
    code = (
        "import rdflib,sys;from cybergraph.rdf.turtle import to_turtle;"
        f"sys.stdout.write(to_turtle(rdflib.Graph().parse(r'{path}')))"
    )
    runs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, check=True).stdout for _ in range(2)
    }
    assert len(runs) == 1
    assert runs.pop().decode() == path.read_text(encoding="utf-8")


def test_trig_keeps_named_graphs() -> None:
    g1 = rdflib.Graph().parse(data="<http://e/a> <http://e/p> <http://e/b> .", format="turtle")
    g2 = rdflib.Graph().parse(data='<http://e/a> <http://e/p> "x" .', format="turtle")
    text = to_trig([(rdflib.URIRef("http://e/g2"), g2), (rdflib.URIRef("http://e/g1"), g1)])
    ds = rdflib.Dataset()
    ds.parse(data=text, format="trig")
    names = sorted(str(g.identifier) for g in ds.graphs() if len(g))
    assert names == ["http://e/g1", "http://e/g2"]
    assert text.index("<http://e/g1>") < text.index("<http://e/g2>")


def test_text_of_several_lines_is_written_as_a_long_string_and_round_trips() -> None:
    texts = [
        'a "quoted" word\nline 2',
        'ends with a quote\n"',
        'three """ quotes\nx',
        "tab\t and \\\nx",
        "x\r\ny",
    ]
    graph = rdflib.Graph()
    for text in texts:
        graph.add((rdflib.URIRef("http://e/s"), rdflib.URIRef("http://e/p"), rdflib.Literal(text)))
    written = to_turtle(graph)
    assert '"""a "quoted" word\nline 2"""' in written
    again = rdflib.Graph().parse(data=written, format="turtle")
    assert sorted(str(o) for o in again.objects()) == sorted(texts)
    assert to_turtle(again) == written

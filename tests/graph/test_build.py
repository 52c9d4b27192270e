"""The cached build: reused while inputs are unchanged, rebuilt when one changes, never left half-made."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from cybergraph.core.errors import InputError
from cybergraph.core.resources import ROOT
from cybergraph.graph import build as build_module
from cybergraph.graph.build import BLOCK, build
from cybergraph.graph.cache import cache_root
from cybergraph.graph.derived import DERIVED_GRAPH
from cybergraph.rdf.terms import INFERRED_GRAPH


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def test_second_build_reuses_the_store_and_a_change_rebuilds(data_copy: Path) -> None:
    first = build(data=data_copy)
    again = build(data=data_copy)
    assert again.reused and again.key == first.key and len(again.store) == len(first.store)
    note = data_copy / "facts" / "ewi-2012-para-apec.ttl"
    note.write_text(note.read_text() + '\ncgid:apec cg:foundingDate "1989"^^xsd:gYear .\n')
    changed = build(data=data_copy)
    assert not changed.reused and changed.key != first.key
    assert len(changed.store) > len(first.store)


def test_syntax_error_gives_file_line_and_column_and_leaves_no_partial_build(data_copy: Path) -> None:
    broken = data_copy / "facts" / "ewi-2012-para-itu.ttl"
    broken.write_text(broken.read_text() + "\ncgid:itu cg:memberOf cgid:x cgid:y .\n")
    before = set(cache_root().iterdir()) if cache_root().exists() else set()
    with pytest.raises(InputError) as caught:
        build(data=data_copy)
    position = caught.value.position
    assert position is not None and position.path.endswith("ewi-2012-para-itu.ttl")
    assert position.line == len(broken.read_text().splitlines())
    assert position.column is not None
    after = set(cache_root().iterdir())
    assert after == before


def test_built_graph_has_inferred_and_source_graphs() -> None:
    built = build()
    names = {g.value for g in built.store.named_graphs()}
    assert "https://w3id.org/cybergraph/graph/inferred" in names
    assert "https://w3id.org/cybergraph/id/itu-gsr-ch5-sec-5-3-3-1" in names


def test_the_default_graph_holds_every_triple_of_the_named_graphs_once() -> None:
    store = build().store
    default = {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    named = [q.triple for q in store if not isinstance(q.graph_name, ox.DefaultGraph)]
    assert default == set(named)
    assert len(named) > len(default)  # some facts are stated by several sections: once each by graph
    inferred = {q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED_GRAPH))}
    assert inferred and inferred <= default


def test_the_view_without_the_default_graph_gives_the_named_graphs_only() -> None:
    built = build()
    view = built.named_graphs_view()
    quads = list(view)
    derived = ox.NamedNode(DERIVED_GRAPH)
    assert quads and not any(
        isinstance(q.graph_name, ox.DefaultGraph) or q.graph_name == derived for q in quads
    )
    # What the build derived for the queries is not a statement of the data: the view leaves it out too.
    assert (
        len(view)
        == len(quads)
        == sum(
            1
            for q in built.store
            if not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name != derived
        )
    )
    some = next(iter(built.store.quads_for_pattern(None, None, None, derived)))
    assert some in built.store and some not in view
    itu = ox.NamedNode("https://w3id.org/cybergraph/id/itu")
    assert {q.graph_name for q in view.quads_for_pattern(itu, None, None)} == {
        q.graph_name
        for q in built.store.quads_for_pattern(itu, None, None)
        if q.graph_name not in (ox.DefaultGraph(), derived)
    }
    # A query reads the store as it is, with or without the union switch: each fact once.
    label = "SELECT ?l WHERE { <https://w3id.org/cybergraph/id/apec> rdfs:label ?l }"
    rdfs = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    assert len(list(view.query(rdfs + label, use_default_graph_as_union=True))) == 1  # type: ignore[arg-type]
    with pytest.raises(AttributeError, match="read-only"):
        view.update("CLEAR ALL")


@pytest.mark.parametrize("name", ["default", "derived", "inferred", "ontology", "shapes"])
def test_a_data_file_may_not_take_the_name_of_a_graph_of_the_build(data_copy: Path, name: str) -> None:
    (data_copy / f"{name}.ttl").write_text("<http://e/a> <http://e/p> <http://e/b> .\n")
    with pytest.raises(InputError) as caught:
        build(data=data_copy)
    assert caught.value.message == (
        f"graph:{name} is a graph of the build's own, so no data file may be named {name}.ttl"
    )
    assert caught.value.position is not None and caught.value.position.path.endswith(f"{name}.ttl")


@pytest.mark.parametrize("block", [BLOCK, 1 << 17], ids=["one-load", "loads-of-128-kB"])
def test_a_blank_node_is_the_same_node_in_the_default_graph_and_its_section(
    data_copy: Path, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bulk load goes in blocks (the build's memory): a blank node's lines must go in one load,
    # wherever they are in the dump (its section's, the default graph's, graph:derived's).
    monkeypatch.setattr(build_module, "BLOCK", block)
    facts = data_copy / "facts" / "ewi-2012-para-apec.ttl"
    # A comment that differs per case: each case is a build of its own, not the other's cached one.
    added = f"\ncgid:apec cg:hasQuantity [ a cg:Quantity ; cg:value 987654 ] .  # loads of {block}\n"
    facts.write_text(facts.read_text() + added)
    built = build(data=data_copy)
    assert not built.reused
    store = built.store
    query = """SELECT ?g WHERE {
      <https://w3id.org/cybergraph/id/apec> <https://w3id.org/cybergraph/def#hasQuantity> ?q .
      GRAPH ?g { ?q <https://w3id.org/cybergraph/def#value> 987654 } FILTER(isBlank(?q)) }"""
    assert [row[0].value for row in store.query(query)] == [  # type: ignore[index, union-attr]
        "https://w3id.org/cybergraph/id/ewi-2012-para-apec"
    ]
    # What the build derives of it (graph:derived) is of the same node.
    derived = f"""SELECT ?kind WHERE {{
      GRAPH ?g {{ ?q <https://w3id.org/cybergraph/def#value> 987654 }}
      GRAPH <{DERIVED_GRAPH}> {{ ?q <https://w3id.org/cybergraph/build#kind> ?kind }}
      ?q <https://w3id.org/cybergraph/build#mostSpecificClass> ?class
      FILTER(?class = <https://w3id.org/cybergraph/def#Quantity>) }}"""
    assert [row[0].value for row in store.query(derived)] == ["quantity"]  # type: ignore[index, union-attr]
    # Every quad is there, whatever the blocks: the project's graph and the new statements' (three in the
    # section, two derived: the most specific class and the kind), each also in the default graph.
    assert len(store) == len(build().store) + 10

"""The cached build: reused while inputs are unchanged, rebuilt when one changes, never left half-made."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cybergraph.core.errors import InputError
from cybergraph.core.resources import ROOT
from cybergraph.graph.build import build
from cybergraph.graph.cache import cache_root


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

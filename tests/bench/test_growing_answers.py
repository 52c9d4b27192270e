"""The benchmark's questions about one entity answer more as the synthetic graph grows.

The bench asks criminalises, supplements, participants, foreign-participants and members about one
entity of each size (the manifest's query_params). If that entity's answer stayed the same size, those
rows would time a constant-size answer at every size and say nothing about scale: the generator makes
these entities hubs, as the Convention on Cybercrime or a large exercise are.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import generate
from cybergraph.graph.build import build
from cybergraph.query.run import run_query

SIZES = (10_000, 40_000)
QUESTIONS = (
    ("criminalises", "instrument"),
    ("supplements", "instrument"),
    ("participants", "activity"),
    ("foreign-participants", "activity"),
    ("members", "organisation"),
)


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {}
    for size in SIZES:
        folder = tmp_path_factory.mktemp("grow") / str(size)
        manifest = generate.generate(size, 1, folder)
        params = manifest["query_params"]
        assert isinstance(params, dict)
        store = build(data=Path(folder)).store
        counts[size] = {
            name: len(run_query(name, store=store, params={param: params[param]}, timeout=None).rows)
            for name, param in QUESTIONS
        }
    return counts


@pytest.mark.parametrize("name", [name for name, _ in QUESTIONS])
def test_a_one_entity_question_answers_more_rows_on_a_bigger_graph(
    rows: dict[int, dict[str, int]], name: str
) -> None:
    small, large = (rows[size][name] for size in SIZES)
    assert 0 < small < large, f"{name}: {small} rows at {SIZES[0]:,} triples, {large} at {SIZES[1]:,}"

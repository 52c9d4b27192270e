"""Validating a contribution by its neighbourhood finds exactly what validating the whole merged graph adds.

On a generated 10k graph (with its planted violations): the findings of `validate([contribution])` equal
the findings of the whole merged graph minus those the graph already had, compared as the set of
(focus node, path, constraint component).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from bench import generate
from cybergraph.validation.findings import Report
from cybergraph.validation.pipeline import validate

SIZE = 10_000

# A new resolution with a date in words (a shape violation), adopted by an existing organ; and a
# statement that breaks an existing entity (an organisation that is a member of itself).
CONTRIBUTION = """@prefix cg: <https://w3id.org/cybergraph/def#> .
@prefix cgid: <https://w3id.org/cybergraph/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

cgid:a-res-80-998 a cg:Resolution ;
    rdfs:label "UN resolution A/RES/80/998 (contributed)"@en ;
    dcterms:description "Synthetic resolution sent as a contribution with a date in words."@en ;
    cg:documentSymbol "A/RES/80/998" ;
    cg:adoptedBy cgid:un-general-assembly ;
    cg:adoptionDate "24 December 2025" .

cgid:un-general-assembly cg:memberOf cgid:un-general-assembly .
"""


def keys(report: Report) -> set[tuple[str | None, str | None, str | None]]:
    return {(f.entity, f.property, f.component) for f in report.findings if f.component}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("neighbourhood") / "10k"
    return folder, generate.generate(SIZE, 1, folder)


def test_contribution_findings_equal_whole_graph_findings_it_adds(
    generated: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, manifest = generated
    target = manifest["contribution"]["file"]
    contribution = tmp_path / "contribution" / target
    contribution.parent.mkdir()
    contribution.write_text(CONTRIBUTION, encoding="utf-8")

    local = validate([contribution], data=folder, timeout=None)

    merged = tmp_path / "merged"
    shutil.copytree(folder, merged)
    with (merged / "facts" / target).open("a", encoding="utf-8") as handle:
        handle.write("\n" + CONTRIBUTION)
    before = validate(None, data=folder, timeout=None)
    after = validate(None, data=merged, timeout=None)

    added = keys(after) - keys(before)
    assert keys(local) == added
    ids = "https://w3id.org/cybergraph/id/"
    assert {entity for entity, _, _ in added} == {ids + "a-res-80-998", ids + "un-general-assembly"}
    # The graph's planted violations are found by the whole-graph run and not blamed on the contributor.
    planted = {(p["focus"], p["path"], p["component"]) for p in manifest["planted"]}
    assert planted <= keys(before)
    assert not planted & keys(local)

"""`cybergraph summary` (the main job of `make run`): counts per source and class, and the timeline."""

from __future__ import annotations

import pytest

from cybergraph.cli import main
from cybergraph.graph.build import BuiltGraph


@pytest.fixture(scope="module")
def printed() -> str:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["summary"]) == 0
    return out.getvalue()


def test_triples_are_counted_once_each(printed: str, project: BuiltGraph) -> None:
    distinct = len({q.triple for q in project.store})
    assert f"  triples        {distinct:,}, each once (" in printed


def test_sources_with_their_sections_and_facts(printed: str) -> None:
    block = printed.split("Sources", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    assert [line.split()[-2:] for line in block] == [["33", "2866"], ["7", "263"], ["2", "243"], ["2", "38"]]
    assert [line.rsplit(None, 2)[0].strip() for line in block] == [
        "ITU GSR 2008, ch. 5",
        "EWI 2012",
        "reference data",
        "CoE Treaty Office",
    ]


def test_entities_per_class_count_subclasses(printed: str) -> None:
    rows = {
        line.strip().rsplit(None, 1)[0]: int(line.rsplit(None, 1)[1])
        for line in printed.splitlines()
        if line.startswith("    ") and line.strip()[-1:].isdigit() and "[" not in line
    }
    assert rows["state"] == 24
    assert rows["resolution"] == 23
    assert rows["regional organisation"] == 9  # ENISA and Europol are EU agencies
    # an entity counts in every class it belongs to: organisations include their subclasses' members
    assert rows["organisation"] == 86 and rows["intergovernmental organisation"] == 23


def test_span_of_years_and_timeline_with_sources(printed: str) -> None:
    assert "  years          1989–2011\n" in printed
    timeline = printed.split("Timeline of instruments and events\n", 1)[1].splitlines()[1:]
    dates = [line.split()[0] for line in timeline]
    assert dates == sorted(dates)
    line_57_239 = [line for line in timeline if "resolution 57/239" in line]
    assert [line.split()[0] for line in line_57_239] == ["2002-12-20", "2003-01-31"]
    assert line_57_239[0].endswith("[ITU GSR 2008, ch. 5 5.5.1]")
    assert line_57_239[1].endswith("[ITU GSR 2008, ch. 5 5.3.3.3]")

"""The benchmark's code on the 10k size: generation, planted violations, every harness operation once.

A smoke test only: nothing here asserts a timing.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from bench import compare, generate
from cybergraph.graph.load import ONTOLOGY_GRAPH, load, union

SIZE = 10_000
VIRTUOSO = bool(shutil.which("virtuoso-t") and shutil.which("isql-vt"))


@pytest.fixture(scope="module")
def tenk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("bench-data") / "10k"
    return folder, generate.generate(SIZE, 1, folder)


def _planted(manifest: dict[str, Any]) -> list[list[str]]:
    return sorted([p["focus"], p["path"], p["component"]] for p in manifest["planted"])


def test_the_same_seed_writes_the_same_bytes(tenk: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    folder, _ = tenk
    generate.generate(SIZE, 1, tmp_path / "again")
    files = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    assert files == sorted(
        p.relative_to(tmp_path / "again") for p in (tmp_path / "again").rglob("*") if p.is_file()
    )
    assert all((folder / f).read_bytes() == (tmp_path / "again" / f).read_bytes() for f in files)
    generate.generate(SIZE, 2, tmp_path / "other")

    def facts(root: Path) -> bytes:
        return b"".join(p.read_bytes() for p in sorted((root / "facts").glob("*.ttl")))

    assert facts(tmp_path / "other") != facts(folder)


def test_the_folder_loads_with_the_size_asked_and_exactly_the_planted_violations(
    tenk: tuple[Path, dict[str, Any]],
) -> None:
    folder, manifest = tenk
    dataset = load(data=folder, infer=False)
    data_triples = sum(len(g) for g in dataset.graphs() if g.identifier != ONTOLOGY_GRAPH)
    assert data_triples == manifest["triples"]
    assert abs(manifest["triples"] - SIZE) < 0.01 * SIZE
    assert len(list((folder / "facts").glob("*.ttl"))) == manifest["facts_files"] > 1
    # pySHACL with the shapes file, as the shapes say to run it: asserted triples and ontology, no inference.
    found = compare.shacl_violations(union(dataset, include_inferred=False))
    assert len(manifest["planted"]) == generate.PLANTED
    assert found == _planted(manifest)


def test_every_harness_operation_runs_once_and_the_report_has_its_structure(
    tenk: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, manifest = tenk
    results = tmp_path / "RESULTS.md"
    kept = tmp_path / "results"
    kept.mkdir()
    # The latest figures of other sizes stay as they were; this size's older figures are replaced.
    earlier = compare.SizeReport("1m", "bench/data/1m", 1_000_008, measured="2026-01-02T03:04:05+00:00")
    earlier.rows.append(
        compare.Row("build", "build: parse + inference + store", {"a": compare.Measure("ok", 61.5, 62, 1400)})
    )
    (kept / "1m.json").write_text(json.dumps(asdict(earlier)), encoding="utf-8")
    stale = compare.SizeReport("10k", "bench/data/10k", 9, measured="2020-01-01T00:00:00+00:00")
    (kept / "10k.json").write_text(json.dumps(asdict(stale)), encoding="utf-8")
    # owlrl at 10k takes longer than the whole test should: its small cap exercises the "> cap" path.
    [report] = compare.run(
        ["10k"],
        cap=60,
        caps={"inference": 3},
        out=tmp_path / "out",
        results=results,
        results_dir=kept,
        data_root=folder.parent,
        only_queries=["members"],
        log=lambda _text: None,
        new_entities=20,
    )
    keys = [row.key for row in report.rows]
    # A query over its target is followed by the floor under it: an answer its size read, nothing computed.
    scan, members = report.row("scan"), report.row("query:members")
    assert scan is not None and members is not None
    over = (members.cells["a"].seconds or 0) > max(0.05, 2 * (scan.cells["c"].seconds or 0))
    assert keys == [
        "parse",
        "inference",
        "build",
        "scan",
        "query:members",
        *(["floor:members"] if over else []),
        "validate",
        "validate:new",
        "export:turtle",
        "export:ntriples",
        "cold:members",
        *(["virtuoso:export", "virtuoso:load", "virtuoso:query:members"] if VIRTUOSO else ["virtuoso:load"]),
    ]
    by_design = {("parse", "a"), ("inference", "c"), ("validate", "c"), ("cold:members", "b")}
    by_design |= {("scan", "a"), ("scan", "b")}
    by_design |= {("validate:new", "b"), ("validate:new", "c"), ("floor:members", "b")}
    for row in report.rows:
        if row.key.startswith("virtuoso:"):
            # The dump in Virtuoso, the same query there; a note naming the package without it.
            cell = row.cells["v"]
            assert cell.status == "ok" if VIRTUOSO else "virtuoso-opensource" in cell.note, (
                row.key,
                cell.note,
            )
            continue
        for way in "abc":
            cell = row.cells[way]
            if (row.key, way) in by_design:
                assert cell.status == "n/a", (row.key, way)
            elif way == "b":
                assert cell.status in {"ok", "cap"}, (row.key, way, cell.note)
            else:
                assert cell.status == "ok", (row.key, way, cell.note)
            if cell.status == "ok":
                assert cell.seconds is not None and cell.seconds >= 0 and (cell.rss_mb or 0) > 0
    assert report.row("inference").cells["b"].status == "cap"  # type: ignore[union-attr]
    # The same findings through the harness's own pySHACL run, the contribution included (it is valid).
    if report.row("validate").cells["b"].status == "ok":  # type: ignore[union-attr]
        found = json.loads((tmp_path / "out" / "10k" / "b-validate-violations.json").read_text())
        assert found == _planted(manifest)

    text = results.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark: cybergraph, the plain rdflib path and raw pyoxigraph\n")
    assert "Machine: " in text and " cores, " in text and "Python 3." in text
    assert f"## 10k synthetic triples ({manifest['triples']:,} triples)" in text
    assert "| operation | (a) cybergraph | (b) rdflib path | (c) raw pyoxigraph | a/c | b/a | rows |" in text
    assert "| inference (closure of the ontology) |" in text and "> 3 s" in text
    # Each query's rows beside its times.
    assert members.extra["rows"] > 0 and members.extra["columns"] == 3
    assert f"| {members.extra['rows']:,} |" in text.split("| query members |")[1].splitlines()[0]
    if VIRTUOSO:
        virtuoso = report.row("virtuoso:query:members")
        assert virtuoso is not None and virtuoso.extra["rows"] == members.extra["rows"]
        assert "| operation | Virtuoso 7 | (a) cybergraph | Virtuoso/a | rows (Virtuoso) | rows (a) |" in text
    # The targets are read at the largest size kept (1m here, with no queries); at 10k:
    [within] = compare.query_targets(report, None)
    assert within.startswith("- Every stored query at 10k within max(50 ms, 2× a full scan = ")
    assert within.split(": ")[1].startswith(("1 of 1", "0 of 1; over: members "))
    assert sorted(p.name for p in kept.iterdir()) == ["10k.json", "1m.json"]
    figures = json.loads((kept / "10k.json").read_text(encoding="utf-8"))
    assert figures["size"] == "10k" and figures["cap"] == 60 and figures["triples"] == manifest["triples"]
    assert json.loads((kept / "1m.json").read_text(encoding="utf-8")) == asdict(earlier)
    # Both sizes in the report, in size order, each with its own date; the stale 10k figures are gone.
    assert text.index("## 10k synthetic triples") < text.index("## 1m synthetic triples (1,000,008 triples)")
    assert "measured 2026-01-02 03:04:05+00:00 UTC." in text and "2020-01-01" not in text
    assert "| build: parse + inference + store | 61.5 s, 1,400 MB |" in text
    # The report is the same when written again from the kept figures alone.
    again = compare.markdown(compare.ordered(compare.load_results(kept)), cap=60, host=compare.machine())
    assert again == text


def test_the_generator_does_not_run_out_of_resolution_symbols() -> None:
    # At 10M triples every session's 999 numbers were used up and the generator looped for ever.
    generator = generate.Generator(SIZE, 1)
    generator.vocabulary()
    generator.registry()
    generator.directory()
    generator.treaties()
    for year in range(1946, 2026):
        generator.numbers[f"A/{year}"] = generator.numbers[f"E/{year}"] = 999
    generator.numbers["S"] = 9999
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("no symbol left: the generator loops"))
    signal.alarm(10)
    try:
        generator.resolution()
    finally:
        signal.alarm(0)
    [symbol] = [
        o.strip('"') for p, o in generator.themes["resolutions"].blocks[-1].pairs if p == "cg:documentSymbol"
    ]
    # The Assembly's next numbers, in a sub-series its symbols allow (the shapes' pattern).
    assert re.fullmatch(r"A/AB/RES/[0-9]{1,3}/1", symbol), symbol


def test_the_rows_target_names_each_query_that_answers_nothing_or_does_not_grow() -> None:
    def size(name: str, rows: dict[str, int]) -> compare.SizeReport:
        return compare.SizeReport(
            name,
            f"bench/data/{name}",
            1,
            [compare.Row(f"query:{q}", q, {}, {"rows": n}) for q, n in rows.items()],
        )

    reports = [
        size("10k", {"members": 5, "section": 2_505, "threats": 0}),
        size("100k", {"members": 50, "section": 2_503, "threats": 3}),
        size("1m", {"members": 500, "section": 2_504, "threats": 30}),
    ]
    assert compare.rows_target(reports) == [
        "- Every stored query returns rows at 10k, 100k, 1m: 2 of 3; none at some size: threats",
        "- More rows at each larger size: 2 of 3; not growing: section (2,505 → 2,503 → 2,504)",
    ]


def test_a_data_folder_written_by_another_generator_is_written_again(tmp_path: Path) -> None:
    messages: list[str] = []
    harness = compare.Harness(data_root=tmp_path, out=tmp_path / "out", log=messages.append)
    folder, first = harness.data_for("10k")
    assert first["generator_digest"] == generate.generator_digest()
    stale = dict(first, generator_digest="0" * 64)
    (folder / "manifest.json").write_text(json.dumps(stale), encoding="utf-8")
    (folder / "facts" / "left-over.ttl").write_text("# from an older generator\n", encoding="utf-8")
    again_folder, again = harness.data_for("10k")
    assert again_folder == folder and again == first
    assert not (folder / "facts" / "left-over.ttl").exists()
    assert messages == [
        f"generating 10k into {folder}",
        f"{folder} was written by another version of bench/generate.py",
        f"generating 10k into {folder}",
    ]


def test_a_query_over_its_target_is_reported_with_the_time_of_reading_an_answer_its_size() -> None:
    big = compare.SizeReport("1m", "bench/data/1m", 1_000_000)
    ok = compare.Measure
    big.rows += [
        compare.Row("scan", "full scan", {"c": ok("ok", 0.5)}),
        compare.Row("query:fast", "query fast", {"a": ok("ok", 0.2)}, {"rows": 10, "columns": 2}),
        compare.Row("query:big", "query big", {"a": ok("ok", 4.0)}, {"rows": 200_000, "columns": 5}),
        compare.Row(
            "floor:big", "read 200,000 rows × 5", {"a": ok("ok", 3.0), "c": ok("ok", 2.5)}, {"rows": 200_000}
        ),
    ]
    [within] = compare.query_targets(big, None)
    assert within == (
        "- Every stored query at 1m within max(50 ms, 2× a full scan = 0.50 s) = 1.00 s: 1 of 2;"
        " over: big 4.00 s (4.0×; reading an answer its size, computing nothing: 3.00 s"
        " (raw pyoxigraph 2.50 s))"
    )


def test_the_floor_query_answers_the_rows_and_columns_asked_with_nothing_to_compute() -> None:
    import pyoxigraph as ox

    store = ox.Store()
    g = ox.NamedNode("https://example.org/g")
    for i in range(5):
        store.add(ox.Quad(ox.NamedNode(f"https://example.org/s{i}"), ox.NamedNode("https://example.org/p"),
                          ox.Literal(f"o{i}"), g))  # fmt: skip
    answer = store.query(compare.floor_text(3, 6))
    assert isinstance(answer, ox.QuerySolutions)
    rows = [tuple(row) for row in answer]
    assert [v.value for v in answer.variables] == ["s", "p", "o", "g", "c5", "c6"]
    assert len(rows) == 3 and all(row[4] == row[0] and row[5] == row[1] and row[3] == g for row in rows)

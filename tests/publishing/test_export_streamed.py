"""The streamed export: sorted on disk when large, the same bytes as the export written in memory, and
nothing left behind however it ends."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest

import cybergraph.core.extsort
import cybergraph.publishing.export
import cybergraph.rdf.turtle
from cybergraph.cli import main
from cybergraph.graph.build import BuiltGraph, build
from cybergraph.publishing.export import export, select, serialize

STREAMED = ["ntriples", "nquads", "turtle", "trig"]


@pytest.fixture(scope="module")
def built_graph() -> BuiltGraph:
    return build()


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Budgets so small that the project's graph is sorted in many runs, spooled, handed over in many
    pieces; the temporary directory, watched: the scratch files made there."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setattr(cybergraph.core.extsort, "BUDGET", 64 << 10)
    monkeypatch.setattr(cybergraph.rdf.turtle, "_SPOOL", 4 << 10)
    monkeypatch.setattr(cybergraph.publishing.export, "_PIECE", 4 << 10)
    monkeypatch.setattr(cybergraph.core.extsort, "_BLOCK_LINES", 50)
    return scratch


@pytest.mark.parametrize("format", STREAMED)
@pytest.mark.parametrize("selection", ["asserted", "all"])
def test_streamed_in_small_runs_is_the_in_memory_export_byte_for_byte(
    format: str, selection: str, built_graph: BuiltGraph, small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[object] = []
    real = tempfile.TemporaryFile

    def counted(*args: object, **kwargs: object) -> object:
        runs.append(None)
        return real(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(cybergraph.core.extsort.tempfile, "TemporaryFile", counted)
    quads = select(built_graph, selection=selection, default_graph=format in ("nquads", "trig"))  # type: ignore[arg-type]
    streamed = export(built_graph, format=format, selection=selection)  # type: ignore[arg-type]
    assert streamed == serialize(quads, format=format)
    assert len(runs) > 10  # the merge of many runs was what wrote it
    assert list(small.iterdir()) == []


@pytest.mark.parametrize("format", STREAMED)
def test_a_failure_half_way_leaves_the_previous_file_and_nothing_else(
    format: str,
    tmp_path: Path,
    small: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "out" / "graph.out"
    target.parent.mkdir()
    target.write_text("previous release\n")
    written: list[int] = []
    blocks = cybergraph.core.extsort._blocks

    def failing(lines: object) -> object:
        # The merge fails after it has handed over some of its text (written, for N-Triples and N-Quads).
        for i, block in enumerate(blocks(lines)):  # type: ignore[arg-type]
            if i == 3:
                written.extend(p.stat().st_size for p in target.parent.iterdir() if p.suffix == ".tmp")
                raise RuntimeError("the sort broke")
            yield block

    monkeypatch.setattr(cybergraph.core.extsort, "_blocks", failing)
    assert main(["export", "-f", format, "-o", str(target)]) == 2
    assert "the sort broke" in capsys.readouterr().err
    if format in ("ntriples", "nquads"):  # these write as they merge: part of the text was in the file
        assert written and written[0] > 0
    assert target.read_text() == "previous release\n"
    assert [p.name for p in target.parent.iterdir()] == ["graph.out"]
    assert list(small.iterdir()) == []


@pytest.mark.parametrize("format", STREAMED)
def test_subjects_whose_iris_start_alike_come_in_the_order_of_their_iris(format: str, small: Path) -> None:
    # In N-Triples `<https://e.org/a> ` sorts after `<https://e.org/a-b> ` (`>` comes after `-`, `.`, `/`,
    # `#` and the digits); Turtle and TriG order subjects by IRI, the ontology's header first.
    e = "https://e.org/"
    p, label = ox.NamedNode(e + "p"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    header = ox.NamedNode(e + "z")
    store = ox.Store()
    graphs = [ox.NamedNode(e + "g"), ox.NamedNode(e + "g-2"), ox.NamedNode(e + "g/3")]
    for i, local in enumerate(["a", "a-b", "a/b", "a#c", "a0", "a.b", "é", "a%20"]):
        subject = ox.NamedNode(e + local)
        for graph in graphs[: 1 + i % 3]:
            store.add(ox.Quad(subject, p, ox.Literal(f"x> y {i}"), graph))
            store.add(ox.Quad(subject, label, ox.Literal(local, language="en"), graph))
    triple = ox.Triple(ox.NamedNode(e + "a"), p, ox.NamedNode(e + "a-b"))
    store.add(ox.Quad(ox.NamedNode(e + "a-b"), p, triple, graphs[1]))
    store.add(
        ox.Quad(
            header,
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology"),
            graphs[0],
        )
    )
    built = BuiltGraph(store=store)
    streamed = export(built, format=format, include={"data"})
    assert streamed == serialize(select(built, include={"data"}), format=format)
    if format == "turtle":
        subjects = [line.split(b" ")[0] for line in streamed.split(b"\n\n")[1:]]
        assert subjects == [
            b"<https://e.org/z>",
            *(f"<{e}{s}>".encode() for s in ["a", "a#c", "a%20", "a-b", "a.b", "a/b", "a0", "é"]),
        ]


def test_a_full_temporary_disk_is_a_clear_error_and_the_previous_output_stays(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "graph.nt"
    target.write_text("previous release\n")
    real = tempfile.TemporaryFile

    class Full:
        """A run file on a disk that fills up at the first write."""

        def __init__(self) -> None:
            self.file = real()

        def write(self, data: bytes) -> int:
            raise OSError(28, "No space left on device")

        def __getattr__(self, name: str) -> object:
            return getattr(self.file, name)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.file.close()

    monkeypatch.setattr(cybergraph.core.extsort.tempfile, "TemporaryFile", Full)
    assert main(["export", "-f", "ntriples", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"error: cannot write the sort's run files in the temporary folder {small}: no space left on the"
        " device (the disk is full)\n  hint: set TMPDIR to a folder you can write to, with free space\n"
    )
    assert target.read_text() == "previous release\n"
    assert [p.name for p in tmp_path.iterdir() if p.name != "tmp"] == ["graph.nt"]
    assert list(small.iterdir()) == []

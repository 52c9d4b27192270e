"""A large contribution is refused past a documented number of triples, and below it validation time
follows the size of the contribution: what each fix replaced gives the same answers.

No timing is asserted here (bench/compare.py measures "validate 10,000 new entities").
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from bench.generate import new_entities
from rdflib import Graph, Literal, URIRef

from cybergraph.cli import main
from cybergraph.core.errors import InputError
from cybergraph.core.limits import DEFAULT_MAX_TRIPLES
from cybergraph.graph.build import BuiltGraph, build
from cybergraph.graph.reason import closure
from cybergraph.rdf.rdflib_bridge import from_ox
from cybergraph.rdf.read import read_triples
from cybergraph.rdf.terms import ENTITIES, XSD
from cybergraph.rdf.vocab import CG
from cybergraph.validation import shapes, terms
from cybergraph.validation.consistency import ill_typed
from cybergraph.validation.findings import Check
from cybergraph.validation.pipeline import validate
from cybergraph.validation.view import view

FIXTURE = Path(__file__).resolve().parent.parent / "validation" / "data"
AGENTS = [ENTITIES + "un-general-assembly", ENTITIES + "itu"]


@pytest.fixture(scope="module")
def fixture_graph() -> BuiltGraph:
    return build(data=FIXTURE)


def test_a_contribution_over_the_triple_limit_is_refused_as_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "test-report-s2.ttl"
    path.write_text(new_entities(3, AGENTS), encoding="utf-8")  # 18 triples
    with pytest.raises(InputError) as caught:
        validate([path], data=FIXTURE, timeout=None, max_triples=10)
    assert caught.value.render() == (
        f"{path}: error: the contribution is over the limit of 10 triples (--max-triples):"
        " parsing stopped at triple 11\n"
        "  hint: split it into smaller contributions, validated one after the other"
    )


def test_the_triple_limit_counts_every_file_of_the_contribution(tmp_path: Path) -> None:
    first, second = tmp_path / "test-report-s1.ttl", tmp_path / "test-report-s2.ttl"
    first.write_text(new_entities(2, AGENTS), encoding="utf-8")  # 12 triples
    second.write_text(new_entities(2, AGENTS).replace("bench-new-", "other-new-"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        validate([first, second], data=FIXTURE, timeout=None, max_triples=20)
    assert caught.value.position is not None and caught.value.position.path.endswith("test-report-s2.ttl")
    assert caught.value.message.startswith("the contribution is over the limit of 20 triples")


def test_the_triple_limit_is_an_option_with_a_documented_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert DEFAULT_MAX_TRIPLES == 100_000
    assert (
        "--max-triples N refuse a contribution of more than N triples, as soon as it is parsed" in help_text
    )
    assert "(default: 100,000;" in help_text
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "--max-triples" in readme and "100,000 triples" in readme


def test_many_new_entities_that_refer_to_existing_ones_conform(tmp_path: Path) -> None:
    path = tmp_path / "test-report-s2.ttl"
    path.write_text(new_entities(300, AGENTS), encoding="utf-8")
    report = validate([path], data=FIXTURE, timeout=None)
    assert report.findings == []
    assert report.focus_nodes == 302  # the new entities and the two agents they point to


def test_ill_typed_literals_are_found_as_owlrl_finds_them_in_the_closure() -> None:
    values = {
        "date": ["2002-12-20", "2002-13-01", "20 Dec 2002", "2002-02-30"],
        "gYear": ["2002", "02", "year"],
        "gYearMonth": ["2002-12", "2002-13"],
        "integer": ["12", "-3", "1.5", "x"],
        "positiveInteger": ["1", "0", "-1"],
        "nonNegativeInteger": ["0", "-1"],
        "decimal": ["1.50", "-0.5"],  # an invalid one stops owlrl's closure: see the test below
        "boolean": ["true", "0"],
        "dateTime": ["2002-12-20T10:00:00Z", "2002-12-20"],
        "anyURI": ["https://example.org/", "not a uri"],
        "string": ["anything"],
    }
    literals = [
        ox.Literal(text, datatype=ox.NamedNode(XSD + kind))
        for kind, texts in values.items()
        for text in texts
    ]
    literals += [ox.Literal("x", language="en"), ox.Literal("plain")]
    triples = [ox.Triple(ox.NamedNode(f"urn:s{i}"), CG.adoptionDate, lit) for i, lit in enumerate(literals)]
    graph = Graph()
    for t in triples:
        graph.add((URIRef(t.subject.value), from_ox(t.predicate), from_ox(t.object)))
    expected = closure(graph).errors
    assert sorted(ill_typed(triples)) == sorted(expected)
    # The closure's verdict on a date-only xsd:dateTime depends on what rdflib has loaded before (pySHACL
    # adds converters); these are ill-typed whatever was loaded.
    flagged = {error.split("'")[1] for error in expected}
    assert {"2002-13-01", "20 Dec 2002", "2002-02-30", "1.5", "x", "-1"} <= flagged
    assert isinstance(from_ox(literals[0]), Literal)


def test_a_literal_that_stops_owlrl_is_an_ill_typed_literal_too() -> None:
    """owlrl's closure raised decimal.InvalidOperation on "1,5"^^xsd:decimal: an internal error."""
    literal = ox.Literal("1,5", datatype=ox.NamedNode(XSD + "decimal"))
    assert ill_typed([ox.Triple(ox.NamedNode("urn:s"), CG.adoptionDate, literal)]) == [
        f"Lexical value of the literal '1,5' does not match its datatype ({XSD}decimal)"
    ]


def test_many_label_keys_find_the_same_labels_as_few(project: BuiltGraph) -> None:
    existing = terms.Existing(project.store)
    every = list(existing.labels())
    keys = sorted({terms.normalise(text) for _, _, text in every})
    assert len(keys) > 64  # enough to take the path that fetches every label once
    few: set[tuple[ox.NamedNode, ox.NamedNode, str]] = set()
    for start in range(0, len(keys), 50):
        few |= set(existing.labels_like(keys[start : start + 50]))
    assert set(existing.labels_like(keys)) == few
    assert {(s, p, t) for s, p, t in every} <= few


def test_many_new_entities_with_one_label_each_name_the_first_three_others(tmp_path: Path) -> None:
    text = re.sub(r'rdfs:label "[^"]*"@en', 'rdfs:label "Same name"@en', new_entities(40, AGENTS))
    path = tmp_path / "test-report-s2.ttl"
    path.write_text(text, encoding="utf-8")
    report = validate([path], data=FIXTURE, timeout=None)
    duplicates = [f for f in report.findings if f.check is Check.DUPLICATE]
    # Each new entity after the first matches the ones before it, in order, at most three of them.
    assert len(duplicates) == sum(min(i, 3) for i in range(40))
    first = {f.message.split(': "')[0] for f in duplicates if f.entity == ENTITIES + "bench-new-39"}
    assert first == {
        "likely the same as cgid:bench-new-0",
        "likely the same as cgid:bench-new-1",
        "likely the same as cgid:bench-new-10",
    }


def _targets_by_brute_force(shapes_graph: Graph, data: Graph, focus: list[ox.NamedNode]) -> set[object]:
    """What `restrict` replaced: every focus node tried against every targeted shape."""
    from rdflib.namespace import SH

    cache: dict[object, set[object]] = {}
    out = set()
    for shape in shapes.targeted_shapes(shapes_graph):
        explicit = set(shapes_graph.objects(shape, SH.targetNode))
        classes = shapes._class_targets(shapes_graph, shape)
        subjects_of = list(shapes_graph.objects(shape, SH.targetSubjectsOf))
        objects_of = list(shapes_graph.objects(shape, SH.targetObjectsOf))
        for node in map(from_ox, focus):
            types = shapes._classes(data, node, cache)  # type: ignore[arg-type]
            if (
                node in explicit
                or (classes and classes & types)
                or any((node, p, None) in data for p in subjects_of)
                or any((None, p, node) in data for p in objects_of)
            ):
                out.add((shape, node))
    return out


def test_shapes_target_the_same_focus_nodes_as_trying_every_shape(fixture_graph: BuiltGraph) -> None:
    from rdflib.namespace import SH

    from cybergraph.core.resources import layout

    shapes_graph = shapes.load_shapes(layout().shapes_file)
    store = fixture_graph.store
    focus = sorted(
        {
            q.subject
            for q in store
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ENTITIES)
        },
        key=lambda n: n.value,
    )
    data = view(store)
    restricted = shapes.restrict(shapes_graph, data, focus)
    found = {(s, o) for s, _, o in restricted.triples((None, SH.targetNode, None))}
    assert found == _targets_by_brute_force(shapes_graph, data, focus)
    assert len(found) > len(focus)


def test_shapes_checked_in_shares_find_what_one_run_finds(fixture_graph: BuiltGraph, tmp_path: Path) -> None:
    from cybergraph.core.resources import layout

    text = new_entities(30, AGENTS).replace('cg:adoptionDate "2010', 'cg:adoptionDate "2010-13')
    text = re.sub(r'rdfs:label "Benchmark resolution (\d)"@en', r'rdfs:label "Resolution \1"@de', text)
    path = tmp_path / "new.ttl"
    path.write_text(text, encoding="utf-8")
    added = read_triples(path)
    merged = view(fixture_graph.store, added)
    focus = sorted({t.subject for t in added}, key=lambda n: n.value)  # type: ignore[attr-defined]
    shapes_graph = shapes.load_shapes(layout().shapes_file)
    one = shapes.validate_nodes(merged, shapes_graph, focus, parts=1)
    shared = shapes.validate_nodes(merged, shapes_graph, focus, parts=3)
    assert len(one) > 10
    assert sorted(map(repr, shared)) == sorted(map(repr, one))


WORKER = """
import os, sys, time
from cybergraph.core.sandbox import fork_map

def work(n):
    with open(sys.argv[1] + str(n), "w") as f:
        f.write(str(os.getpid()))
    time.sleep(60)

fork_map(work, [0, 1, 2])
"""


def test_the_workers_die_with_the_process_that_shares_out_the_work(tmp_path: Path) -> None:
    """A time limit kills the validation worker with SIGKILL: the processes it forked must not outlive it."""
    import signal
    import subprocess
    import sys
    import time

    from cybergraph.core.sandbox import parallel_workers

    if parallel_workers() == 1:
        pytest.skip("work is not shared between processes here")
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(script), str(tmp_path / "pid-")])
    try:
        files = [tmp_path / f"pid-{n}" for n in range(3)]
        deadline = time.monotonic() + 30
        while not all(f.exists() and f.read_text() for f in files) and time.monotonic() < deadline:
            time.sleep(0.05)
        pids = [int(f.read_text()) for f in files]
        assert len(set(pids)) == 3 and process.pid in pids
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    deadline = time.monotonic() + 10
    alive = [p for p in pids if p != process.pid]
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if _running(p)]
        time.sleep(0.05)
    assert alive == []


def _running(pid: int) -> bool:
    """Whether a process runs (a zombie awaiting its reaper does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(") ", 1)[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def test_many_ill_typed_literals_are_each_placed_on_their_entity(tmp_path: Path) -> None:
    """Each owlrl message was matched against every literal of the contribution: n² for n errors."""
    text = new_entities(50, AGENTS)
    counter = iter(range(50))
    text = re.sub(r'cg:adoptionDate "[^"]*"', lambda _: f'cg:adoptionDate "2010-13-{next(counter)}"', text)
    path = tmp_path / "test-report-s2.ttl"
    path.write_text(text, encoding="utf-8")
    report = validate([path], data=FIXTURE, timeout=None)
    assert report.stopped_after is Check.CONSISTENCY
    assert sorted((f.entity, f.value) for f in report.findings) == sorted(
        (ENTITIES + f"bench-new-{i}", f'"2010-13-{i}"^^<{XSD}date>') for i in range(50)
    )

"""Benchmark: cybergraph against the plain rdflib path and raw pyoxigraph, side by side, at every size.

    python bench/compare.py [--sizes project,10k,100k,1m] [--cap 300] [--out bench/RESULTS.md]

For each size (the project's own data, and synthetic folders from bench/generate.py, generated when
missing) every operation runs three ways:

(a) cybergraph, through its library API (`build`, `run_query`) and its command line (`validate`,
    `export`, a cold `query` process);
(b) the plain path a user would write: rdflib parse, owlrl closure, rdflib SPARQL, pySHACL on the whole
    graph, rdflib serialisation;
(c) raw pyoxigraph with no tool around it: bulk_load into an on-disk store, queries, serialisation.

Each operation runs in a fresh process, so its wall time and peak memory (the process's maximum
resident set, from wait4) are its own; one that runs longer than the cap is killed and reported as
"> cap", and is not tried again at a larger size. Library operations time the call itself (what the
process needs first, such as parsing for rdflib, is not counted but is in the memory figure); command
line operations time the whole process. A command that the tool does not have yet is reported as
"n/a (not available)".

The figures of each size go to bench/results/<size>.json (committed) and the table of every size to
bench/RESULTS.md: a run of some sizes replaces only their files and sections, so the report always holds
the latest measurement of every size, each with its own date and machine.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import datetime
import itertools
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
ONTOLOGY = ROOT / "ontology" / "cybergraph.ttl"
SHAPES = ROOT / "shapes" / "cybergraph.shapes.ttl"
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}  # 10m: `make bench-10m`
DEFAULT_SIZES = ("project", "10k", "100k", "1m")
SEED = 1
CAP = 300.0
CG_ID = "https://w3id.org/cybergraph/id/"
CG_GRAPH = "https://w3id.org/cybergraph/graph/"
DEFAULT_GRAPH_URI = CG_GRAPH + "default"  # where Virtuoso's bulk loader puts the dump's default graph
SH = "http://www.w3.org/ns/shacl#"
NOT_AVAILABLE = "n/a (not available)"
COLD_QUERY = "members"  # the stored query of the cold-process row, when the tool has it
COLD_RUNS = 9  # runs of each way in the cold-process row, whose median is the figure
FULL_SCAN = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }\n"
NEW_ENTITIES = 10_000  # the large contribution: new entities of 6 triples each (bench.generate.new_entities)
PROJECT_AGENTS = ("un-general-assembly", "ecosoc", "council-of-europe", "cnd", "ccpcj", "apec")

# -- measuring a process


@dataclass
class Measure:
    """One operation done one way: `status` is ok, cap, n/a or error."""

    status: str
    seconds: float | None = None  # the operation's own time
    wall: float | None = None  # the whole process
    rss_mb: float | None = None  # the process's peak resident memory
    note: str = ""
    cap: float | None = None  # the cap it ran under

    def cell(self, cap: float) -> str:
        if self.status == "ok" and self.seconds is not None:
            memory = f", {self.rss_mb:,.0f} MB" if self.rss_mb is not None else ""
            return f"{_seconds(self.seconds)}{memory}"
        if self.status == "cap":
            return f"> {self.cap or cap:g} s" + (" (skipped)" if self.note.startswith("skipped") else "")
        if self.status == "n/a":
            return self.note or "n/a"
        return "error"


def _seconds(value: float) -> str:
    if value < 0.01:
        return f"{value * 1000:.1f} ms"
    if value < 10:
        return f"{value:.2f} s"
    return f"{value:.1f} s"


@dataclass
class Run:
    returncode: int | None
    wall: float
    rss_mb: float
    killed: bool
    stderr: str


def run_process(argv: list[str], *, cap: float, env: dict[str, str], stdout: Path) -> Run:
    """Run argv in its own process group; kill the group after `cap` seconds."""
    stderr_path = stdout.with_suffix(stdout.suffix + ".err")
    started = time.perf_counter()
    killed = False
    with stdout.open("wb") as out, stderr_path.open("wb") as err:
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=ROOT, start_new_session=True)
        # Waited for, not polled: a poll every 5 ms added up to 5 ms to each figure (a cold `query` is
        # 50 ms) and took a core's time slices from the process measured; a timer kills it at the cap.
        expired = threading.Event()

        def stop() -> None:
            expired.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(cap, stop)
        timer.daemon = True
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        killed = expired.is_set()
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: tell Popen
    text = stderr_path.read_text(encoding="utf-8", errors="replace")
    return Run(proc.returncode, wall, usage.ru_maxrss / 1024, killed, text)


# -- the operations, run inside the measured process (`--worker NAME`)


def data_graphs(data: Path) -> list[tuple[Path, str]]:
    """The files a graph is built from and their graph names, by the project's layout rules."""
    files = [(ONTOLOGY, CG_GRAPH + "ontology")]
    for path in sorted(data.rglob("*.ttl")):
        rel = path.relative_to(data)
        if rel.parts[0] == "facts" and len(rel.parts) == 2:
            files.append((path, CG_ID + path.stem))
        elif len(rel.parts) == 1:
            files.append((path, CG_GRAPH + path.stem))
    return files


def _rdflib_graph(spec: dict[str, Any]) -> Any:
    """Every file parsed into one rdflib Graph: what reasoners, validators and serialisers take."""
    from rdflib import Graph

    graph = Graph()
    for path, _ in data_graphs(Path(spec["data"])):
        graph.parse(path, format="turtle")
    return graph


def _rdflib_dataset(spec: dict[str, Any]) -> Any:
    """Every file parsed into its named graph of an rdflib Dataset, the default graph their union."""
    from rdflib import Dataset, URIRef

    dataset = Dataset(default_union=True)
    for path, name in data_graphs(Path(spec["data"])):
        dataset.graph(URIRef(name)).parse(path, format="turtle")
    return dataset


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = work()
    return time.perf_counter() - started, value


def _best(work: Callable[[], Any]) -> tuple[float, Any]:
    """The fastest of three runs when one takes under a second (small timings are noisy), else one run."""
    seconds, value = _timed(work)
    if seconds < 1.0:
        for _ in range(2):
            again, value = _timed(work)
            seconds = min(seconds, again)
    return seconds, value


def violations(report: Any) -> list[list[str]]:
    """(focus node, result path, constraint component) of each sh:Violation of a pySHACL report graph."""
    from rdflib import URIRef

    out = []
    for result in report.subjects(URIRef(SH + "resultSeverity"), URIRef(SH + "Violation")):
        focus = report.value(result, URIRef(SH + "focusNode"))
        path = report.value(result, URIRef(SH + "resultPath"))
        component = report.value(result, URIRef(SH + "sourceConstraintComponent"))
        out.append([str(focus), "" if path is None else str(path), str(component)])
    return sorted(out)


def shacl_violations(graph: Any, shapes: Path = SHAPES) -> list[list[str]]:
    """pySHACL on a whole graph as the shapes file says to run it: no inference, no advanced features."""
    import pyshacl
    from rdflib import Graph

    _conforms, report, _text = pyshacl.validate(
        graph,
        shacl_graph=Graph().parse(shapes, format="turtle"),
        inference="none",
        advanced=False,
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
    )
    return violations(report)


def _a_build(spec: dict[str, Any]) -> dict[str, Any]:
    from cybergraph.graph.build import build

    seconds, built = _timed(lambda: build(data=spec["data"], force=True))
    return {"seconds": seconds, "quads": len(built.store)}


def _a_inference(spec: dict[str, Any]) -> dict[str, Any]:
    import pyoxigraph as ox

    from cybergraph.graph.rules import infer_store

    store = ox.Store()
    for path, graph in data_graphs(Path(spec["data"])):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
    seconds, added = _timed(lambda: infer_store(store))
    return {"seconds": seconds, "inferred": added}


def _a_prepare(spec: dict[str, Any]) -> dict[str, Any]:
    """Not measured: the stored queries with their parameters bound, for (b) and (c) to run the same text."""
    from cybergraph.graph.build import build
    from cybergraph.query import catalogue as queries
    from cybergraph.query.engine import Embedded
    from cybergraph.query.run import prepare

    built = build(data=spec["data"])
    engine = Embedded(built.store)
    out: dict[str, Any] = {"store": str(built.path / "store") if built.path else None, "queries": {}}
    for stored in queries.catalogue():
        params = _params(stored, spec["params"])
        try:
            text = prepare(stored, engine=engine, params=params, timeout=None).text
        except Exception as exc:  # a parameter the data cannot satisfy: that query is an error row
            out["queries"][stored.name] = {"error": str(exc).splitlines()[0]}
            continue
        target = Path(spec["work"]) / "queries" / f"{stored.name}.rq"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        out["queries"][stored.name] = {"file": str(target), "params": params}
    return out


def _params(stored: Any, known: dict[str, str]) -> dict[str, str]:
    """The size's values for the query's parameters; the header's example for a required one left over.

    An optional parameter is left out: the query then answers for every entity, which is what grows with
    the graph. One with a default (an entity of the project's data) takes the size's value.
    """
    params = {p.name: known[p.name] for p in stored.params if p.name in known and not p.optional}
    missing = [p.name for p in stored.params if p.name not in params and p.required]
    if missing and stored.examples:
        example = stored.example_params(0)
        params.update({name: example[name] for name in missing if name in example})
    return params


def _a_query(spec: dict[str, Any]) -> dict[str, Any]:
    from cybergraph.graph.build import build
    from cybergraph.query.run import run_query

    built = build(data=spec["data"])
    seconds, result = _best(
        lambda: run_query(spec["name"], store=built.store, params=spec["params"], timeout=None)
    )
    rows = len(getattr(result, "rows", ()) or getattr(result, "triples", ()))
    return {"seconds": seconds, "rows": rows, "columns": len(getattr(result, "variables", ()))}


def floor_text(rows: int, columns: int) -> str:
    """A query that computes nothing and answers `rows` rows of `columns` stored terms: the quads as they
    are, a variable repeated where more columns are wanted (each cell is read from the store again)."""
    names = ["?s", "?p", "?o", "?g"]
    names += [f"({names[i % 4]} AS ?c{i + 1})" for i in range(4, columns)]
    return f"SELECT {' '.join(names[: max(columns, 1)])} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT {rows}\n"


def _a_floor(spec: dict[str, Any]) -> dict[str, Any]:
    """The floor under a query with a large answer: an answer of the same size read from the same store the
    way a stored query's is once prepared (in a worker, the answer sent back), with nothing to compute.
    Through the engine, not `run_query`: a user's text would first be checked by rdflib's SPARQL grammar,
    a fixed 0.15-0.25 s that a stored query does not pay."""
    from cybergraph.graph.build import build
    from cybergraph.query.engine import Embedded
    from cybergraph.query.results import Solutions

    engine = Embedded(build(data=spec["data"]).store)
    text = Path(spec["file"]).read_text(encoding="utf-8")
    seconds, result = _best(lambda: engine.run(text, "SELECT", None))
    return {"seconds": seconds, "rows": len(result.rows) if isinstance(result, Solutions) else 0}


def _b_parse(spec: dict[str, Any]) -> dict[str, Any]:
    seconds, graph = _timed(lambda: _rdflib_graph(spec))
    return {"seconds": seconds, "triples": len(graph)}


def _b_inference(spec: dict[str, Any]) -> dict[str, Any]:
    import owlrl

    graph = _rdflib_graph(spec)
    before = len(graph)
    closure = owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False)
    seconds, _ = _timed(lambda: closure.expand(graph))
    return {"seconds": seconds, "inferred": len(graph) - before}


def _b_query(spec: dict[str, Any]) -> dict[str, Any]:
    graph = _rdflib_dataset(spec)  # the stored queries ask which section states a fact: GRAPH ?section
    text = Path(spec["file"]).read_text(encoding="utf-8")
    seconds, rows = _best(lambda: list(graph.query(text)))
    return {"seconds": seconds, "rows": len(rows)}


def _b_validate(spec: dict[str, Any]) -> dict[str, Any]:
    graph = _rdflib_graph(spec)
    graph.parse(spec["contribution"], format="turtle")
    seconds, found = _timed(lambda: shacl_violations(graph))
    Path(spec["work"], "b-validate-violations.json").write_text(json.dumps(found, indent=1), encoding="utf-8")
    return {"seconds": seconds, "violations": len(found)}


def _b_export(spec: dict[str, Any]) -> dict[str, Any]:
    graph = _rdflib_graph(spec)
    fmt = {"turtle": "turtle", "ntriples": "nt"}[spec["format"]]
    seconds, _ = _timed(lambda: graph.serialize(destination=spec["output"], format=fmt))
    return {"seconds": seconds, "bytes": Path(spec["output"]).stat().st_size}


def _c_parse(spec: dict[str, Any]) -> dict[str, Any]:
    import pyoxigraph as ox

    target = Path(spec["store"])
    shutil.rmtree(target, ignore_errors=True)

    def load() -> ox.Store:
        store = ox.Store(str(target))
        for path, graph in data_graphs(Path(spec["data"])):
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
        store.flush()
        return store

    seconds, store = _timed(load)
    return {"seconds": seconds, "quads": len(store)}


def _c_query(spec: dict[str, Any]) -> dict[str, Any]:
    import pyoxigraph as ox

    store = ox.Store.read_only(spec["store"])
    text = Path(spec["file"]).read_text(encoding="utf-8")

    def run() -> int:
        answer = store.query(text)
        if isinstance(answer, ox.QueryBoolean):
            return 1
        return len([tuple(row) for row in answer])

    seconds, rows = _best(run)
    return {"seconds": seconds, "rows": rows}


def _v_query(spec: dict[str, Any]) -> dict[str, Any]:
    """The same query text on a SPARQL endpoint (Virtuoso), the dump's default graph named as the README
    says; the rows (or triples) of the answer."""
    import urllib.parse
    import urllib.request

    import pyoxigraph as ox

    text = Path(spec["file"]).read_text(encoding="utf-8")
    body = urllib.parse.urlencode({"query": text, "default-graph-uri": spec["graph"]}).encode()

    def run() -> int:
        request = urllib.request.Request(
            spec["url"],
            data=body,
            headers={"Accept": "application/sparql-results+json, text/turtle;q=0.9"},
        )
        with urllib.request.urlopen(request, timeout=spec.get("timeout", 600)) as answer:
            kind = answer.headers.get("Content-Type", "")
            data = answer.read()
        if "json" in kind:
            parsed = json.loads(data)
            return 1 if "boolean" in parsed else len(parsed["results"]["bindings"])
        return sum(1 for _ in ox.parse(data, format=ox.RdfFormat.TURTLE))

    seconds, rows = _best(run)
    return {"seconds": seconds, "rows": rows}


WORKERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "a.build": _a_build,
    "a.inference": _a_inference,
    "a.prepare": _a_prepare,
    "a.query": _a_query,
    "a.floor": _a_floor,
    "b.parse": _b_parse,
    "b.inference": _b_inference,
    "b.query": _b_query,
    "b.validate": _b_validate,
    "b.export": _b_export,
    "c.parse": _c_parse,
    "c.query": _c_query,
    "v.query": _v_query,
}

# The bare scripts of (c) that a user would write: only pyoxigraph imported.
BARE_EXPORT = (
    "import sys, pyoxigraph as ox\n"
    "store = ox.Store.read_only(sys.argv[1])\n"
    # The raw store holds named graphs only (one per file): their union is what (a) exports.
    "answer = store.query('CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }', use_default_graph_as_union=True)\n"
    "answer.serialize(sys.argv[2], format={'turtle': ox.RdfFormat.TURTLE, "
    "'ntriples': ox.RdfFormat.N_TRIPLES}[sys.argv[3]])\n"
)
BARE_QUERY = (
    "import sys, pyoxigraph as ox\n"
    "store = ox.Store.read_only(sys.argv[1])\n"
    "with open(sys.argv[2], encoding='utf-8') as f:\n"
    "    answer = store.query(f.read())\n"
    "answer.serialize(sys.stdout.buffer, format=ox.QueryResultsFormat.TSV)\n"
)


def worker_main(name: str, spec_text: str, result_path: str) -> int:
    spec = json.loads(spec_text)
    try:
        result = WORKERS[name](spec)
    except (ImportError, AttributeError) as exc:
        # The API this operation needs is not there (yet): report it as not available.
        result = {"status": "n/a", "note": f"{NOT_AVAILABLE}: {exc}"}
    Path(result_path).write_text(json.dumps(result), encoding="utf-8")
    return 0


# -- the harness


@dataclass
class Row:
    """One operation at one size, done the three ways."""

    key: str
    label: str
    cells: dict[str, Measure] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class SizeReport:
    size: str
    data: str
    triples: int | None
    rows: list[Row] = field(default_factory=list)
    measured: str = ""  # when (UTC, ISO 8601)
    machine: dict[str, str] = field(default_factory=dict)  # where and with which versions
    cap: float | None = None  # the cap it ran under

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> SizeReport:
        rows = [
            Row(r["key"], r["label"], {w: Measure(**m) for w, m in r["cells"].items()}, r.get("extra", {}))
            for r in raw["rows"]
        ]
        return cls(
            raw["size"],
            raw["data"],
            raw["triples"],
            rows,
            raw.get("measured", ""),
            raw.get("machine", {}),
            raw.get("cap"),
        )

    def row(self, key: str) -> Row | None:
        return next((r for r in self.rows if r.key == key), None)


class Harness:
    def __init__(
        self,
        *,
        cap: float = CAP,
        out: Path = BENCH / "out",
        data_root: Path = BENCH / "data",
        only_queries: list[str] | None = None,
        caps: dict[str, float] | None = None,
        ways: dict[str, str] | None = None,
        log: Callable[[str], None] | None = None,
        new_entities: int = NEW_ENTITIES,
        virtuoso: bool = True,
        build_only: bool = False,
    ) -> None:
        self.cap = cap
        self.virtuoso = virtuoso
        self.build_only = build_only  # only parse, inference and build (the 10m size)
        self.new_entities = new_entities
        self.ways = ways or {}  # size (or "*") -> which of "abc" to run
        self.caps = caps or {}  # a smaller cap for some operations (row key without ":name"), for smoke tests
        self.out = out
        self.data_root = data_root
        self.only_queries = only_queries
        self.log = log or (lambda text: print(text, file=sys.stderr, flush=True))
        self.over_cap: dict[tuple[str, str], str] = {}  # (row key, way) -> size where it went over
        self.env = dict(os.environ, CYBERGRAPH_CACHE=str(out / "cache"), PYTHONHASHSEED="0")
        self.cli = self._cli()
        self.reports: list[SizeReport] = []  # every size measured so far, the current one included
        self.progress: Callable[[], None] = lambda: None  # called after every operation

    @staticmethod
    def _cli() -> list[str]:
        script = Path(sys.executable).with_name("cybergraph")
        return [str(script)] if script.exists() else [sys.executable, "-m", "cybergraph"]

    # one measured operation

    def worker(self, work: Path, name: str, spec: dict[str, Any], *, tag: str) -> Measure:
        result_path = work / f"{tag}.json"
        result_path.unlink(missing_ok=True)
        argv = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--worker",
            name,
            json.dumps(spec),
            str(result_path),
        ]
        run = run_process(argv, cap=self.cap, env=self.env, stdout=work / f"{tag}.out")
        if run.killed:
            return Measure("cap", wall=run.wall, rss_mb=run.rss_mb)
        if run.returncode != 0 or not result_path.exists():
            return Measure("error", wall=run.wall, rss_mb=run.rss_mb, note=_last_line(run.stderr))
        result = json.loads(result_path.read_text(encoding="utf-8"))
        if result.get("status") == "n/a":
            return Measure("n/a", note=NOT_AVAILABLE)
        return Measure("ok", result["seconds"], run.wall, run.rss_mb, note=_facts(result))

    def process(self, work: Path, argv: list[str], *, tag: str, ok_codes: tuple[int, ...] = (0,)) -> Measure:
        """A whole command as the measured operation (its wall time is the figure)."""
        run = run_process(argv, cap=self.cap, env=self.env, stdout=work / f"{tag}.out")
        if run.killed:
            return Measure("cap", wall=run.wall, rss_mb=run.rss_mb)
        if run.returncode == 2 and "invalid choice" in run.stderr:
            return Measure("n/a", note=NOT_AVAILABLE)
        if run.returncode not in ok_codes:
            return Measure("error", wall=run.wall, rss_mb=run.rss_mb, note=_last_line(run.stderr))
        return Measure("ok", run.wall, run.wall, run.rss_mb)

    def processes(
        self, work: Path, argvs: dict[str, list[str]], *, tag: str, runs: int
    ) -> dict[str, Measure]:
        """Each way's command `runs` times, the ways alternating, after one unmeasured run of each: the
        median run of each way (or the first that did not end well)."""
        walls: dict[str, list[float]] = {way: [] for way in argvs}
        memory: dict[str, float] = dict.fromkeys(argvs, 0.0)
        for turn in range(runs + 1):
            for way, argv in argvs.items():
                measure = self.process(work, argv, tag=f"{way}-{tag}")
                if measure.status != "ok":
                    return {way: measure}
                if turn and measure.wall is not None:
                    walls[way].append(measure.wall)
                    memory[way] = max(memory[way], measure.rss_mb or 0.0)
        out = {}
        for way, times in walls.items():
            middle = statistics.median(times)
            note = f"median of {runs}, best {_seconds(min(times))}"
            out[way] = Measure("ok", middle, middle, memory[way], note=note)
        return out

    def measured(
        self, size: str, key: str, way: str, do: Callable[..., Measure], *args: Any, **kw: Any
    ) -> Measure:
        """`do(*args, **kw)`, unless it went over the cap at a smaller size; remember if it goes over now."""
        if way != "v" and way not in self.ways.get(size, self.ways.get("*", "abc")):
            return Measure("n/a", note="not run")
        if (key, way) in self.over_cap:
            return Measure("cap", note=f"skipped: over the cap at {self.over_cap[(key, way)]}")
        self.log(f"  {size} {way} {key} ...")
        saved, self.cap = self.cap, min(self.cap, self.caps.get(key.split(":")[0], self.cap))
        try:
            measure: Measure = do(*args, **kw)
            measure.cap = self.cap
        finally:
            self.cap = saved
        if measure.status == "cap":
            self.over_cap[(key, way)] = size
        self.progress()
        self.log(f"  {size} {way} {key}: {measure.cell(self.cap)} {measure.note}")
        return measure

    # one size

    def data_for(self, size: str) -> tuple[Path, dict[str, Any]]:
        if size == "project":
            return ROOT / "data", {}
        folder = self.data_root / size
        manifest_path = folder / "manifest.json"
        manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
        from bench.generate import generator_digest

        current = manifest.get("target_triples") == SIZES[size]
        if current and manifest.get("generator_digest") != generator_digest():
            self.log(f"{folder} was written by another version of bench/generate.py")
            current = False
        if not current:
            self.log(f"generating {size} into {folder}")
            # In a process of its own: the harness's peak memory is a floor under every process it starts
            # (Linux keeps a process's peak across fork and exec), so it must stay small.
            generator = [sys.executable, str(BENCH / "generate.py"), "--triples", str(SIZES[size])]
            subprocess.run([*generator, "--seed", str(SEED), "--out", str(folder)], check=True, cwd=ROOT)
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        return folder, manifest

    def contribution(self, size: str, manifest: dict[str, Any], work: Path) -> Path:
        if manifest:
            spec = manifest["contribution"]
            text, name = spec["turtle"], spec["file"]
        else:
            # The project's data: a new resolution stated by one of its sections.
            sections = sorted((ROOT / "data" / "facts").glob("*.ttl"))
            name = sections[0].name if sections else "contribution.ttl"
            text = PROJECT_CONTRIBUTION
        path = work / "contribution" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def run_size(self, size: str) -> SizeReport:
        data, manifest = self.data_for(size)
        work = self.out / size
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        params = dict(manifest.get("query_params", {}))
        if manifest and "section" not in params:  # folders generated before the query had this parameter
            first = min((data / "facts").glob("*.ttl"), default=None)
            if first is not None:
                params["section"] = CG_ID + first.stem
        when = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        report = SizeReport(
            size, str(data), manifest.get("triples"), measured=when, machine=machine(), cap=self.cap
        )
        self.reports.append(report)
        contribution = self.contribution(size, manifest, work)
        raw_store = work / "raw-store"
        base = {"data": str(data), "work": str(work), "params": params}
        m = self.measured

        parse = Row("parse", "parse the files (no inference)")
        parse.cells["a"] = Measure("n/a", note="n/a (part of build)")
        parse.cells["b"] = m(size, "parse", "b", self.worker, work, "b.parse", base, tag="b-parse")
        raw = {**base, "store": str(raw_store)}
        parse.cells["c"] = m(size, "parse", "c", self.worker, work, "c.parse", raw, tag="c-parse")
        inference = Row("inference", "inference (closure of the ontology)")
        inference.cells["a"] = m(
            size, "inference", "a", self.worker, work, "a.inference", base, tag="a-inference"
        )
        inference.cells["b"] = m(
            size, "inference", "b", self.worker, work, "b.inference", base, tag="b-inference"
        )
        inference.cells["c"] = Measure("n/a", note="n/a (no inference)")
        build = Row("build", "build: parse + inference + store")
        build.cells["a"] = m(size, "build", "a", self.worker, work, "a.build", base, tag="a-build")
        build.cells["b"] = _sum(parse.cells["b"], inference.cells["b"])
        build.cells["c"] = parse.cells["c"]
        build.extra["note"] = "(b) parse + owlrl closure; (c) bulk_load only: raw Oxigraph infers nothing"
        report.rows += [parse, inference, build]
        prepared = self._prepare(work, base) if not self.build_only or self.virtuoso else {}
        if self.build_only:
            # The move to a bigger store is measured at every size: the dump, its bulk load and the
            # catalogue in Virtuoso, where the embedded queries are not timed (10m).
            if self.virtuoso:
                names = self._names(prepared)
                report.rows += self._virtuoso(size, data, work, prepared, names, base)
            return report

        store = prepared.get("store") or str(raw_store)
        # The yardstick of the queries' target: one pass over every triple of the same built store.
        scan = Row("scan", "full scan `SELECT (COUNT(*) AS ?n) { ?s ?p ?o }` (c: on the built store)")
        scan_file = work / "queries" / "_full-scan.rq"
        scan_file.parent.mkdir(parents=True, exist_ok=True)
        scan_file.write_text(FULL_SCAN, encoding="utf-8")
        spec = {**base, "file": str(scan_file), "store": store}
        scan.cells["a"] = Measure("n/a", note="n/a")
        scan.cells["b"] = Measure("n/a", note="n/a")
        scan.cells["c"] = m(size, "scan", "c", self.worker, work, "c.query", spec, tag="c-scan")
        report.rows.append(scan)
        names = self._names(prepared)
        for name in names:
            info = prepared["queries"][name]
            row = Row(f"query:{name}", f"query {name}")
            report.rows.append(row)
            if "error" in info:
                row.cells = {w: Measure("error", note=info["error"]) for w in "abc"}
                continue
            spec = {**base, "name": name, "params": info["params"], "file": info["file"], "store": store}
            for way in "abc":
                row.cells[way] = m(
                    size, row.key, way, self.worker, work, f"{way}.query", spec, tag=f"{way}-q-{name}"
                )
            for fact in ("rows", "columns"):
                if (value := _note_figure(row.cells["a"].note, fact)) is not None:
                    row.extra[fact] = value
        report.rows += self._floors(size, work, base, report, store)

        validate = Row("validate", "validate a one-entity contribution (a: whole process)")
        argv = [*self.cli, "validate", str(contribution), "--data", str(data), "--timeout", "0"]
        validate.cells["a"] = m(
            size, "validate", "a", self.process, work, argv, tag="a-validate", ok_codes=(0, 1)
        )
        spec = {**base, "contribution": str(contribution)}
        validate.cells["b"] = m(
            size, "validate", "b", self.worker, work, "b.validate", spec, tag="b-validate"
        )
        validate.cells["c"] = Measure("n/a", note="n/a (no SHACL)")
        validate.extra["note"] = "(b) pySHACL on the whole graph with the contribution; parsing not counted"
        report.rows.append(validate)
        report.rows.append(self._validate_new(size, manifest, data, work, contribution.name))

        for fmt in ("turtle", "ntriples"):
            row = Row(f"export:{fmt}", f"export {fmt} (a, c: whole process)")
            target = str(work / f"export.{fmt}")
            argv = [*self.cli, "export", "--format", fmt, "--data", str(data), "-o", target + ".a"]
            row.cells["a"] = m(size, row.key, "a", self.process, work, argv, tag=f"a-export-{fmt}")
            spec = {**base, "format": fmt, "output": target + ".b"}
            row.cells["b"] = m(size, row.key, "b", self.worker, work, "b.export", spec, tag=f"b-export-{fmt}")
            argv = [sys.executable, "-c", BARE_EXPORT, str(raw_store), target + ".c", fmt]
            row.cells["c"] = m(size, row.key, "c", self.process, work, argv, tag=f"c-export-{fmt}")
            report.rows.append(row)

        queries = prepared.get("queries", {})
        cold = COLD_QUERY if COLD_QUERY in queries else (names[0] if names else COLD_QUERY)
        info = queries.get(cold, {})
        row = Row(f"cold:{cold}", f"cold `query {cold}` process, warm cache")
        argv = [*self.cli, "query", cold, "--data", str(data), "--timeout", "0"]
        for param, value in info.get("params", {}).items():
            argv += ["--param", f"{param}={value}"]
        argvs = {"a": argv}
        if "file" in info:
            argvs["c"] = [sys.executable, "-c", BARE_QUERY, store, info["file"]]
        # A few tens of milliseconds each, on a shared machine: one run says little, so the median of
        # COLD_RUNS runs of each, alternating, after one unmeasured run of each (the cache is warm: the
        # command has run on it before, as after `make run`).
        wanted = self.ways.get(size, self.ways.get("*", "abc"))
        argvs = {way: command for way, command in argvs.items() if way in wanted}
        self.log(f"  {size} {row.key} ({', '.join(argvs) or 'not run'}) ...")
        for way, cell in (self.processes(work, argvs, tag="cold", runs=COLD_RUNS) if argvs else {}).items():
            cell.cap = self.cap
            row.cells[way] = cell
            self.log(f"  {size} {way} {row.key}: {cell.cell(self.cap)} {cell.note}")
        self.progress()
        row.cells.setdefault("a", Measure("n/a", note="not run"))
        row.cells["b"] = Measure("n/a", note="n/a")
        row.cells.setdefault("c", Measure("n/a", note=NOT_AVAILABLE if "file" not in info else "not run"))
        row.extra["note"] = (
            "(c) a bare script: import pyoxigraph, open the same cached store, run the same query;"
            f" each the median of {COLD_RUNS} runs, alternating, after one unmeasured run of each"
        )
        report.rows.append(row)
        if self.virtuoso:
            report.rows += self._virtuoso(size, data, work, prepared, names, base)
        return report

    def _floors(
        self, size: str, work: Path, base: dict[str, Any], report: SizeReport, store: str
    ) -> list[Row]:
        """For each query over its target, the time to read an answer of its size (rows × columns) from a
        query that computes nothing, by cybergraph's call (a) and by raw pyoxigraph (c): how much of the
        query's time no query text can save."""
        limit = query_bound(report)
        if limit is None:
            return []
        floors = []
        for row in report.rows:
            a, rows, columns = _cell(row, "a"), row.extra.get("rows"), row.extra.get("columns")
            if not row.key.startswith("query:") or a.status != "ok" or (a.seconds or 0) <= limit:
                continue
            if not isinstance(rows, int) or not isinstance(columns, int) or not rows or not columns:
                continue
            name = row.key[6:]
            floor = Row(
                f"floor:{name}",
                f"read {rows:,} rows × {columns} stored terms, computing nothing ({name}'s answer size)",
            )
            file = work / "queries" / f"_floor-{name}.rq"
            file.write_text(floor_text(rows, columns), encoding="utf-8")
            spec = {**base, "file": str(file), "store": store}
            floor.cells["a"] = self.measured(
                size, floor.key, "a", self.worker, work, "a.floor", spec, tag=f"a-floor-{name}"
            )
            floor.cells["b"] = Measure("n/a", note="n/a")
            floor.cells["c"] = self.measured(
                size, floor.key, "c", self.worker, work, "c.query", spec, tag=f"c-floor-{name}"
            )
            # Fewer rows than asked where the store holds fewer quads.
            if (found := _note_figure(floor.cells["a"].note, "rows")) is not None:
                floor.extra["rows"] = found
            floors.append(floor)
        return floors

    def _names(self, prepared: dict[str, Any]) -> list[str]:
        """The stored queries to time: all that were prepared, or those asked for."""
        names = list(prepared.get("queries", {}))
        return [n for n in names if n in self.only_queries] if self.only_queries is not None else names

    def _virtuoso(
        self,
        size: str,
        data: Path,
        work: Path,
        prepared: dict[str, Any],
        names: list[str],
        base: dict[str, Any],
    ) -> list[Row]:
        """The dump (`export --format nquads --inferred`) in Virtuoso 7 through its bulk loader, as the
        README says to load it, and the same query texts there (the server of the tests, on free ports)."""
        if not (shutil.which("virtuoso-t") and shutil.which("isql-vt")):
            note = (
                "n/a (virtuoso-t is not installed: apt-get install -y virtuoso-opensource,"
                " as `make virtuoso` does as root)"
            )
            return [
                Row("virtuoso:load", "Virtuoso 7: bulk load of the dump", {"v": Measure("n/a", note=note)})
            ]
        from tests.virtuoso_server import start, stop

        folder = work / "virtuoso"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.log(f"  {size} virtuoso: starting")
        # A page cache for the size (Virtuoso's guide: 170,000 buffers per 2 GB of memory given to it),
        # and a query may run as long as the bench lets any operation run.
        buffers = min(340_000, max(10_000, SIZES.get(size, 0) // 30))
        process, server = start(folder, buffers=buffers, query_seconds=int(self.cap))
        rows = []
        try:
            dump = server.load_folder / "cybergraph.nq"
            export = Row("virtuoso:export", "Virtuoso 7: the dump, `export --format nquads --inferred`")
            argv = [
                *self.cli,
                "export",
                "--format",
                "nquads",
                "--inferred",
                "--data",
                str(data),
                "-o",
                str(dump),
            ]
            export.cells["v"] = self.measured(size, export.key, "v", self.process, work, argv, tag="v-export")
            rows.append(export)
            load = Row(
                "virtuoso:load", "Virtuoso 7: bulk load of the dump (ld_dir, rdf_loader_run, checkpoint)"
            )
            if export.cells["v"].status == "ok":
                started = time.perf_counter()
                try:
                    server.sql(
                        f"ld_dir('{server.load_folder}', 'cybergraph.nq', '{DEFAULT_GRAPH_URI}');"
                        " rdf_loader_run(); checkpoint;",
                        timeout=self.cap,
                    )
                    load.cells["v"] = Measure("ok", time.perf_counter() - started)
                except (AssertionError, subprocess.TimeoutExpired) as exc:
                    load.cells["v"] = Measure("error", note=_last_line(str(exc)))
                dump.unlink(missing_ok=True)
            else:
                load.cells["v"] = Measure("n/a", note="n/a (no dump)")
            rows.append(load)
            if load.cells["v"].status != "ok":
                return rows
            for name in names:
                info = prepared["queries"][name]
                if "error" in info:
                    continue
                row = Row(f"virtuoso:query:{name}", f"query {name}")
                spec = {**base, "file": info["file"], "url": server.sparql_url, "graph": DEFAULT_GRAPH_URI}
                row.cells["v"] = self.measured(
                    size, row.key, "v", self.worker, work, "v.query", spec, tag=f"v-q-{name}"
                )
                if (found := _note_figure(row.cells["v"].note, "rows")) is not None:
                    row.extra["rows"] = found
                rows.append(row)
        finally:
            stop(process, server)
            shutil.rmtree(folder, ignore_errors=True)
        return rows

    def _validate_new(self, size: str, manifest: dict[str, Any], data: Path, work: Path, name: str) -> Row:
        """A large contribution: new entities that refer to existing ones, validated by a whole process."""
        from bench.generate import new_entities

        row = Row("validate:new", f"validate {self.new_entities:,} new entities (a: whole process)")
        if manifest:
            found = re.findall(r"cg:adoptedBy\s+cgid:([\w.-]+)", manifest["contribution"]["turtle"])
        else:
            found = list(PROJECT_AGENTS)
        path = work / "new-entities" / name  # named after a section, as contributions are
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new_entities(self.new_entities, [CG_ID + a for a in found]), encoding="utf-8")
        argv = [*self.cli, "validate", str(path), "--data", str(data), "--timeout", "0"]
        row.cells["a"] = self.measured(
            size, row.key, "a", self.process, work, argv, tag="a-validate-new", ok_codes=(0, 1)
        )
        row.cells["b"] = Measure("n/a", note="n/a")
        row.cells["c"] = Measure("n/a", note="n/a (no SHACL)")
        row.extra["note"] = "6 triples each, adopted by existing agents; the whole command, start-up included"
        return row

    def _prepare(self, work: Path, base: dict[str, Any]) -> dict[str, Any]:
        path = work / "prepare.json"
        run = run_process(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--worker",
                "a.prepare",
                json.dumps(base),
                str(path),
            ],
            cap=self.cap,
            env=self.env,
            stdout=work / "prepare.out",
        )
        if run.returncode == 0 and path.exists():
            result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            if result.get("status") != "n/a":
                return result
        # Without the tool's query API: the stored files as they are, parameters unbound.
        self.log("  stored queries could not be prepared by the tool; using the files as they are")
        return {
            "store": None,
            "queries": {
                p.stem: {"file": str(p), "params": {}} for p in sorted((ROOT / "queries").glob("*.rq"))
            },
        }


PROJECT_CONTRIBUTION = """@prefix cg: <https://w3id.org/cybergraph/def#> .
@prefix cgid: <https://w3id.org/cybergraph/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

cgid:a-res-80-999 a cg:Resolution ;
    rdfs:label "UN resolution A/RES/80/999 (benchmark contribution)"@en ;
    dcterms:description "A resolution made up for the benchmark, sent as a contribution to the graph."@en ;
    cg:documentSymbol "A/RES/80/999" ;
    cg:adoptedBy cgid:un-general-assembly ;
    cg:adoptionDate "2025-12-24"^^xsd:date .
"""


def _sum(first: Measure, second: Measure) -> Measure:
    if first.status == "ok" and second.status == "ok":
        assert first.seconds is not None and second.seconds is not None
        rss = max(first.rss_mb or 0, second.rss_mb or 0)
        return Measure("ok", first.seconds + second.seconds, None, rss or None)
    worst = first if first.status != "ok" else second
    return Measure(worst.status, note=worst.note)


def _note_figure(note: str, name: str) -> int | None:
    """A figure a worker reported (`_facts`: "rows 1,234, columns 5"), None when it reported none."""
    found = re.search(rf"\b{name} ([\d,]+)", note)
    return int(found.group(1).replace(",", "")) if found else None


def _facts(result: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in result.items() if k != "seconds" and isinstance(v, int))


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


# -- the report


def ratio(top: Measure, bottom: Measure, cap: float) -> str:
    """top / bottom as `1.23×`; a bound when one side went over the cap; blank when not comparable."""
    if bottom.status == "ok" and bottom.seconds:
        if top.status == "ok" and top.seconds is not None:
            return f"{top.seconds / bottom.seconds:.2f}×"
        if top.status == "cap":
            return f"> {(top.cap or cap) / bottom.seconds:.0f}×"
    return ""


def machine() -> dict[str, str]:
    cpu = "unknown"
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
                break
    except OSError:
        pass
    versions = {}
    for name in ("cybergraph", "rdflib", "owlrl", "pyshacl", "pyoxigraph"):
        try:
            from importlib.metadata import version

            versions[name] = version(name)
        except Exception:
            versions[name] = "not installed"
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        **versions,
    }


def _cell(row: Row, way: str) -> Measure:
    return row.cells.get(way) or Measure("n/a", note="not measured")


def _virtuoso_table(report: SizeReport, cap: float) -> list[str]:
    rows = [r for r in report.rows if r.key.startswith("virtuoso:")]
    if not rows:
        return []
    lines = [
        "Virtuoso 7 (the server of the tests, on this machine): the dump loaded by its bulk loader, the "
        "same query texts over HTTP (each a fresh process, the best of three under a second), beside "
        "cybergraph's figures above. Its endpoint returns at most 100,000 rows (ResultSetMaxRows).",
        "",
        "| operation | Virtuoso 7 | (a) cybergraph | Virtuoso/a | rows (Virtuoso) | rows (a) |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        v = _cell(row, "v")
        embedded = report.row(row.key.removeprefix("virtuoso:"))
        a = _cell(embedded, "a") if embedded else Measure("n/a", note="")
        lines.append(
            f"| {row.label} | {v.cell(cap)} | {a.cell(cap) if embedded else ''} | {ratio(v, a, cap)} "
            f"| {_rows(row)} | {_rows(embedded) if embedded else ''} |"
        )
    return [*lines, ""]


def _rows(row: Row) -> str:
    rows = row.extra.get("rows")
    return f"{rows:,}" if isinstance(rows, int) else ""


def _machine_line(host: dict[str, str]) -> str:
    return (
        f"Machine: {host.get('cpu')}, {host.get('cores')} cores, {host.get('memory')} memory, "
        f"{host.get('system')}; Python {host.get('python')}, cybergraph {host.get('cybergraph')}, "
        f"rdflib {host.get('rdflib')}, owlrl {host.get('owlrl')}, pySHACL {host.get('pyshacl')}, "
        f"pyoxigraph {host.get('pyoxigraph')}."
    )


def markdown(reports: list[SizeReport], *, cap: float, host: dict[str, str]) -> str:
    lines = [
        "# Benchmark: cybergraph, the plain rdflib path and raw pyoxigraph",
        "",
        "Measured by `make bench` (`python bench/compare.py`). Each size keeps its latest measurement "
        "(bench/results/<size>.json): its date, and its machine where it differs from the one below, are "
        "under its heading.",
        "",
        _machine_line(host),
        "",
        "(a) cybergraph through its library API and command line; (b) the plain path a user would write: "
        "rdflib parse, owlrl closure, rdflib SPARQL on the parsed files (a Dataset, one named graph per "
        "file, asserted triples only: with the closure it would not finish), pySHACL on the whole graph, "
        "rdflib serialisation; (c) raw pyoxigraph: bulk_load into an on-disk store, the same query text "
        "(parameters bound) on the same built store, serialisation by a bare script.",
        "",
        "Each cell is the operation's time and its process's peak memory. Library calls are timed on their "
        "own (parsing that (b) needs first is not counted in its time, but is in its memory; a query that "
        "takes under a second is timed as the best of three runs); rows marked 'whole process' time the "
        "whole command, start-up included. Every operation runs in a fresh process; "
        f"one that runs over {cap:g} s is killed ('> {cap:g} s') and not tried at larger sizes ('skipped'). "
        "a/c: cybergraph's time over raw pyoxigraph's; b/a: the rdflib path's over cybergraph's; rows: "
        "the rows (or triples) of cybergraph's answer.",
        "",
    ]
    for report in reports:
        size = "the project's data" if report.size == "project" else f"{report.size} synthetic triples"
        count = f" ({report.triples:,} triples)" if report.triples else ""
        lines += [
            f"## {size}{count}",
            "",
            f"Data: `{_relative(report.data)}`; measured {report.measured.replace('T', ' ')} UTC.",
            "",
        ]
        if report.machine and _machine_line(report.machine) != _machine_line(host):
            lines += [_machine_line(report.machine), ""]
        lines += [
            "| operation | (a) cybergraph | (b) rdflib path | (c) raw pyoxigraph | a/c | b/a | rows |",
            "|---|---|---|---|---|---|---|",
        ]
        notes = []
        for row in report.rows:
            if row.key.startswith("virtuoso:"):
                continue
            a, b, c = (_cell(row, w) for w in "abc")
            lines.append(
                f"| {row.label} | {a.cell(cap)} | {b.cell(cap)} | {c.cell(cap)} "
                f"| {ratio(a, c, cap)} | {ratio(b, a, cap)} | {_rows(row)} |"
            )
            if row.extra.get("note"):
                notes.append(f"- {row.label}: {row.extra['note']}")
            errors = [f"{w}: {x.note}" for w, x in zip("abc", (a, b, c), strict=True) if x.status == "error"]
            if errors:
                notes.append(f"- {row.label}, error: " + "; ".join(errors))
        lines += ["", *notes, ""]
        lines += _virtuoso_table(report, cap)
    lines += targets(reports, cap)
    return "\n".join(lines).rstrip() + "\n"


def targets(reports: list[SizeReport], cap: float) -> list[str]:
    """The issue's targets, checked on the largest size measured (the cold query on the project's data)."""
    # The largest size measured in full; a size with the build only (10m) is reported on its own below.
    synthetic = [r for r in reports if r.size != "project" and r.row("scan") is not None]
    out = ["## Targets", ""]
    if synthetic:
        big = synthetic[-1]
        out += rows_target(synthetic)
        out += query_targets(big, synthetic[-2] if len(synthetic) > 1 else None)
        rows = {r.key: r for r in big.rows}
        if "build" in rows:
            a, c = _cell(rows["build"], "a"), _cell(rows["build"], "c")
            out.append(
                f"- Build at {big.size}: within 3× of raw bulk load, under 1.5 GB — "
                f"{ratio(a, c, cap) or 'n/a'}, {a.rss_mb or 0:,.0f} MB"
            )
        if "validate" in rows:
            out.append(
                f"- Validate a one-entity contribution at {big.size}: under 2 s for the whole process — "
                f"{_cell(rows['validate'], 'a').cell(cap)}"
            )
        for fmt in ("turtle", "ntriples"):
            if f"export:{fmt}" in rows:
                r = rows[f"export:{fmt}"]
                out.append(
                    f"- Export {fmt} at {big.size}: within 2× of pyoxigraph's serialisation — "
                    f"{ratio(_cell(r, 'a'), _cell(r, 'c'), cap) or 'n/a'}"
                )
    for report in reports:
        build = report.row("build")
        if report.row("scan") is None and report.size != "project" and build is not None:
            a, c = _cell(build, "a"), _cell(build, "c")
            out.append(
                f"- Build at {report.size} (build only): completes on this machine — {a.cell(cap)}"
                f" ({ratio(a, c, cap) or 'n/a'} of a raw bulk load: {c.cell(cap)})"
            )
    project = next((r for r in reports if r.size == "project"), None)
    large = project.row("validate:new") if project else None
    if large:
        what = large.label.removesuffix(" (a: whole process)").capitalize()
        out.append(
            f"- {what} on the project's data: under 10 s for the whole process —"
            f" {_cell(large, 'a').cell(cap)}"
        )
    cold = next((r for r in project.rows if r.key.startswith("cold:")), None) if project else None
    if cold:
        out.append(
            "- Cold `cybergraph query` on the project's data, warm cache: within 1.5× of a bare pyoxigraph "
            f"script — {ratio(_cell(cold, 'a'), _cell(cold, 'c'), cap) or 'n/a'}"
        )
    return [*out, ""]


def rows_target(synthetic: list[SizeReport]) -> list[str]:
    """Every stored query returns rows at every synthetic size, and more rows at each larger size."""
    answers: dict[str, list[int]] = {}
    for report in synthetic:
        for row in report.rows:
            if row.key.startswith("query:") and "rows" in row.extra:
                answers.setdefault(row.key[6:], []).append(int(row.extra["rows"]))
    complete = {n: r for n, r in answers.items() if len(r) == len(synthetic)}
    if not complete or len(synthetic) < 2:
        return []
    empty = sorted(n for n, r in complete.items() if 0 in r)
    flat = sorted(n for n, r in complete.items() if any(b <= a for a, b in itertools.pairwise(r)))
    sizes = ", ".join(r.size for r in synthetic)
    return [
        f"- Every stored query returns rows at {sizes}: {len(complete) - len(empty)} of {len(complete)}"
        + (f"; none at some size: {', '.join(empty)}" if empty else ""),
        f"- More rows at each larger size: {len(complete) - len(flat)} of {len(complete)}"
        + (
            "; not growing: " + ", ".join(f"{n} ({' → '.join(f'{v:,}' for v in complete[n])})" for n in flat)
            if flat
            else ""
        ),
    ]


def query_bound(report: SizeReport) -> float | None:
    """The time a stored query at this size should answer within: max(50 ms, 2× a full scan of the same
    store); None where the scan was not measured."""
    scan = report.row("scan")
    if scan is None or _cell(scan, "c").status != "ok":
        return None
    return max(0.05, 2 * (_cell(scan, "c").seconds or 0))


def query_targets(big: SizeReport, smaller: SizeReport | None) -> list[str]:
    """Every stored query within max(50 ms, 2× a full scan of the same store), and growing no faster than
    the data from the next smaller size."""
    scan = big.row("scan")
    timed = {
        row.key[6:]: row.cells["a"].seconds
        for row in big.rows
        if row.key.startswith("query:") and _cell(row, "a").status == "ok"
    }
    out = []
    limit = query_bound(big)
    if scan is not None and limit is not None and timed:
        over = sorted(((t or 0), n) for n, t in timed.items() if (t or 0) > limit)

        def floor(name: str) -> str:
            row = big.row(f"floor:{name}")
            if row is None:
                return ""
            a, c = _cell(row, "a"), _cell(row, "c")
            if a.status != "ok":
                return ""
            raw = f" (raw pyoxigraph {_seconds(c.seconds or 0)})" if c.status == "ok" else ""
            return f"; reading an answer its size, computing nothing: {_seconds(a.seconds or 0)}{raw}"

        untimed = [r.key[6:] for r in big.rows if r.key.startswith("query:") and r.key[6:] not in timed]
        out.append(
            f"- Every stored query at {big.size} within max(50 ms, 2× a full scan = "
            f"{_seconds(_cell(scan, 'c').seconds or 0)}) = {_seconds(limit)}: {len(timed) - len(over)} of "
            f"{len(timed) + len(untimed)}"
            + (
                "; over: "
                + ", ".join(f"{n} {_seconds(t)} ({t / limit:.1f}×{floor(n)})" for t, n in reversed(over))
                if over
                else ""
            )
            + (f"; not timed: {', '.join(untimed)}" if untimed else "")
        )
    if smaller is not None and big.triples and smaller.triples:
        data = big.triples / smaller.triples
        before = {
            row.key[6:]: row.cells["a"].seconds
            for row in smaller.rows
            if row.key.startswith("query:") and _cell(row, "a").status == "ok"
        }
        growth = sorted(
            ((timed[n] or 0) / b, n) for n, b in before.items() if n in timed and b and timed[n] is not None
        )
        faster = [(g, n) for g, n in growth if g > data]
        if growth:
            out.append(
                f"- Query times from {smaller.size} to {big.size} grow no faster than the data "
                f"({data:.1f}×): {len(growth) - len(faster)} of {len(growth)}"
                + (f"; faster: {', '.join(f'{n} {g:.1f}×' for g, n in reversed(faster))}" if faster else "")
                + f"; the largest growth {growth[-1][0]:.1f}× ({growth[-1][1]})"
            )
    return out


def _relative(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return path


RESULTS_DIR = BENCH / "results"


def load_results(folder: Path, *, leave_out: Iterable[str] = ()) -> list[SizeReport]:
    """The latest report of every size kept in `folder` (one `<size>.json` each), but those left out."""
    skip = set(leave_out)
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw["size"] not in skip:
            found.append(SizeReport.from_json(raw))
    return found


def ordered(reports: Iterable[SizeReport]) -> list[SizeReport]:
    order = {name: i for i, name in enumerate(DEFAULT_SIZES)}
    return sorted(reports, key=lambda r: (order.get(r.size, len(order)), r.size))


def run(
    sizes: list[str],
    *,
    cap: float = CAP,
    out: Path = BENCH / "out",
    results: Path | None = BENCH / "RESULTS.md",
    results_dir: Path = RESULTS_DIR,
    data_root: Path = BENCH / "data",
    only_queries: list[str] | None = None,
    caps: dict[str, float] | None = None,
    ways: dict[str, str] | None = None,
    log: Callable[[str], None] | None = None,
    new_entities: int = NEW_ENTITIES,
    virtuoso: bool = True,
    build_only: bool = False,
) -> list[SizeReport]:
    """Measure every size; write its figures to `results_dir/<size>.json` and the report to `results`.

    The report holds every size of `results_dir`: those measured now and, as they were, the others (a
    run of some sizes replaces only their sections). Both are rewritten after every operation, so an
    interrupted run keeps what it measured.
    """
    # Compiled once, as an installed package is: with PYTHONDONTWRITEBYTECODE set (as on some machines)
    # an editable install would compile every module again in each process the bench times.
    compileall.compile_dir(ROOT / "src" / "cybergraph", quiet=1)
    harness = Harness(
        cap=cap,
        out=out,
        data_root=data_root,
        only_queries=only_queries,
        caps=caps,
        ways=ways,
        log=log,
        new_entities=new_entities,
        virtuoso=virtuoso,
        build_only=build_only,
    )
    earlier = load_results(results_dir, leave_out=sizes)
    host = machine()

    def write() -> None:
        from cybergraph.core.files import write_text

        results_dir.mkdir(parents=True, exist_ok=True)
        for report in harness.reports:
            write_text(results_dir / f"{report.size}.json", json.dumps(asdict(report), indent=1) + "\n")
        if results is not None:
            write_text(results, markdown(ordered([*earlier, *harness.reports]), cap=cap, host=host))

    harness.progress = write
    with _exclusive(out):
        for size in sizes:
            harness.log(f"size {size}")
            harness.run_size(size)
        write()
    return harness.reports


@contextlib.contextmanager
def _exclusive(out: Path) -> Iterator[None]:
    """One run at a time per output folder: two runs would delete each other's work folders."""
    out.mkdir(parents=True, exist_ok=True)
    lock = out / ".running"
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        owner = lock.read_text(encoding="utf-8").strip() or "?"
        if owner.isdigit() and Path(f"/proc/{owner}").exists():
            raise SystemExit(
                f"another benchmark (process {owner}) is writing {out}; wait for it to end"
            ) from None
        lock.unlink(missing_ok=True)  # left by a run that was killed
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    args_in = sys.argv[1:] if argv is None else argv
    if args_in[:1] == ["--worker"]:
        return worker_main(*args_in[1:4])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default=",".join(DEFAULT_SIZES), help="comma-separated: project,10k,100k,1m"
    )
    parser.add_argument("--cap", type=float, default=CAP, help="seconds before an operation is killed")
    parser.add_argument(
        "--virtuoso-cap",
        type=float,
        help="seconds before each Virtuoso operation is killed (default: --cap): the dump, its load, a query",
    )
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md", help="the Markdown report")
    parser.add_argument("--queries", help="comma-separated stored queries to run (default: all)")
    parser.add_argument(
        "--build-only", action="store_true", help="measure only parsing, inference and the build (10m)"
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="rewrite the report from bench/results/, measure nothing",
    )
    parser.add_argument(
        "--ways",
        default="abc",
        help="which of (a), (b), (c) to run, for every size or per size: abc,1m:ac (default: abc)",
    )
    args = parser.parse_args(args_in)
    if args.report_only:
        reports = ordered(load_results(RESULTS_DIR))
        cap = max((r.cap or CAP for r in reports), default=CAP)
        args.out.write_text(markdown(reports, cap=cap, host=machine()), encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
        return 0
    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s != "project" and s not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}; choose from project, {', '.join(SIZES)}")
    only = args.queries.split(",") if args.queries else None
    ways = {}
    for item in args.ways.split(","):
        size, _, letters = item.rpartition(":")
        ways[size.lower() or "*"] = letters
    caps = {"virtuoso": args.virtuoso_cap} if args.virtuoso_cap else None
    run(
        sizes,
        cap=args.cap,
        results=args.out,
        only_queries=only,
        caps=caps,
        ways=ways,
        build_only=args.build_only,
    )
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))  # `bench.generate` when run as a script
    raise SystemExit(main())

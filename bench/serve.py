"""Benchmark of `cybergraph serve`'s SPARQL endpoint against Oxigraph's own server (`oxigraph
serve-read-only`, PyPI package `oxigraph`) on the same store and the same query texts.

Both servers open the project's built store (the cache folder `cybergraph build` writes) read-only. The
queries are the stored questions of the catalogue, with their default parameters (or their first
example's) bound by `query.run.prepare`, sent as complete SPARQL texts to `/sparql` (cybergraph) and
`/query` (Oxigraph) by GET, asking for SPARQL JSON results (Turtle for CONSTRUCT). The load generator is
Python (httpx on asyncio): N clients, each with its own connection and its own loopback source address
(127.0.0.K, so that cybergraph's per-client limits see N clients, as they would N users), each sending the
whole catalogue ROUNDS times, one request after the other. One warm-up round per server first (it also
fills cybergraph's cache of checked query texts, see serve/engine.py).

Prints a table of median and 95th-percentile latency and throughput per server and concurrency, and the
ratios, and writes it to bench/SERVE.md. Run with `make bench-serve`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Target:
    name: str
    url: str  # the query endpoint


@dataclass(frozen=True)
class Measure:
    target: str
    clients: int
    requests: int
    errors: int
    median_ms: float
    p95_ms: float
    per_second: float


def queries() -> list[tuple[str, str, str]]:
    """(name, complete text, Accept) of every stored question."""
    from cybergraph.graph.build import build
    from cybergraph.query.catalogue import catalogue
    from cybergraph.query.engine import Embedded
    from cybergraph.query.run import prepare

    engine = Embedded(build().store)
    out = []
    for stored in catalogue():
        params = {} if all(not p.required for p in stored.params) else stored.example_params(0)
        prepared = prepare(stored, params=params, engine=engine)
        accept = (
            "text/turtle" if prepared.form in ("CONSTRUCT", "DESCRIBE") else "application/sparql-results+json"
        )
        out.append((stored.name, prepared.text, accept))
    return out


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped: exit code {process.returncode}")
        try:
            httpx.get(url, params={"query": "ASK {}"}, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"no server at {url}")


async def _client(
    target: Target, ip: str, work: list[tuple[str, str, str]], rounds: int, latencies: list[float]
) -> int:
    errors = 0
    transport = httpx.AsyncHTTPTransport(local_address=ip)
    async with httpx.AsyncClient(transport=transport, timeout=120) as http:
        for _ in range(rounds):
            for _name, text, accept in work:
                started = time.perf_counter()
                response = await http.get(target.url, params={"query": text}, headers={"Accept": accept})
                await response.aread()
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    errors += 1
    return errors


async def _run(target: Target, clients: int, work: list[tuple[str, str, str]], rounds: int) -> Measure:
    latencies: list[float] = []
    started = time.perf_counter()
    errors = await asyncio.gather(
        *(
            _client(target, f"127.0.{1 + i // 250}.{1 + i % 250}", work, rounds, latencies)
            for i in range(clients)
        )
    )
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return Measure(
        target.name,
        clients,
        len(latencies),
        sum(errors),
        statistics.median(ordered) * 1000,
        ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000,
        len(latencies) / wall,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="1,8,32", help="concurrencies (default 1,8,32)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="passes over the catalogue per client (default 3)"
    )
    parser.add_argument(
        "--output", default=str(HERE / "SERVE.md"), help="the report (default bench/SERVE.md)"
    )
    args = parser.parse_args(argv)
    from cybergraph.graph.build import build

    graph = build()
    assert graph.path is not None
    store = graph.path / "store"
    work = queries()
    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if oxigraph is None:
        raise SystemExit("the oxigraph server is not installed: pip install oxigraph")
    ours, theirs = _free_port(), _free_port()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "cybergraph", "serve", "--port", str(ours), "--queue", "64"],
            stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [oxigraph, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{theirs}"],
            stderr=subprocess.DEVNULL,
        ),
    ]
    targets = [
        Target("cybergraph serve", f"http://127.0.0.1:{ours}/sparql"),
        Target("oxigraph serve-read-only", f"http://127.0.0.1:{theirs}/query"),
    ]
    results: list[Measure] = []
    try:
        for target, process in zip(targets, processes, strict=True):
            _wait(target.url, process)
            asyncio.run(_run(target, 1, work, 1))  # warm-up
        # The fixed cost of a request: a query that does nothing, one client, one after the other.
        empty = [("empty", "ASK {}", "application/sparql-results+json")]
        fixed = {target.name: asyncio.run(_run(target, 1, empty, 300)) for target in targets}
        for name, measure in fixed.items():
            print(f"{name:26} ASK {{}}: median {measure.median_ms:.2f} ms", flush=True)
        for clients in (int(c) for c in args.clients.split(",")):
            for target in targets:
                measure = asyncio.run(_run(target, clients, work, args.rounds))
                results.append(measure)
                print(
                    f"{measure.target:26} {clients:3} clients: median {measure.median_ms:7.1f} ms,"
                    f" p95 {measure.p95_ms:7.1f} ms, {measure.per_second:7.1f} req/s,"
                    f" {measure.errors} errors",
                    flush=True,
                )
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    report = _report(results, work, args.rounds, fixed)
    Path(args.output).write_text(report)
    print(report)
    return 0


def _report(
    results: list[Measure], work: list[tuple[str, str, str]], rounds: int, fixed: dict[str, Measure]
) -> str:
    by = {(m.target, m.clients): m for m in results}
    lines = [
        "# `cybergraph serve` against Oxigraph's server",
        "",
        f"Measured by `bench/serve.py` ({time.strftime('%Y-%m-%d')}, {platform.machine()},"
        f" {os.cpu_count()} cores, Python {platform.python_version()}): the {len(work)} stored questions,"
        f" {rounds} rounds per client, GET with SPARQL JSON (Turtle for CONSTRUCT) on the same read-only"
        " store."
        " cybergraph serve ran with its defaults (one query worker per core) and `--queue 64`.",
        "",
        "| clients | server | requests | errors | median ms | p95 ms | requests/s |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for m in results:
        lines.append(
            f"| {m.clients} | {m.target} | {m.requests} | {m.errors} | {m.median_ms:.1f} | {m.p95_ms:.1f}"
            f" | {m.per_second:.1f} |"
        )
    lines += [
        "",
        "| clients | median ratio (cybergraph / oxigraph) | p95 ratio | throughput ratio |",
        "|---:|---:|---:|---:|",
    ]
    for clients in sorted({m.clients for m in results}):
        ours, theirs = by.get(("cybergraph serve", clients)), by.get(("oxigraph serve-read-only", clients))
        if ours and theirs:
            lines.append(
                f"| {clients} | {ours.median_ms / theirs.median_ms:.2f}x | {ours.p95_ms / theirs.p95_ms:.2f}x"
                f" | {ours.per_second / theirs.per_second:.2f}x |"
            )
    lines += ["", "The fixed cost of one request (`ASK {}`, one client, 300 in a row), median:"]
    lines += [
        f"{name} {m.median_ms:.2f} ms" + (";" if i == 0 else ".") for i, (name, m) in enumerate(fixed.items())
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())

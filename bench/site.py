"""How long `cybergraph site` takes and how much it writes: for the project's graph, and (with
--synthetic N) for a synthetic graph of about N triples from bench/generate.py.

    python bench/site.py                      # the project's graph
    python bench/site.py --synthetic 100000   # also the 100k synthetic graph (bench/data/site-100k)

The graph is built (or taken from the cache) before the clock starts: the figure is the site alone. The
table is printed and written to bench/SITE.md (`make bench` runs it with --synthetic 100000). Size on disk
is the sum of the files' sizes (what a static host stores), not `du`'s blocks.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def _size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def measure(data: Path | None, label: str) -> str:
    from cybergraph.graph.build import build
    from cybergraph.web.site import write_site

    graph = build(data=data)
    with tempfile.TemporaryDirectory(prefix="cybergraph-bench-site-") as tmp:
        out = Path(tmp) / "site"
        started = time.perf_counter()
        pages = write_site(graph, out, base_url="https://example.org/cybergraph")
        seconds = time.perf_counter() - started
        files, size = _size(out)
    return (
        f"| {label} | {len(graph.store):,} | {pages:,} | {files:,} | {size / 1e6:.1f} MB | {seconds:.1f} s |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--synthetic", type=int, default=0, metavar="N", help="also a synthetic graph of ~N triples"
    )
    parser.add_argument("--output", default=str(HERE / "SITE.md"), help="the report (default bench/SITE.md)")
    args = parser.parse_args(argv)
    rows = [
        "| graph | quads in the store | pages | files | size on disk | time |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    rows.append(measure(None, "the project's"))
    if args.synthetic:
        from bench.generate import generate

        folder = HERE / "data" / f"site-{args.synthetic // 1000}k"
        if not folder.is_dir():
            generate(args.synthetic, 1, folder)
        rows.append(measure(folder, f"synthetic {args.synthetic // 1000}k"))
        shutil.rmtree(HERE / "data" / "unused", ignore_errors=True)
    report = [
        "# `cybergraph site`: time and size",
        "",
        f"Measured by `bench/site.py` ({time.strftime('%Y-%m-%d')}, {platform.machine()}, {os.cpu_count()}"
        f" cores, Python {platform.python_version()}): `cybergraph site` with a base URL, the graph built"
        " before the clock starts; the size is the sum of the files' sizes.",
        "",
        *rows,
    ]
    Path(args.output).write_text("\n".join(report) + "\n")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

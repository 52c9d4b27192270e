"""`cybergraph build`: parse, infer and cache the graph; every other command reuses the cached store."""

from __future__ import annotations

import argparse
import sys
import time

NAME = "build"
HELP = "build the graph (parse, infer, store) into the cache, or reuse it when no input has changed"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--force", action="store_true", help="rebuild even when the cached build is current")


def run(args: argparse.Namespace) -> int:
    from cybergraph.graph.build import build

    started = time.perf_counter()
    built = build(data=args.data, force=args.force)
    seconds = time.perf_counter() - started
    state = "reused" if built.reused else "built"
    print(f"{state} {len(built.store):,} quads in {seconds:.2f} s: {built.path}", file=sys.stderr)
    from cybergraph.cli.fast import remember

    remember(args.data)  # the stored queries' pre-parsed form, for a cold `query` (cli/fast.py)
    return 0

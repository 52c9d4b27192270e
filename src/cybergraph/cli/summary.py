"""`cybergraph summary`: what the graph holds and a timeline of instruments and events."""

from __future__ import annotations

import argparse

NAME = "summary"
HELP = "build the graph and print what it holds, then a timeline of instruments and events"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-timeline", action="store_true", help="print the counts only")


def run(args: argparse.Namespace) -> int:
    from cybergraph.core.files import write_stdout
    from cybergraph.graph.build import build
    from cybergraph.graph.summary import render, summarize

    summary = summarize(build(data=args.data).store)
    if args.no_timeline:
        summary.timeline = []
    write_stdout(render(summary))
    return 0

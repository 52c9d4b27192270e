"""`cybergraph export`: the graph in a standard RDF format, or its VoID description, to a file or stdout."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from cybergraph.cli.options import add_context_arguments
from cybergraph.core.errors import EXIT_OK, UsageError
from cybergraph.publishing.export import FORMATS, PARTS

NAME = "export"
HELP = "write the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML (same bytes every run)"


def add_selection_arguments(parser: argparse.ArgumentParser) -> None:
    """--asserted / --inferred / --inferred-only and --include, shared with `publish`."""
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--asserted",
        dest="selection",
        action="store_const",
        const="asserted",
        help="only what the files state (the default)",
    )
    which.add_argument(
        "--inferred",
        dest="selection",
        action="store_const",
        const="all",
        help="what the files state plus what the ontology implies (quad formats: in graph:inferred) and"
        " what the stored queries look up (graph:derived)",
    )
    which.add_argument(
        "--inferred-only",
        dest="selection",
        action="store_const",
        const="inferred",
        help="only the triples the ontology implies and those the stored queries look up",
    )
    parser.set_defaults(selection="asserted")
    parser.add_argument(
        "--include",
        metavar="PARTS",
        default="ontology,data",
        help="comma-separated parts of the asserted graph: ontology, data, shapes (default: ontology,data)",
    )


def include_of(args: argparse.Namespace) -> frozenset[str]:
    parts = frozenset(p.strip() for p in args.include.split(",") if p.strip())
    unknown = sorted(parts - set(PARTS))
    if unknown or not parts:
        raise UsageError(
            f"--include {args.include!r}: unknown part {', '.join(unknown) or '(none given)'}",
            hint=f"give one or more of {', '.join(PARTS)}, separated by commas",
        )
    return parts


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        "-f",
        choices=list(FORMATS),
        default="turtle",
        help="output format (default: turtle). Turtle, N-Triples and RDF/XML merge the named graphs,"
        " dropping the source section of each fact; TriG, N-Quads and JSON-LD keep them",
    )
    add_selection_arguments(parser)
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default="-",
        help="write to FILE (atomically: a failed export leaves the old file as it was); '-' or none: stdout",
    )
    add_context_arguments(parser)
    described = parser.add_argument_group("dataset description")
    described.add_argument(
        "--describe",
        action="store_true",
        help="write the VoID + DCAT description of the export (counts, partitions, sources) instead",
    )
    described.add_argument(
        "--endpoint-url", metavar="URL", help="the SPARQL endpoint to name in the description"
    )
    described.add_argument(
        "--dump-url", metavar="URL", help="the download address to name in the description"
    )


def _output(output: str) -> AbstractContextManager[Callable[[bytes], None]]:
    """Where the export goes, piece by piece: standard output, or a file written whole or not at all."""
    from cybergraph.core.files import write_stdout, writing

    if output == "-":
        return nullcontext(write_stdout)
    return writing(Path(output))


def run(args: argparse.Namespace) -> int:
    from cybergraph.core.files import output_target
    from cybergraph.graph.build import build
    from cybergraph.publishing.export import description, dropped_note, graph_quads, serialize, write_export

    include = include_of(args)
    if (args.endpoint_url or args.dump_url) and not args.describe:
        raise UsageError("--endpoint-url and --dump-url go with --describe")
    if args.output != "-":
        output_target(args.output)  # a file that cannot be written is reported before the export runs
    built = build(data=args.data)
    size = 0
    with _output(args.output) as write:

        def counted(data: bytes) -> None:
            nonlocal size
            write(data)
            size += len(data)

        if args.describe:
            triples = description(
                built,
                selection=args.selection,
                include=include,
                endpoint_url=args.endpoint_url,
                dump_url=args.dump_url,
            )
            counted(serialize(graph_quads(triples), format=args.format, context_url=args.context_url))
        else:
            write_export(
                built,
                counted,
                format=args.format,
                selection=args.selection,
                include=include,
                context_url=args.context_url,
            )
    note = dropped_note(args.format)
    if note and not args.describe and "data" in include and args.selection != "inferred":
        print(note, file=sys.stderr)
    if args.output != "-":
        print(f"wrote {args.output}: {size:,} bytes", file=sys.stderr)
    return EXIT_OK

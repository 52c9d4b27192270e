"""`cybergraph docs`: the ontology's HTML reference and class diagram, written into a folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cybergraph.core.errors import EXIT_OK

NAME = "docs"
HELP = "write the ontology's HTML reference (every class and property) and an SVG class diagram into DIR"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        type=Path,
        required=True,
        help="folder to write index.html and classes.svg into (replaced as a whole; must be new, empty,"
        " or earlier docs output)",
    )


def run(args: argparse.Namespace) -> int:
    from cybergraph.core.positions import display_path
    from cybergraph.core.resources import layout
    from cybergraph.docs.reference import documented_terms, read_ontology, write_docs

    # The reference documents the ontology file alone: it needs no data and no inference, and it must
    # be writable while a data file is broken, so it reads the ontology rather than the full build.
    ontology = read_ontology(layout(args.data).ontology_file)
    files = write_docs(ontology, args.output)
    terms = len(documented_terms(ontology))
    print(f"wrote {', '.join(display_path(f) for f in files)}: {terms} terms documented", file=sys.stderr)
    return EXIT_OK

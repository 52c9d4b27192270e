"""`cybergraph fmt`: rewrite Turtle files in the project's canonical form, or check that they are."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cybergraph.core.errors import EXIT_FINDINGS, EXIT_OK

NAME = "fmt"
HELP = "write Turtle files in the one canonical form (sorted, stable), or --check that they are"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="*", type=Path, help="Turtle files (default: ontology/, shapes/ and data/)"
    )
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a file is not canonical"
    )


def run(args: argparse.Namespace) -> int:
    from cybergraph.rdf.canonical import canonical_files, check_or_write

    files = args.files or canonical_files()
    changed = check_or_write(files, write=not args.check)
    for path in changed:
        print(f"{'not canonical' if args.check else 'rewrote'}: {path}", file=sys.stderr)
    if args.check and changed:
        print("fix with: make fmt   (or: cybergraph fmt FILE ...)", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK

"""`cybergraph site`: the whole site (pages, each entity's data, dumps, assets) as static files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cybergraph.core.errors import EXIT_OK

NAME = "site"
HELP = "write every page of the site, each entity's data, the dumps and the assets as static files into DIR"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        type=Path,
        required=True,
        help="folder to write the site into (replaced as a whole; must be new, empty, or an earlier site)",
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        default="",
        help="where the site will be served, e.g. https://example.org/cybergraph: links are rooted at its"
        " path, and w3id/.htaccess redirects the project's IRIs to it (default: the root of any host)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace DIR even if it holds files that are not an earlier site"
    )


def run(args: argparse.Namespace) -> int:
    import time

    from cybergraph.core.positions import display_path
    from cybergraph.graph.build import build
    from cybergraph.web.site import write_site

    started = time.monotonic()
    graph = build(data=args.data)
    tty = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        # A line that rewrites itself on a terminal; nothing when standard error is a pipe or a file.
        if tty and (done == total or done % 25 == 0):
            print(f"\rwriting the site: {done}/{total}", end="\n" if done == total else "", file=sys.stderr)

    pages = write_site(graph, args.output, base_url=args.base_url, force=args.force, progress=progress)
    seconds = time.monotonic() - started
    print(f"wrote {display_path(args.output)}: {pages} pages in {seconds:.1f} s", file=sys.stderr)
    return EXIT_OK

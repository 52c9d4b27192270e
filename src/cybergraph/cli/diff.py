"""`cybergraph diff BASE [HEAD]`: the facts added, removed and changed between two versions of the data."""

from __future__ import annotations

import argparse

NAME = "diff"
HELP = (
    "what changed in the data between two git revisions (or a revision and the working tree): the facts"
    " added, removed and changed, by entity, with the source section of each"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from cybergraph.core.git import GIT_TIMEOUT
    from cybergraph.core.limits import DEFAULT_DIFF_MAX_BYTES as DEFAULT_MAX_BYTES
    from cybergraph.graph.diff import FORMATS

    parser.add_argument("base", metavar="BASE", help="the git revision to compare from, such as HEAD or main")
    parser.add_argument(
        "head", nargs="?", metavar="HEAD", help="the git revision to compare to (default: the working tree)"
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), markdown (a pull-request comment) or json",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=GIT_TIMEOUT,
        metavar="S",
        help=f"stop git after S seconds with exit code 2 (default: {GIT_TIMEOUT:g}; 0: no limit)",
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse versions whose data files hold more than N bytes (default: {DEFAULT_MAX_BYTES:,})",
    )


def run(args: argparse.Namespace) -> int:
    from cybergraph.core.errors import UsageError
    from cybergraph.core.files import write_stdout
    from cybergraph.graph.diff import diff, render

    if args.timeout < 0:
        raise UsageError("--timeout must be 0 (no limit) or a number of seconds")
    if args.max_bytes <= 0:
        raise UsageError("--max-bytes must be at least 1")
    result = diff(
        args.base, args.head, data=args.data, timeout=args.timeout or None, max_bytes=args.max_bytes
    )
    write_stdout(render(result, args.format))
    return 0

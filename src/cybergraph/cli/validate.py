"""`cybergraph validate [FILE ...]`: check a contribution against the graph, or the whole graph."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from cybergraph.validation.report import FORMATS

NAME = "validate"
HELP = (
    "check Turtle files as a contribution to the graph (or, without files, the whole graph): syntax, "
    "schema changes, unknown terms, dangling references, duplicates, consistency and SHACL shapes"
)


def _positive(kind: type[int] | type[float]) -> Callable[[str], int | float]:
    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
        return value

    return parse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from cybergraph.core.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_TRIPLES, DEFAULT_TIMEOUT

    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="Turtle files to validate as one contribution; - reads standard input; none: the whole graph",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="report format (default: text; turtle: sh:ValidationReport)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="warnings make validation fail too (exit code 1)"
    )
    parser.add_argument(
        "--stdin-name",
        metavar="PATH",
        help="validate standard input (-) as if it were the file PATH (its name says which source states it)",
    )
    parser.add_argument(
        "--base",
        metavar="REV",
        default="HEAD",
        help="the git revision to compare each file with, listing the facts it no longer states"
        " (default: HEAD; none: compare nothing)",
    )
    parser.add_argument(
        "--fail-on-removal",
        action="store_true",
        help="a fact removed since --base is an error (exit code 1), not a warning",
    )
    parser.add_argument(
        "--timeout",
        type=_positive(float),
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"stop after S seconds with exit code 2, reading standard input included"
        f" (default: {DEFAULT_TIMEOUT:g}; 0: no limit)",
    )
    parser.add_argument(
        "--max-bytes",
        type=_positive(int),
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse a contribution larger than N bytes, reading no more than that whatever the file is"
        f" (default: {DEFAULT_MAX_BYTES:,})",
    )
    parser.add_argument(
        "--max-triples",
        type=_positive(int),
        default=DEFAULT_MAX_TRIPLES,
        metavar="N",
        help=f"refuse a contribution of more than N triples, as soon as it is parsed"
        f" (default: {DEFAULT_MAX_TRIPLES:,}; validation takes about 1 s per 1,000 entities)",
    )


def run(args: argparse.Namespace) -> int:
    from cybergraph.core.errors import UsageError
    from cybergraph.core.files import write_stdout
    from cybergraph.validation.pipeline import validate
    from cybergraph.validation.report import render

    if args.max_bytes == 0:
        raise UsageError("--max-bytes must be at least 1")
    if args.max_triples == 0:
        raise UsageError("--max-triples must be at least 1")
    if args.files.count("-") > 1:
        raise UsageError("standard input (-) can be read only once")
    report = validate(
        args.files or None,
        data=args.data,
        timeout=args.timeout or None,
        strict=args.strict,
        max_bytes=args.max_bytes,
        max_triples=args.max_triples,
        stdin_name=args.stdin_name,
        base=None if args.base == "none" else args.base,
        fail_on_removal=args.fail_on_removal,
    )
    write_stdout(render(report, args.format))
    return report.exit_code()

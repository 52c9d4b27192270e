"""The `cybergraph` command: parses arguments, calls the library, prints, and returns an exit code.

Exit codes, for every command: 0 ok, 1 problems found, 2 unusable input or usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from cybergraph.core.errors import EXIT_UNUSABLE, CybergraphError
from cybergraph.core.version import __version__


def _commands() -> tuple[ModuleType, ...]:
    # The registry of commands, in the order `cybergraph --help` lists them. Each module has NAME, HELP,
    # add_arguments(parser) and run(args) -> int; only the parser's definitions are imported here, and each
    # run() imports the heavy libraries it needs.
    from cybergraph.cli import build, docs, export, fmt, publish, queries, query, summary, validate

    return (build, summary, validate, queries, query, export, docs, publish, fmt)


def _add_common(parser: argparse.ArgumentParser, default: object) -> None:
    group = parser.add_argument_group("common options")
    group.add_argument(
        "--debug",
        action="store_true",
        default=default if default is not None else False,
        help="show the traceback of an error",
    )
    group.add_argument(
        "--data",
        metavar="DIR",
        default=default,
        help="build the graph from the Turtle files in DIR instead of the project's data/",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cybergraph",
        description="A knowledge graph of international cybersecurity cooperation, with every fact's source.",
        epilog="Exit codes: 0 ok, 1 problems found, 2 unusable input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"cybergraph {__version__}")
    _add_common(parser, None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _commands():
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        # The common options work before or after the command name.
        _add_common(command, argparse.SUPPRESS)
        command.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage message
        return int(exc.code) if isinstance(exc.code, int) else EXIT_UNUSABLE
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_UNUSABLE
    try:
        return int(args.run(args))
    except CybergraphError as exc:
        if args.debug:
            raise
        print(exc.render(), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if args.debug:
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc}\n  hint: run again with --debug for the traceback",
            file=sys.stderr,
        )
        return EXIT_UNUSABLE

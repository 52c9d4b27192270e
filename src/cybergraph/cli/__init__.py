"""The `cybergraph` command: parses arguments, calls the library, prints, and returns an exit code.

Exit codes, for every command: 0 ok, 1 problems found, 2 unusable input or usage; stopped by a signal:
130 (Ctrl-C, SIGINT), 143 (SIGTERM), 129 (SIGHUP), after removing the temporary files it made.
"""

from __future__ import annotations

import os
import sys

# Every other import is made where it is needed: a cold `query NAME` is answered by `cli.fast` before
# argparse, signal, threading, typing or the errors' dataclasses are imported (each a few milliseconds of
# a start-up that issue 12 holds to 1.5x a bare pyoxigraph script). Type checkers treat a name
# TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator, Sequence
    from contextlib import AbstractContextManager
    from types import ModuleType
    from typing import NoReturn

#: The commands, in the order `cybergraph --help` lists them: each is the module cybergraph.cli.<name>.
NAMES = (
    "build",
    "summary",
    "validate",
    "diff",
    "queries",
    "query",
    "serve",
    "export",
    "docs",
    "site",
    "publish",
    "fmt",
)


def _commands(only: str | None = None) -> tuple[ModuleType, ...]:
    # The registry of commands. Each module has NAME, HELP, add_arguments(parser) and run(args) -> int;
    # only the parser's definitions are imported here, and each run() imports the heavy libraries it
    # needs. With `only`, just that command's module: a cold `query` need not import what `validate` or
    # `export` define their options with (a third of its start-up).
    from importlib import import_module

    return tuple(import_module(f"cybergraph.cli.{name}") for name in NAMES if only in (None, name))


def _command_in(argv: Sequence[str]) -> str | None:
    """The command `argv` names, if it is one: its first word that is not an option or --data's value."""
    words = iter(argv)
    for word in words:
        if word == "--data":
            next(words, None)
        elif not word.startswith("-"):
            return word if word in NAMES else None
    return None


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


class _UsageError(Exception):
    """A usage error found by a quiet parser: nothing has been printed yet."""


def _quiet_parser() -> type[argparse.ArgumentParser]:
    """An ArgumentParser that raises _UsageError instead of printing a usage error and exiting (a class
    made here, so that argparse is imported only by commands that parse with it)."""
    import argparse

    class QuietParser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            raise _UsageError(message)

    return QuietParser


def build_parser(only: str | None = None, *, quiet: bool = False) -> argparse.ArgumentParser:
    """The parser of every command, or only of the command `only` (see `_commands`); a `quiet` one raises
    _UsageError instead of printing a usage error and exiting."""
    import argparse

    from cybergraph.core.version import __version__

    parser = (_quiet_parser() if quiet else argparse.ArgumentParser)(
        prog="cybergraph",
        description="A knowledge graph of international cybersecurity cooperation, with every fact's source.",
        epilog="Exit codes: 0 ok, 1 problems found, 2 unusable input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"cybergraph {__version__}")
    _add_common(parser, None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _commands(only):
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        # The common options work before or after the command name.
        _add_common(command, argparse.SUPPRESS)
        command.set_defaults(run=module.run)
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the program is, so that `finally` blocks and context managers run
    (temporary files are removed, a worker process is stopped) before the command exits."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def signals_as_exceptions() -> AbstractContextManager[None]:
    """SIGTERM and SIGHUP raised as `Terminated` where the program is, while the context is active (on
    the main thread only: no other may set signal handlers)."""
    import signal
    import threading
    from contextlib import contextmanager

    caught = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))

    @contextmanager
    def active() -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def handler(signum: int, frame: object) -> None:
            # A second signal while cleaning up ends the process at once; the next run sweeps what is left.
            for number in caught:
                signal.signal(number, signal.SIG_DFL)
            raise Terminated(signum)

        previous = {number: signal.signal(number, handler) for number in caught}
        try:
            yield
        finally:
            for number, action in previous.items():
                signal.signal(number, action)

    return active()


def stopped(exc: KeyboardInterrupt) -> int:
    """Say on standard error what stopped the command (a signal, Ctrl-C); its exit code."""
    if isinstance(exc, Terminated):
        import signal

        print(f"terminated by {signal.Signals(exc.signum).name}", file=sys.stderr)
        return 128 + exc.signum
    print("interrupted", file=sys.stderr)
    return 130


def quiet_stdout() -> None:
    """The reader of standard output has gone (`| head`): what is still buffered must not be flushed at
    exit, where Python would complain about it; standard output points to /dev/null from here on."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None, *, fast: bool = True) -> int:
    """Run the command `argv` (default: the process's arguments) and return its exit code. `fast=False`
    skips the fast path of `query` (the tests compare the two)."""
    words = list(sys.argv[1:] if argv is None else argv)
    if fast and words[:1] == ["query"]:
        # The common cold `query NAME [--param K=V] [--format F] [--data D] [--timeout T]`, answered
        # without argparse or the catalogue's parse when the cache holds what it needs (cli/fast.py);
        # None for anything else, which the full command below answers, with its exact errors.
        from cybergraph.cli.fast import answer

        code = answer(words)
        if code is not None:
            return code
    from cybergraph.core.errors import EXIT_UNUSABLE, CybergraphError
    from cybergraph.core.files import write_stdout

    command = _command_in(words)
    try:
        try:
            parser = build_parser(command, quiet=command is not None)
            args = parser.parse_args(words)
        except _UsageError:
            # A usage error is said by the parser of every command, as without the shortcut.
            parser = build_parser()
            args = parser.parse_args(words)
    except SystemExit as exc:  # argparse has printed the usage message, or --help or --version
        try:
            write_stdout(b"")
        except CybergraphError as error:
            print(error.render(), file=sys.stderr)
            return error.exit_code
        except BrokenPipeError:
            quiet_stdout()
        return int(exc.code) if isinstance(exc.code, int) else EXIT_UNUSABLE
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_UNUSABLE
    try:
        with signals_as_exceptions():
            code = int(args.run(args))
            write_stdout(b"")  # a full disk behind standard output is reported here, not at exit
            return code
    except CybergraphError as exc:
        if args.debug:
            raise
        print(exc.render(), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt as exc:  # Ctrl-C, or Terminated by SIGTERM or SIGHUP
        return stopped(exc)
    except BrokenPipeError:
        quiet_stdout()
        return 0
    except Exception as exc:
        if args.debug:
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc}\n  hint: run again with --debug for the traceback",
            file=sys.stderr,
        )
        return EXIT_UNUSABLE

"""`cybergraph publish`: load the export into a triplestore (Graph Store Protocol), in one PUT."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cybergraph.core.errors import EXIT_OK, InputError, UsageError
from cybergraph.core.positions import Position, display_path

NAME = "publish"
HELP = "replace a graph of a SPARQL store with the export, in one HTTP PUT (Graph Store Protocol)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from cybergraph.cli.export import add_selection_arguments

    parser.add_argument(
        "--endpoint",
        metavar="URL",
        required=True,
        help="the store's Graph Store Protocol URL"
        " (Oxigraph: http://HOST:7878/store; Fuseki: http://HOST:3030/DATASET/data)",
    )
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "--graph",
        metavar="IRI",
        help="the named graph to replace (default: https://w3id.org/cybergraph/graph/all)",
    )
    target.add_argument(
        "--default-graph", action="store_true", help="replace the store's default graph instead"
    )
    target.add_argument(
        "--quads",
        action="store_true",
        help="PUT N-Quads to the endpoint itself: replaces the WHOLE store and keeps each source section's"
        " named graph (an extension Oxigraph implements; not every store does)",
    )
    add_selection_arguments(parser)
    parser.add_argument("--user", metavar="NAME", help="user name for HTTP basic authentication")
    parser.add_argument(
        "--password-file",
        metavar="FILE",
        type=Path,
        help="file holding the password (never on the command line, where other users can see it)",
    )
    parser.add_argument(
        "--timeout", type=float, default=60.0, metavar="SECONDS", help="give up after (default 60)"
    )


def _credentials(args: argparse.Namespace) -> object:
    from cybergraph.publishing.publish import Credentials

    if args.password_file and not args.user:
        raise UsageError("--password-file needs --user")
    if not args.user:
        return None
    if not args.password_file:
        raise UsageError(
            "--user needs --password-file FILE", hint="put the password in a file readable only by you"
        )
    try:
        text = args.password_file.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot read the password file: {exc.strerror or exc}",
            position=Position(display_path(args.password_file)),
        ) from exc
    return Credentials(args.user, text.rstrip("\r\n"))


def run(args: argparse.Namespace) -> int:
    from cybergraph.cli.export import include_of
    from cybergraph.graph.build import build
    from cybergraph.publishing.publish import publish

    include = include_of(args)
    credentials = _credentials(args)
    done = publish(
        build(data=args.data),
        endpoint=args.endpoint,
        graph=args.graph,
        default_graph=args.default_graph,
        quads=args.quads,
        selection=args.selection,
        include=include,
        credentials=credentials,  # type: ignore[arg-type]
        timeout=args.timeout,
    )
    kind = "quads" if args.quads else "triples"
    print(
        f"published {done.statements:,} {kind} ({done.size:,} bytes) into {done.target} at {args.endpoint}:"
        f" HTTP {done.status}",
        file=sys.stderr,
    )
    return EXIT_OK

"""`cybergraph query`: run a stored query by name, or one's own with --file or --sparql."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cybergraph.core.errors import EXIT_OK, UsageError

NAME = "query"
ORDER = 20
HELP = "run a stored query (see `cybergraph queries`) or your own SPARQL, on the graph or an endpoint"

FORMAT_NAMES = ("table", "csv", "tsv", "json", "xml", "markdown", "turtle", "ntriples", "jsonld")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "name", nargs="?", metavar="NAME", help="a stored query, as `cybergraph queries` lists"
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--file", metavar="FILE", help="run the SPARQL query in FILE (its header is optional)")
    which.add_argument("--sparql", metavar="QUERY", help="run this SPARQL query text")
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter of the query (repeat for several); `cybergraph queries NAME` lists them",
    )
    parser.add_argument(
        "--format",
        "-f",
        choices=FORMAT_NAMES,
        help="table (default on a terminal), tsv (default otherwise), csv, json, xml (W3C SPARQL results"
        " formats), markdown; for CONSTRUCT and DESCRIBE: turtle (default), ntriples, jsonld",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="give the query up after SECONDS (default 30; 0 for no limit)",
    )
    parser.add_argument(
        "--allow-service",
        action="store_true",
        help="let the query call other servers with SERVICE (refused otherwise)",
    )
    parser.add_argument(
        "--endpoint",
        metavar="URL",
        help="run on this SPARQL 1.1 endpoint (Oxigraph, Fuseki, Virtuoso, GraphDB, Neptune) instead of"
        " the built graph",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the result to FILE (atomically) instead of stdout",
    )


def _default_format(form: str, to_terminal: bool) -> str:
    # Tables are for people; a pipe gets TSV, which keeps every term's type and one row a line.
    if form in ("CONSTRUCT", "DESCRIBE"):
        return "turtle"
    return "table" if to_terminal else "tsv"


def run(args: argparse.Namespace) -> int:
    import shutil

    from cybergraph.query.catalogue import find, from_text, load_file
    from cybergraph.query.engine import connect, execute, inspect, labels, prepare
    from cybergraph.query.params import bind, parse_assignments
    from cybergraph.query.results import check_format, iris_to_label, render

    given = [x for x in (args.name, args.file, args.sparql) if x is not None]
    if len(given) != 1:
        raise UsageError(
            "give one query: a stored query's NAME, --file FILE or --sparql TEXT",
            hint="`cybergraph queries` lists the stored queries",
        )
    if args.timeout < 0:
        raise UsageError("--timeout must be 0 (no limit) or a number of seconds")
    timeout = args.timeout or None
    params = parse_assignments(args.param)
    if args.file is not None:
        query = load_file(Path(args.file), stored=False)
    elif args.sparql is not None:
        query = from_text(args.sparql)
    else:
        query = find(args.name)
    stored, lexed = inspect(query, allow_service=args.allow_service)
    to_terminal = args.output is None and sys.stdout.isatty()
    fmt = args.format or _default_format(lexed.form, to_terminal)
    check_format(fmt, lexed.form)
    # Parameters are checked before the graph is built or the endpoint called.
    bind(stored.params, params, query=stored.label)

    engine = connect(endpoint=args.endpoint, data=args.data)
    prepared = prepare(
        stored, engine=engine, params=params, timeout=timeout, allow_service=args.allow_service
    )
    result = execute(prepared, engine, timeout=timeout)
    names = labels(iris_to_label(result), engine, timeout=timeout) if fmt in ("table", "markdown") else {}
    width = shutil.get_terminal_size((100, 24)).columns if to_terminal else 100
    text = render(result, fmt, labels=names, width=width)
    if args.output is not None:
        from cybergraph.core.files import write_text

        write_text(Path(args.output), text)
    else:
        # Bytes, so that CSV's CRLF line ends reach the pipe as the standard writes them.
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    return EXIT_OK

"""`cybergraph query`: run a stored query by name, or one's own with --file or --sparql."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cybergraph.cli.options import add_context_arguments
from cybergraph.core.errors import EXIT_OK, UsageError
from cybergraph.query.format_names import FORMATS

NAME = "query"
HELP = "run a stored query (see `cybergraph queries`) or your own SPARQL, on the graph or an endpoint"


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
        choices=FORMATS,
        help="table (default on a terminal), tsv (default otherwise), csv, json, xml (W3C SPARQL results"
        " formats), markdown; for CONSTRUCT and DESCRIBE: turtle (default), ntriples, jsonld",
    )
    add_context_arguments(parser)
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
        "--default-graph-uri",
        metavar="IRI",
        help="with --endpoint: the graph the server holds the dump's default graph in, sent as the"
        " protocol's default-graph-uri (Virtuoso: the graph given to its bulk loader, e.g."
        " https://w3id.org/cybergraph/graph/default)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the result to FILE (atomically) instead of stdout",
    )


def run(args: argparse.Namespace) -> int:
    from cybergraph.core.files import output_target, write_stdout, write_text
    from cybergraph.query.params import parse_assignments
    from cybergraph.query.run import answer_isolated, default_format, prepare, read_query

    if args.timeout < 0:
        raise UsageError("--timeout must be 0 (no limit) or a number of seconds")
    if args.output is not None:
        output_target(args.output)  # a file that cannot be written is reported before the query runs
    if args.context_url is not None and args.format is not None:
        from cybergraph.rdf.jsonld import context_address

        context_address(args.context_url, format=args.format)  # before the graph is built
    query = read_query(name=args.name, file=args.file, text=args.sparql)
    to_terminal = args.output is None and sys.stdout.isatty()
    width = 100
    if to_terminal:
        import shutil

        width = shutil.get_terminal_size((100, 24)).columns
    if args.endpoint is None and args.default_graph_uri is None:
        # The built graph: every query of the answer in one sandboxed worker.
        text = answer_isolated(
            query,
            params=parse_assignments(args.param),
            data=args.data,
            timeout=args.timeout or None,
            allow_service=args.allow_service,
            format=args.format,
            to_terminal=to_terminal,
            width=width,
            context_url=args.context_url,
        )
    else:
        prepared = prepare(
            query,
            params=parse_assignments(args.param),
            endpoint=args.endpoint,
            default_graph_uri=args.default_graph_uri,
            data=args.data,
            timeout=args.timeout or None,
            allow_service=args.allow_service,
            format=args.format,
        )
        fmt = args.format or default_format(prepared.form, to_terminal=to_terminal)
        text = prepared.answer(fmt, width=width, context_url=args.context_url)
    if args.output is not None:
        write_text(Path(args.output), text)
    else:
        write_stdout(text)
    if args.name is not None and args.endpoint is None and args.default_graph_uri is None:
        from cybergraph.cli.fast import remember

        remember(args.data)  # the next cold `query NAME` starts without argparse and the catalogue's parse
    return EXIT_OK

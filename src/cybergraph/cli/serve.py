"""`cybergraph serve`: the graph over HTTP (SPARQL endpoint, dereferenceable IRIs, pages, web API)."""

from __future__ import annotations

import argparse

from cybergraph.core.errors import EXIT_OK, UsageError

NAME = "serve"
HELP = "serve the graph over HTTP: a SPARQL endpoint, its IRIs, the pages and the stored questions"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="the port to listen on (default 8000)")
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="the public address of the site, e.g. https://w3id.org/cybergraph: links use it and the routes"
        " are served under its path",
    )
    limits = parser.add_argument_group("limits")
    limits.add_argument(
        "--workers", type=int, metavar="N", help="query workers, the queries running at once (default: cores)"
    )
    limits.add_argument(
        "--queue",
        type=int,
        default=0,
        metavar="N",
        help="queries waiting for a worker (default: as many as workers)",
    )
    limits.add_argument(
        "--timeout", type=float, default=30.0, metavar="SECONDS", help="time limit per request (default 30)"
    )
    limits.add_argument(
        "--max-rows", type=int, default=10_000, metavar="N", help="rows per answer (default 10000)"
    )
    limits.add_argument(
        "--max-body", type=int, default=1 << 20, metavar="BYTES", help="request body (default 1 MiB)"
    )
    limits.add_argument("--max-url", type=int, default=8 << 10, metavar="BYTES", help="URL (default 8 KiB)")
    limits.add_argument(
        "--receive-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="to receive a request's head, and then its body (default 10)",
    )
    limits.add_argument(
        "--memory", type=int, default=2048, metavar="MIB", help="memory per query worker (default 2048 MiB)"
    )
    limits.add_argument(
        "--client-seconds",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="query time per client per minute (default 60)",
    )
    limits.add_argument(
        "--client-errors",
        type=int,
        default=30,
        metavar="N",
        help="error responses per client per minute (default 30)",
    )


def run(args: argparse.Namespace) -> int:
    from cybergraph.graph.build import build
    from cybergraph.serve.app import base_parts
    from cybergraph.serve.limits import Limits, cores
    from cybergraph.serve.server import serve

    base_parts(args.base_url)  # a bad URL is told before the graph is built
    numbers = {
        "--port": args.port,
        "--queue": args.queue + 1,
        "--timeout": args.timeout,
        "--max-rows": args.max_rows,
        "--max-body": args.max_body,
        "--max-url": args.max_url,
        "--receive-timeout": args.receive_timeout,
        "--memory": args.memory,
        "--client-seconds": args.client_seconds,
        "--client-errors": args.client_errors,
    }
    for option, value in numbers.items():
        if not value > 0:
            raise UsageError(f"{option} must be a positive number")
    if args.port > 65535:
        raise UsageError(f"--port must be at most 65535, not {args.port}", hint="for example --port 8000")
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    limits = Limits(
        timeout=args.timeout,
        max_rows=args.max_rows,
        max_body=args.max_body,
        max_url=args.max_url,
        receive_timeout=args.receive_timeout,
        workers=args.workers or cores(),
        queue=args.queue,
        memory_mib=args.memory,
        client_seconds=args.client_seconds,
        client_errors=args.client_errors,
    )
    _can_listen(args.host, args.port)  # before the graph is built and the workers start
    graph = build(data=args.data)
    serve(graph, host=args.host, port=args.port, base_url=args.base_url, limits=limits)
    return EXIT_OK


def _can_listen(host: str, port: int) -> None:
    """Refuse an address this process cannot listen on (in use, not this machine's, a privileged port)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
    except OSError as exc:
        raise UsageError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            hint="choose another --port (or --host), or stop the program that uses it",
        ) from None

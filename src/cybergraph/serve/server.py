"""Running the application under uvicorn, with the limits that belong to the connection (the deadline
for a request's head, the largest head) and a graceful stop.

On SIGTERM or SIGINT uvicorn stops accepting connections, lets the requests in flight finish (for at most
the query time limit and a little more), then runs the application's shutdown, which kills and reaps the
query workers; the fork server that made them exits with the process. No process is left behind.
"""

from __future__ import annotations

import sys

import uvicorn

from cybergraph.graph.build import BuiltGraph
from cybergraph.serve.app import create_app
from cybergraph.serve.http11 import protocol
from cybergraph.serve.limits import Limits

#: The largest request head read (431 above): above the URL limit, so that a long URL gets our 414.
MAX_HEAD = 64 << 10
#: Connections open at once; more get 503 from uvicorn (each holds a file descriptor).
MAX_CONNECTIONS = 1000


def serve(graph: BuiltGraph, *, host: str, port: int, base_url: str | None, limits: Limits) -> None:
    """Serve the graph until a signal stops the server."""
    app = create_app(graph, limits=limits, base_url=base_url)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol(limits.receive_timeout, MAX_HEAD),
        lifespan="on",
        access_log=False,  # the application writes its own, one JSON line per request
        log_level="warning",
        timeout_keep_alive=5,
        timeout_graceful_shutdown=int(limits.timeout) + 5,
        limit_concurrency=MAX_CONNECTIONS,
        server_header=False,
    )
    server = uvicorn.Server(config)
    shown = base_url or f"http://{host}:{port}"
    print(
        f"serving {shown}/ on {host}:{port} with {limits.workers} query workers (stop with Ctrl-C)",
        file=sys.stderr,
        flush=True,
    )
    server.run()

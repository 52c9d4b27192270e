"""Loading an export into a triplestore over the SPARQL 1.1 Graph Store HTTP Protocol, in one request.

One HTTP PUT replaces the target graph as a whole: a store applies it in one transaction, so readers see
the old graph or the new one, never half of either. Any store that speaks the protocol works (Oxigraph,
Fuseki, GraphDB, Virtuoso, Amazon Neptune).

What goes into the store: by default the export's triples, merged, into ONE named graph
(`graph:all`, or `--graph IRI`, or the default graph with `default_graph=True`). A graph holds
triples, so the source section of each fact is not kept there. `quads=True` instead PUTs N-Quads to
the store endpoint itself, which replaces the WHOLE dataset: its default graph (every fact once) and each
section's named graph (graph.dataset). That is an extension of the protocol: Oxigraph implements it;
Virtuoso answers 200 and loads nothing, which is reported as an error (use its bulk loader); check other
stores' documentation.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Collection
from dataclasses import dataclass

from cybergraph.core.errors import CybergraphError, UsageError
from cybergraph.graph.build import BuiltGraph
from cybergraph.publishing.export import DEFAULT_INCLUDE, Selection, select, serialize
from cybergraph.rdf.terms import GRAPHS

DEFAULT_GRAPH_IRI = GRAPHS + "all"
# Measured on Virtuoso 7.2: a PUT of N-Quads to /sparql-graph-crud answers 200 and loads nothing.
VIRTUOSO_QUADS = (
    "Virtuoso",
    "Virtuoso accepts N-Quads there but loads nothing (--quads is an Oxigraph extension of the protocol)."
    " Load the dump with Virtuoso's bulk loader instead: README, 'From the embedded graph to a server'",
)
_MESSAGE_LIMIT = 2000


class PublishError(CybergraphError):
    """The store could not be reached or refused the data (exit code 2)."""


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str

    def header(self) -> str:
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"


@dataclass(frozen=True)
class Published:
    """What a publish did: the URL it sent to, the server's status, and how much it sent."""

    url: str
    status: int
    target: str  # the graph IRI, "the default graph" or "the whole dataset"
    statements: int  # triples in the graph, or quads with `quads`
    size: int  # bytes sent


def target_url(endpoint: str, *, graph: str | None, default_graph: bool = False, quads: bool = False) -> str:
    """The Graph Store Protocol URL for the target: `?graph=IRI`, `?default`, or the endpoint itself."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(
            f"the endpoint {endpoint!r} is not an http(s) URL",
            hint="give the store's Graph Store Protocol URL, e.g. http://localhost:7878/store",
        )
    if quads:
        return endpoint
    query = "default" if default_graph else urllib.parse.urlencode({"graph": graph or DEFAULT_GRAPH_IRI})
    joiner = "&" if parts.query else "?"
    return endpoint + joiner + query


def _server_message(body: bytes) -> str:
    text = body.decode("utf-8", errors="replace").strip()
    if len(text) > _MESSAGE_LIMIT:
        text = text[:_MESSAGE_LIMIT] + " ..."
    return text or "(no message)"


def put(
    url: str,
    payload: bytes,
    *,
    media_type: str,
    credentials: Credentials | None = None,
    timeout: float = 60.0,
    refuse_server: tuple[str, str] | None = None,
) -> int:
    """PUT `payload` to `url`; the HTTP status on success, PublishError otherwise.

    `refuse_server` is (a product in the `Server` header, why): an answer of that server is an error even
    when its status says success (it accepts what it does not load).
    """
    request = urllib.request.Request(url, data=payload, method="PUT")
    request.add_header("Content-Type", media_type)
    if credentials:
        request.add_header("Authorization", credentials.header())
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            server = response.headers.get("Server", "")
            if refuse_server and server.startswith(refuse_server[0]):
                why = refuse_server[1]
                raise PublishError(
                    f"the store ({server.strip()}) answered {response.status} to PUT {url}: {why}"
                )
            return int(response.status)
    except urllib.error.HTTPError as exc:
        message = _server_message(exc.read())
        raise PublishError(
            f"the store answered {exc.code} {exc.reason} to PUT {url}: {message}",
            hint=_hint(exc.code),
        ) from exc
    except urllib.error.URLError as exc:
        reason = getattr(exc.reason, "strerror", None) or str(exc.reason)
        raise PublishError(
            f"cannot reach the store at {url}: {reason}",
            hint="check that the server is running and the URL is its Graph Store Protocol endpoint",
        ) from exc
    except (TimeoutError, OSError) as exc:
        raise PublishError(f"no answer from the store at {url}: {exc}") from exc


def _hint(status: int) -> str | None:
    if status in (401, 403):
        return "check --user and --password-file; the account needs write access to the store"
    if status in (404, 405):
        return "the URL may not be the store's Graph Store Protocol endpoint (Oxigraph: <base>/store)"
    if status == 415:
        return "the store does not accept this media type"
    return None


def publish(
    built: BuiltGraph,
    *,
    endpoint: str,
    graph: str | None = None,
    default_graph: bool = False,
    quads: bool = False,
    selection: Selection = "asserted",
    include: Collection[str] = DEFAULT_INCLUDE,
    credentials: Credentials | None = None,
    timeout: float = 60.0,
) -> Published:
    """Replace the target graph (or, with `quads`, the whole dataset) with the export, in one request.

    The graph goes as canonical Turtle (the format every Graph Store Protocol server reads); with `quads`
    as N-Quads. `selection` and `include` choose what is exported, as for `publishing.export.export`.
    """
    if quads and (graph or default_graph):
        raise UsageError("--quads replaces the whole dataset; it takes no --graph or --default-graph")
    if graph and default_graph:
        raise UsageError("choose --graph IRI or --default-graph, not both")
    if graph:
        parts = urllib.parse.urlsplit(graph)
        if not parts.scheme or any(c in graph for c in ' <>"{}|^`\\'):
            raise UsageError(f"the graph name {graph!r} is not an absolute IRI")
    url = target_url(endpoint, graph=graph, default_graph=default_graph, quads=quads)
    # With quads, the dataset as the quad exports carry it: the default graph holds every triple once.
    chosen = select(built, selection=selection, include=include, default_graph=quads)
    if quads:
        payload = serialize(chosen, format="nquads")
        media_type, statements, target = "application/n-quads", len(set(chosen)), "the whole dataset"
    else:
        payload = serialize(chosen, format="turtle")
        media_type, statements = "text/turtle", len({q.triple for q in chosen})
        target = "the default graph" if default_graph else f"<{graph or DEFAULT_GRAPH_IRI}>"
    status = put(
        url,
        payload,
        media_type=media_type,
        credentials=credentials,
        timeout=timeout,
        refuse_server=VIRTUOSO_QUADS if quads else None,
    )
    return Published(url=url, status=status, target=target, statements=statements, size=len(payload))

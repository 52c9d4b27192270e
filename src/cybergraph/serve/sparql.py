"""The SPARQL 1.1 Protocol endpoint (`/sparql`) and its Service Description.

A query comes by GET (`?query=`), by POST of a form (`application/x-www-form-urlencoded`, `query=`) or by
POST directly (`application/sparql-query`, the body is the query); `default-graph-uri` and
`named-graph-uri` (repeatable, in the query string or the form) set its dataset, as the protocol says.
The text is the command line's `--sparql`: the same reading, the same check in the worker (SERVICE,
remote FROM, size, nesting: `query.guard`) and the same messages. Updates are refused, whichever way they
come (`update=`, `application/sparql-update`, or an update's text as a query), with the command line's
message. The answer is written in the format `Accept` prefers (`negotiation`); a GET's answer carries an
ETag of the dataset's version and the format, so a client that has it gets 304 without the query running.

Without a query, `/sparql` describes itself (SPARQL 1.1 Service Description) in the RDF format asked
for; a browser (text/html first) is sent to the query editor.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from cybergraph.core.errors import CybergraphError, InputError
from cybergraph.publishing.export import graph_quads, serialize
from cybergraph.query.catalogue import from_text
from cybergraph.query.guard import own_graph
from cybergraph.query.run import Prepared, check, prepare
from cybergraph.rdf.terms import ENTITIES, GRAPHS, PREFIXES, RDF_TYPE
from cybergraph.serve.limits import Ticket
from cybergraph.serve.negotiation import GRAPHS as GRAPH_KINDS
from cybergraph.serve.negotiation import HTML, TABLES, choose
from cybergraph.serve.service import TRUNCATED, Service, error_response, not_acceptable, timeout_of

ORIGIN = "<query>"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
_RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                   "Turtle", "N-Triples", "JSON-LD", "RDF_XML")  # fmt: skip


class Form:
    """The protocol's parameters of one request, from the query string and the body."""

    def __init__(self) -> None:
        self.query: list[str] = []
        self.update: list[str] = []
        self.default_graphs: list[str] = []
        self.named_graphs: list[str] = []
        self.timeout: str | None = None

    def add(self, name: str, value: str) -> None:
        if name == "query":
            self.query.append(value)
        elif name == "update":
            self.update.append(value)
        elif name == "default-graph-uri":
            self.default_graphs.append(value)
        elif name == "named-graph-uri":
            self.named_graphs.append(value)
        elif name == "timeout":
            self.timeout = value


async def read_form(request: Request) -> Form:
    """The protocol's parameters (raises CybergraphError for a request the protocol does not allow)."""
    form = Form()
    for name, value in request.query_params.multi_items():
        form.add(name, value)
    if request.method == "POST":
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/x-www-form-urlencoded":
            body = await request.form()
            for name, field in body.multi_items():
                if isinstance(field, str):
                    form.add(name, field)
        elif kind == "application/sparql-query":
            form.query.append(await _text(request))
        elif kind == "application/sparql-update":
            form.update.append(await _text(request))
        else:
            raise CybergraphError(
                "a POST to the SPARQL endpoint must be a form or a query,"
                f" not {kind or 'a body without type'!r}",
                hint="send Content-Type: application/sparql-query with the query as the body,"
                " or application/x-www-form-urlencoded with query=...",
            )
    return form


async def _text(request: Request) -> str:
    raw = await request.body()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the query is not UTF-8 text: {exc}", hint="send the query encoded as UTF-8"
        ) from None


def _refuse_update(text: str) -> CybergraphError:
    # The command line's boundary: the text read as a query is refused for what it is (an update).
    try:
        check(from_text(text, origin=ORIGIN))
    except CybergraphError as exc:
        return exc
    return CybergraphError(
        "this endpoint answers queries only: updates are not accepted", hint="send it as query=..."
    )


def _dataset(form: Form) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    for iri in form.default_graphs + form.named_graphs:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise CybergraphError(
                f"{iri!r} is not an absolute IRI", hint="name graphs by their full IRI"
            ) from None
        if not own_graph(iri):
            # The same boundary as FROM in a query's text (query.guard): no graph from elsewhere.
            raise InputError(
                f"the request names the graph <{iri}>, which is not one of this dataset's graphs"
                " (a server might fetch it from the network)",
                position=None,
                hint=f"name graphs under {ENTITIES} or {GRAPHS}",
            )
    if not form.default_graphs and not form.named_graphs:
        return None, None
    return tuple(form.default_graphs), (tuple(form.named_graphs) if form.named_graphs else None)


_PREPARED_KEEP = 1024


def _prepared(service: Service, text: str) -> Prepared:
    """The query read and checked as the command line reads `--sparql` (raises its errors), from a cache
    of the texts seen last: a public endpoint gets the same texts again and again (its pages' among
    them), and reading a long one takes a millisecond. Only the event loop's thread uses the cache."""
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    found = service.prepared.get(key)
    if found is not None:
        service.prepared.move_to_end(key)
        return found
    # A text sent to the endpoint is SPARQL: a header in its comments (`# param: ...`, as a stored
    # question's text has) declares nothing here.
    stored = replace(from_text(text, origin=ORIGIN), params=())
    prepared = prepare(stored, engine=service.engine, timeout=None)
    service.prepared[key] = prepared
    while len(service.prepared) > _PREPARED_KEEP:
        service.prepared.popitem(last=False)
    return prepared


async def endpoint(service: Service, request: Request) -> Response:
    try:
        form = await read_form(request)
        if form.update:
            raise _refuse_update(form.update[0])
        if not form.query:
            return await description(service, request)
        if len(form.query) > 1:
            raise CybergraphError("the request holds more than one query", hint="send one query= per request")
        text = form.query[0]
        timeout = timeout_of({"timeout": form.timeout} if form.timeout is not None else {})
        default_graphs, named_graphs = _dataset(form)
        ready = _prepared(service, text)
        offered = TABLES if ready.form in ("SELECT", "ASK") else GRAPH_KINDS
        kind = choose(request.headers.get("accept"), offered)
        if kind is None:
            return not_acceptable(offered)
        etag = service.etag(kind.name)
        cacheable = request.method in ("GET", "HEAD") and default_graphs is None
        if cacheable and service.not_modified(request, etag):
            return Response(status_code=304, headers={"ETag": etag, "Vary": "Accept"})

        def work(ticket: Ticket) -> bytes:
            ticket.default_graphs, ticket.named_graphs = default_graphs, named_graphs
            return service.engine.answer(replace(ready, timeout=ticket.seconds), kind.name)

        body = await service.with_queries(request, work, timeout=timeout)
    except BaseException as exc:
        return error_response(exc)
    headers = {"Vary": "Accept"}
    if cacheable:
        headers["ETag"] = etag
    ticket = request.state.ticket
    if ticket.truncated:
        headers[TRUNCATED] = str(service.limits.max_rows)
    return Response(body, media_type=kind.content_type, headers=headers)


async def description(service: Service, request: Request) -> Response:
    """The Service Description, or (for a browser) the query editor."""
    offered = (*GRAPH_KINDS, HTML) if service.pages is not None else GRAPH_KINDS
    kind = choose(request.headers.get("accept"), offered)
    if kind is None:
        return not_acceptable(offered)
    if kind is HTML:
        return RedirectResponse(f"{service.base(request)}/editor", status_code=303)
    endpoint_url = f"{service.base(request)}/sparql"
    body = serialize(graph_quads(service_description(endpoint_url)), format=kind.name)
    return Response(body, media_type=kind.content_type, headers={"Vary": "Accept"})


def service_description(endpoint_url: str) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of the endpoint at `endpoint_url`."""

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    service = ox.NamedNode(endpoint_url)
    dataset = ox.BlankNode("dataset")
    default = ox.BlankNode("default")
    out = [
        ox.Triple(service, RDF_TYPE, sd("Service")),
        ox.Triple(service, sd("endpoint"), service),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("EmptyGraphs")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, sd("Graph")),
        ox.Triple(
            dataset,
            ox.NamedNode(PREFIXES["dcterms"] + "source"),
            ox.NamedNode("https://w3id.org/cybergraph/dataset"),
        ),
    ]
    out += [ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS_NS + f)) for f in _RESULT_FORMATS]
    return out

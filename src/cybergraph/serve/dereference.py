"""Dereferenceable IRIs: `/id/{slug}` (an entity or a source section), `/def` (the ontology: its terms are
hash IRIs, `…/def#Term`, so looking one up fetches this document), and the dataset's VoID description
at `/.well-known/void`.

Each answers directly (200) in the format `Accept` prefers, or the one a suffix names (`.html`, `.ttl`,
`.jsonld`, `.nt`, `.rdf`), with `Vary: Accept`, a `Link: rel="alternate"` for every format and a
`Content-Location` naming the document of the format served (README: why not 303). The RDF description
of an entity is what `cybergraph query describe --param entity=SLUG` gives: every stated fact with the
entity as subject or object, each fact again as an `rdf:Statement` derived from
(`prov:wasDerivedFrom`) the source section that states it, and the labels of everything it names. That
way the source of each fact survives in every format, the triple formats included.
"""

from __future__ import annotations

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from cybergraph.core.errors import CybergraphError
from cybergraph.publishing.export import description, graph_quads, serialize
from cybergraph.query.run import prepare
from cybergraph.rdf.terms import ENTITIES, ONTOLOGY_GRAPH, SLUG_LOCAL
from cybergraph.serve.limits import Ticket
from cybergraph.serve.negotiation import GRAPHS, HTML, Kind, by_suffix, choose
from cybergraph.serve.service import (
    TRUNCATED,
    Service,
    error_response,
    link_alternates,
    not_acceptable,
    render_page,
)


def _offered(service: Service) -> tuple[Kind, ...]:
    return (HTML, *GRAPHS) if service.pages is not None else GRAPHS


def _split(name: str, service: Service) -> tuple[str, Kind | None]:
    """`apec.ttl` -> ("apec", Turtle); a name without a known suffix is all name."""
    stem, dot, suffix = name.rpartition(".")
    if dot:
        kind = by_suffix(_offered(service), suffix)
        if kind is not None:
            return stem, kind
    return name, None


def _headers(service: Service, request: Request, path: str, kind: Kind) -> dict[str, str]:
    url = f"{service.base(request)}{path}"
    return {
        "Vary": "Accept",
        "Link": link_alternates(url, _offered(service)),
        "Content-Location": f"{url}.{kind.suffix}",
        "ETag": service.etag(kind.name),
    }


def _missing(what: str) -> Response:
    return PlainTextResponse(f"error: {what}\n", status_code=404)


async def entity(service: Service, request: Request) -> Response:
    slug, kind = _split(request.path_params["name"], service)
    if not SLUG_LOCAL.match(slug):
        return _missing(f"{slug!r} is not the name of an entity")
    if kind is None:
        kind = choose(request.headers.get("accept"), _offered(service))
        if kind is None:
            return not_acceptable(_offered(service))
    path = f"/id/{slug}"
    headers = _headers(service, request, path, kind)
    if service.not_modified(request, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    try:
        if kind is HTML:
            return await render_page(service, request, path, headers)

        def work(ticket: Ticket) -> bytes | None:
            iri = ox.NamedNode(ENTITIES + slug)
            prepared = prepare(
                "describe", params={"entity": iri}, engine=service.engine, timeout=ticket.seconds
            )
            body = service.engine.answer(prepared, kind.name)
            return body if ticket.rows else None

        body = await service.with_queries(request, work, timeout=None)
    except BaseException as exc:
        return error_response(exc)
    if body is None:
        return _missing(f"the graph holds nothing about {ENTITIES}{slug}")
    if request.state.ticket.truncated:
        headers[TRUNCATED] = str(service.limits.max_rows)
    return Response(body, media_type=kind.content_type, headers=headers)


async def ontology(service: Service, request: Request) -> Response:
    suffix = request.path_params.get("suffix")
    if suffix is not None:
        kind = by_suffix(_offered(service), suffix)
        if kind is None:
            return _missing(f"the ontology has no .{suffix} document")
    else:
        kind = choose(request.headers.get("accept"), _offered(service))
        if kind is None:
            return not_acceptable(_offered(service))
    headers = _headers(service, request, "/def", kind)
    if service.not_modified(request, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    try:
        if kind is HTML:
            return await render_page(service, request, "/def", headers)
        body = await service.in_thread(lambda: _ontology(service, kind))
    except BaseException as exc:
        return error_response(exc)
    return Response(body, media_type=kind.content_type, headers=headers)


def _ontology(service: Service, kind: Kind) -> bytes:
    key = f"def.{kind.name}"
    if key not in service.cache:
        graph = ox.NamedNode(ONTOLOGY_GRAPH)
        triples = [q.triple for q in service.graph.store.quads_for_pattern(None, None, None, graph)]
        service.cache[key] = serialize(graph_quads(triples), format=kind.name)
    body: bytes = service.cache[key]
    return body


async def void(service: Service, request: Request) -> Response:
    kind = choose(request.headers.get("accept"), GRAPHS)
    if kind is None:
        return not_acceptable(GRAPHS)
    etag = service.etag(f"void-{kind.name}")
    headers = {"Vary": "Accept", "ETag": etag}
    if service.not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    endpoint_url = f"{service.base(request)}/sparql"

    def work() -> bytes:
        key = f"void.{endpoint_url}"
        if key not in service.cache:
            service.cache[key] = description(service.graph, selection="all", endpoint_url=endpoint_url)
        return serialize(graph_quads(service.cache[key]), format=kind.name)

    try:
        body = await service.in_thread(work)
    except CybergraphError as exc:
        return error_response(exc)
    return Response(body, media_type=kind.content_type, headers=headers)

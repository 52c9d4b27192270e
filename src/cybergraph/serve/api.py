"""The stored questions as a web API: `/queries` (the catalogue), `/queries/{name}` (one question, its
parameters as query-string values, its answer in the format `Accept` or a suffix asks for), and
`/openapi.json` (an OpenAPI 3 document generated from the catalogue's headers).

A question runs exactly as `cybergraph query NAME --param k=v` does (`query.run.prepare`): the same
conversion of parameters, the same resolution of entities (slug, label or IRI), the same messages for a
bad one (400). The reserved parameter `timeout` lowers the time limit.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from cybergraph.core.errors import CybergraphError
from cybergraph.core.version import __version__
from cybergraph.query.catalogue import QUERY_NAME, StoredQuery, catalogue
from cybergraph.query.params import ParamType, bind
from cybergraph.query.run import prepare
from cybergraph.query.sparql import Query
from cybergraph.serve.limits import Ticket
from cybergraph.serve.negotiation import GRAPHS, HTML, TABLES, Kind, by_suffix, choose
from cybergraph.serve.service import (
    TRUNCATED,
    Service,
    error_response,
    not_acceptable,
    params_of,
    render_page,
    timeout_of,
)

RESERVED = ("timeout",)


def _stored(service: Service) -> dict[str, tuple[StoredQuery, str]]:
    """Every stored question with its form, read once."""
    if "catalogue" not in service.cache:
        service.cache["catalogue"] = {q.name: (q, Query(q.text, origin=q.origin).form) for q in catalogue()}
    found: dict[str, tuple[StoredQuery, str]] = service.cache["catalogue"]
    return found


def _param_json(query: StoredQuery) -> list[dict[str, Any]]:
    return [
        {
            "name": p.name,
            "type": p.type.value,
            "required": p.required,
            "default": p.default,
            "example": p.example,
            "description": p.description,
        }
        for p in query.params
    ]


async def index(service: Service, request: Request) -> Response:
    offered = (HTML, JSON_LIST) if service.pages is not None else (JSON_LIST,)
    kind = choose(request.headers.get("accept"), offered)
    if kind is None:
        return not_acceptable(offered)
    if kind is HTML:
        return await render_page(service, request, "/queries", {"Vary": "Accept"})
    base = service.base(request)
    items = [
        {
            "name": q.name,
            "title": q.title,
            "question": q.question,
            "form": form,
            "parameters": _param_json(q),
            "url": f"{base}/queries/{q.name}",
        }
        for q, form in _stored(service).values()
    ]
    return JSONResponse({"queries": items}, headers={"Vary": "Accept"})


JSON_LIST = Kind("list", "application/json", "json")


async def question(service: Service, request: Request) -> Response:
    name = request.path_params["name"]
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    known = _stored(service)
    if stem not in known or not QUERY_NAME.match(stem):
        return PlainTextResponse(
            f"error: there is no stored query {stem!r}\n  hint: {service.base(request)}/queries lists them\n",
            status_code=404,
        )
    stored, form = known[stem]
    offered: tuple[Kind, ...] = TABLES if form in ("SELECT", "ASK") else GRAPHS
    if service.pages is not None:
        offered = (*offered, HTML)
    if suffix:
        kind = by_suffix(offered, suffix)
        if kind is None:
            return PlainTextResponse(
                f"error: the query {stem!r} has no .{suffix} form\n"
                f"  hint: use one of: {', '.join('.' + k.suffix for k in offered)}\n",
                status_code=404,
            )
    else:
        # A browser asks for HTML first; */* alone gets the first data format.
        kind = choose(request.headers.get("accept"), offered)
        if kind is None:
            return not_acceptable(offered)
    if kind is HTML:
        return await render_page(service, request, f"/queries/{stem}", {"Vary": "Accept"})
    params = {k: v for k, v in params_of(request).items() if k not in RESERVED}
    try:
        timeout = timeout_of(params_of(request))
        bind(stored.params, params, query=stored.label)  # a bad parameter is told before anything runs
        etag = service.etag(f"{kind.name}")
        if service.not_modified(request, etag):
            return Response(status_code=304, headers={"ETag": etag, "Vary": "Accept"})

        def work(ticket: Ticket) -> bytes:
            prepared = prepare(stored, params=params, engine=service.engine, timeout=ticket.seconds)
            return service.engine.answer(prepared, kind.name)

        body = await service.with_queries(request, work, timeout=timeout)
    except BaseException as exc:
        return error_response(exc)
    headers = {"Vary": "Accept", "ETag": etag}
    if request.state.ticket.truncated:
        headers[TRUNCATED] = str(service.limits.max_rows)
    return Response(body, media_type=kind.content_type, headers=headers)


_SCHEMA = {
    ParamType.ENTITY: {"type": "string", "description": "an entity: its slug, label or full IRI"},
    ParamType.LITERAL: {"type": "string"},
    ParamType.DATE: {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
    ParamType.INTEGER: {"type": "integer"},
}


# SPARQL JSON results (the other formats are text).
_RESULT_SCHEMA: dict[str, dict[str, Any]] = {
    "json": {
        "type": "object",
        "required": ["head"],
        "properties": {
            "head": {
                "type": "object",
                "properties": {"vars": {"type": "array", "items": {"type": "string"}}},
            },
            "results": {
                "type": "object",
                "properties": {"bindings": {"type": "array", "items": {"type": "object"}}},
            },
            "boolean": {"type": "boolean"},
        },
    }
}


def openapi(service: Service, base: str) -> dict[str, Any]:
    """The OpenAPI 3 document of the API, from the catalogue's headers."""
    paths: dict[str, Any] = {}
    timeout = {
        "name": "timeout",
        "in": "query",
        "required": False,
        "description": f"seconds; lowers the server's limit of {service.limits.timeout:g} s",
        "schema": {"type": "number", "minimum": 0, "exclusiveMinimum": True},  # OpenAPI 3.0: a boolean
    }
    errors = {
        "400": {"description": "a bad parameter or query, with the command line's message",
                "content": {"text/plain": {"schema": {"type": "string"}}}},
        "404": {"description": "no such question, or no such format of it"},
        "406": {"description": "none of the formats asked for is available"},
        "429": {"description": "this client's limits are spent; see Retry-After"},
        "503": {"description": "the server is busy; see Retry-After"},
        "504": {"description": "the query ran past its time limit"},
    }  # fmt: skip
    for q, form in _stored(service).values():
        params: list[dict[str, Any]] = []
        for p in q.params:
            schema: dict[str, Any] = {k: v for k, v in _SCHEMA[p.type].items() if k != "description"}
            if p.default is not None:
                schema["default"] = int(p.default) if p.type is ParamType.INTEGER else p.default
            entry: dict[str, Any] = {
                "name": p.name,
                "in": "query",
                "required": p.required,
                "description": p.description or _SCHEMA[p.type].get("description", ""),
                "schema": schema,
            }
            if p.example is not None:
                entry["example"] = int(p.example) if p.type is ParamType.INTEGER else p.example
            params.append(entry)
        kinds = TABLES if form in ("SELECT", "ASK") else GRAPHS
        content = {k.media_type: {"schema": _RESULT_SCHEMA.get(k.name, {"type": "string"})} for k in kinds}
        operation = {
            "operationId": q.name.replace("-", "_"),
            "summary": q.title,
            "description": q.question,
            "parameters": [*params, timeout],
            "responses": {"200": {"description": f"the answer ({form})", "content": content}, **errors},
        }
        paths[f"/queries/{q.name}"] = {"get": operation}
        suffixed = dict(operation, operationId=f"{operation['operationId']}_as")
        suffixed["parameters"] = [
            {"name": "format", "in": "path", "required": True,
             "schema": {"type": "string", "enum": [k.suffix for k in kinds]},
             "description": "the format of the answer, by its file suffix"},
            *operation["parameters"],
        ]  # fmt: skip
        paths[f"/queries/{q.name}.{{format}}"] = {"get": suffixed}
    paths["/sparql"] = {
        "get": {
            "operationId": "sparql",
            "summary": "SPARQL 1.1 Protocol query",
            "parameters": [
                {
                    "name": "query",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "string", "minLength": 1},
                },
                timeout,
            ],
            "responses": {"200": {"description": "the answer in the format Accept asks for"}, **errors},
        }
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "cybergraph",
            "version": __version__,
            "description": "The stored questions of cybergraph, a knowledge graph of international"
            " cybersecurity cooperation, each answer with its sources.",
        },
        "servers": [{"url": base}],
        "paths": paths,
    }


async def openapi_json(service: Service, request: Request) -> Response:
    try:
        document = openapi(service, service.base(request))
    except CybergraphError as exc:
        return error_response(exc)
    return JSONResponse(document)

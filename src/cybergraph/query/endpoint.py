"""A remote SPARQL 1.1 Protocol endpoint (Oxigraph server, Fuseki, Virtuoso, GraphDB, Neptune) over HTTP.

Queries go as a form-encoded POST, the one way every one of these servers accepts; answers are read
with oxigraph's parsers in whichever format the server chose among those we accept. With
`default_graph_uri`, the request names the graph that is the query's default graph (the protocol's
`default-graph-uri` parameter): on a store that holds the dump's default-graph triples in a graph of
their own (Virtuoso's bulk loader puts them in the graph it is given), that is how a query sees each
fact once.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox

from cybergraph.core.errors import InputError, QueryTimeout, UsageError
from cybergraph.core.sandbox import Deadline, run_isolated, within
from cybergraph.query.guard import Check, verify
from cybergraph.query.ordering import Order
from cybergraph.query.results import Boolean, Result, Solutions, Triples

ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_MESSAGE_LIMIT = 2000


def check_graph_iri(iri: str) -> str:
    """`iri` when it is an absolute IRI a request can name as a graph; UsageError otherwise."""
    parts = urllib.parse.urlsplit(iri)
    if not parts.scheme or any(c in iri for c in ' <>"{}|^`\\') or any(ord(c) < 0x21 for c in iri):
        raise UsageError(
            f"--default-graph-uri {iri!r} is not an absolute IRI",
            hint="give the graph the dump's default graph was loaded into,"
            " e.g. https://w3id.org/cybergraph/graph/default",
        )
    return iri


def _ask_as_table(names: tuple[str, ...], rows: tuple[tuple[object, ...], ...]) -> Boolean:
    """The answer to an ASK that came as a table: Virtuoso 7.2 writes ASK in JSON (and XML) as one
    column, `__ASK_RETVAL`, with one row holding 1 when the answer is yes and no row when it is no."""
    for row in rows:
        value = row[0] if row else None
        if isinstance(value, ox.Literal) and value.value not in ("0", "false"):
            return Boolean(True)
    return Boolean(False)


def check_url(url: str) -> str:
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise UsageError(
            f"--endpoint {url!r} is not an http(s) URL",
            hint="give the query URL of a SPARQL endpoint, e.g. http://localhost:7878/query",
        )
    return url


class Endpoint:
    """Runs queries on one SPARQL endpoint URL."""

    def __init__(self, url: str, *, default_graph_uri: str | None = None) -> None:
        self.url = check_url(url)
        self.name = url
        self.default_graph_uri = check_graph_iri(default_graph_uri) if default_graph_uri else None

    def run(
        self,
        text: str,
        form: str,
        timeout: float | None,
        *,
        check: Check | None = None,
        order: Order | None = None,  # the server sorts: `text` keeps its ORDER BY
    ) -> Result:
        deadline = Deadline.after(timeout)
        if check is not None:
            # Checked in a worker without network, as on the embedded store; only then sent.
            run_isolated(lambda: verify(check, text), deadline=deadline, what="checking the query")
        left = deadline.remaining()
        # The socket timeout bounds each wait; `within` bounds the whole exchange (a trickling answer).
        return within(
            left, lambda: self._run(text, form, left, timeout), what=f"the endpoint {self.url}", limit=timeout
        )

    def _run(self, text: str, form: str, timeout: float | None, limit: float | None) -> Result:
        from cybergraph.core.version import __version__

        graph = form in ("CONSTRUCT", "DESCRIBE")
        fields = [("query", text)]
        if self.default_graph_uri:
            fields.append(("default-graph-uri", self.default_graph_uri))
        request = urllib.request.Request(
            self.url,
            data=urllib.parse.urlencode(fields).encode("utf-8"),
            headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "Accept": ACCEPT_GRAPH if graph else ACCEPT_RESULTS,
                "User-Agent": f"cybergraph/{__version__}",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                media = response.headers.get_content_type()
                body = response.read()
        except urllib.error.HTTPError as exc:
            raise self._http_error(exc) from None
        except TimeoutError:
            raise QueryTimeout(
                f"the endpoint {self.url} did not finish within {limit or timeout:g} s and was given up",
                hint="allow more time with --timeout SECONDS",
            ) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise QueryTimeout(
                    f"the endpoint {self.url} did not finish within {limit or timeout:g} s and was given up",
                    hint="allow more time with --timeout SECONDS",
                ) from None
            raise InputError(
                f"cannot reach the endpoint {self.url}: {getattr(reason, 'strerror', None) or reason}",
                hint="check the URL and that the server is running",
            ) from None
        except OSError as exc:
            raise InputError(f"cannot reach the endpoint {self.url}: {exc}") from None
        return self._parse(body, media, form)

    def _http_error(self, exc: urllib.error.HTTPError) -> InputError:
        try:
            message = exc.read().decode("utf-8", "replace").strip()
        except OSError:
            message = ""
        if len(message) > _MESSAGE_LIMIT:
            message = message[:_MESSAGE_LIMIT] + " …"
        side = "rejected the query" if 400 <= exc.code < 500 else "failed"
        text = f"the endpoint {side} (HTTP {exc.code} {exc.reason})"
        return InputError(text + (f": {message}" if message else ""), hint=f"endpoint: {self.url}")

    def _parse(self, body: bytes, media: str, form: str) -> Result:
        graph = form in ("CONSTRUCT", "DESCRIBE")
        try:
            if graph:
                fmt = ox.RdfFormat.from_media_type(media)
                if fmt is None:
                    raise ValueError(f"a graph was expected, the endpoint sent {media}")
                return Triples(tuple(dict.fromkeys(q.triple for q in ox.parse(body, format=fmt))))
            results_format = ox.QueryResultsFormat.from_media_type(media)
            if results_format is None:
                raise ValueError(f"query results were expected, the endpoint sent {media}")
            answer = ox.parse_query_results(body, format=results_format)
        except (ValueError, SyntaxError, OSError) as exc:
            raise InputError(
                f"cannot read the endpoint's answer: {exc}", hint=f"endpoint: {self.url}"
            ) from None
        if isinstance(answer, ox.QueryBoolean):
            return Boolean(bool(answer))
        names = tuple(v.value for v in answer.variables)
        rows = tuple(tuple(solution[n] for n in names) for solution in answer)
        if form == "ASK":
            return _ask_as_table(names, rows)
        return Solutions(names, rows)

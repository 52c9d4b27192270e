"""Property: a SERVICE or a remote FROM, however the grammar lets it be hidden, never reaches the network.

The generator writes queries that Oxigraph's own parser accepts and that call a loopback listener: the
SERVICE keyword in any case or as `\\u` escapes, its target as an IRI with escaped characters, a
prefixed name, or a variable; SILENT or not; inside nested groups, OPTIONAL, UNION or a sub-query; after
comments and strings holding `#`, `<`, `>` or `}` and IRIs holding `#`. Every one must be refused, and the
listener must receive no connection. Seeded (derandomised), so a run is repeatable.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cybergraph.core.errors import InputError
from cybergraph.core.sandbox import run_isolated
from cybergraph.query.guard import Check, verify
from cybergraph.query.run import run_query
from tests.security.conftest import Listener

PORT_TOKEN = "PORT"


def _escape(text: str, draw: st.DrawFn, *, keep: str = "") -> str:
    """Some characters of `text` written as \\uXXXX or \\UXXXXXXXX escapes."""
    out = []
    for ch in text:
        if ch not in keep and draw(st.integers(0, 4)) == 0:
            out.append(f"\\u{ord(ch):04X}" if draw(st.booleans()) else f"\\U{ord(ch):08X}")
        else:
            out.append(ch)
    return "".join(out)


NOISE = [
    "# a comment with # and < and } and SERVICE\n",
    '?n <http://example.org/p#x> "a # b < c } d" .\n',
    "?n <http://example.org/p> '''x\n# } < >\ny''' .\n",
    'BIND("}" AS ?brace)\n',
    "FILTER(?n != <urn:a#b>)\n",
]


@st.composite
def hidden_service(draw: st.DrawFn) -> str:
    """A SELECT that calls the listener at `http://127.0.0.1:PORT/sparql`, hidden one of many ways."""
    target = f"http://127.0.0.1:{PORT_TOKEN}/sparql"
    keyword = draw(st.sampled_from(["SERVICE", "service", "Service", "sErViCe"]))
    silent = draw(st.sampled_from(["", "SILENT ", "silent "]))
    prologue = ""
    form = draw(st.sampled_from(["iri", "pname", "variable"]))
    if form == "iri":
        call = f"<{_escape(target, draw, keep=PORT_TOKEN)}>"
    elif form == "pname":
        prologue = f"PREFIX x: <{_escape('http://127.0.0.1:' + PORT_TOKEN + '/', draw, keep=PORT_TOKEN)}>\n"
        call = "x:sparql"
    else:
        call = "?svc"
    noise = "".join(draw(st.lists(st.sampled_from(NOISE), max_size=3)))
    inner = f"{keyword} {silent}{call} {{ ?a ?b ?c }}"
    for _ in range(draw(st.integers(0, 3))):
        wrap = draw(st.sampled_from(["group", "optional", "union", "subquery"]))
        if wrap == "group":
            inner = f"{{ {inner} }}"
        elif wrap == "optional":
            inner = f"OPTIONAL {{ {inner} }}"
        elif wrap == "union":
            inner = f"{{ ?u ?v ?w }} UNION {{ {inner} }}"
        else:
            inner = f"{{ SELECT * WHERE {{ {inner} }} }}"
    binding = f"VALUES ?svc {{ <{target}> }}\n" if form == "variable" else ""
    return f"{prologue}SELECT * WHERE {{\n{noise}{binding}{inner}\n}}"


def _oxigraph_reads(text: str) -> bool:
    """Whether Oxigraph's parser accepts the text. In a worker without network: reading a query may
    already evaluate part of it, and this helper must not be the one that calls the listener."""

    def reads() -> bool:
        try:
            ox.Store().query(text)
        except SyntaxError:
            return False
        except OSError:
            return True  # parsed, then refused the network
        return True

    return run_isolated(reads, what="parsing")


@settings(max_examples=2000, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hidden_service())
def test_every_hidden_service_is_refused_by_the_check(text: str) -> None:
    query = text.replace(PORT_TOKEN, "9")
    assume(_oxigraph_reads(query))
    with pytest.raises(InputError) as caught:
        verify(Check(query, "<q>"), query)
    assert caught.value.message.startswith(
        ("the query calls a SERVICE", "the query cannot be checked for SERVICE", "SPARQL syntax error")
    )


@pytest.fixture(scope="module")
def store() -> ox.Store:
    small = ox.Store()
    small.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o")))
    return small


@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(hidden_service())
def test_no_hidden_service_reaches_a_listener(module_listener: Listener, store: ox.Store, text: str) -> None:
    query = text.replace(PORT_TOKEN, str(module_listener.port))
    assume(_oxigraph_reads(query))
    with pytest.raises(InputError):
        run_query(query, store=store, timeout=10)
    assert module_listener.connections == 0

"""No query reaches the network unless the user asks; every stage of a query runs under its time limit.

Each test is one class of the problems issue 10 reproduced, named for what it guards. The commands run
in this process (`cli.main`), so their workers are forked from it; the loopback listener counts every
connection made to it, whatever the protocol.
"""

from __future__ import annotations

import time

import pytest

from cybergraph.cli import main
from tests.security.conftest import Listener


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_service_hidden_behind_an_escape_the_lexer_misread_is_refused_and_nothing_is_sent(
    capsys: pytest.CaptureFixture[str], listener: Listener
) -> None:
    # The reproduction of the issue: the old lexer read `\u0041#` as the start of a comment.
    text = rf"SELECT * WHERE {{ BIND(<urn:a\u0041#> AS ?z) SERVICE <{listener.url}> {{ ?a ?b ?c }} }}"
    code, out, err = run(capsys, "query", "--timeout", "3", "--sparql", text)
    assert code == 2 and out == ""
    assert err.startswith("<--sparql>:1:")
    assert "error: the query cannot be checked for SERVICE and FROM" in err or "calls a SERVICE" in err
    assert listener.connections == 0


@pytest.mark.parametrize(
    ("template", "why"),
    [
        ("ASK {{ SERVICE <{url}> {{ ?a ?b ?c }} }}", "the query calls a SERVICE"),
        ("SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE SILENT <{url}> {{}} }} }} }}", "calls a SERVICE"),
        ("PREFIX r: <{url}/> SELECT * WHERE {{ SERVICE r:x {{ ?a ?b ?c }} }}", "the query calls a SERVICE"),
        # Oxigraph does not expand escapes outside IRIs and strings: to it, this is no query.
        (r"SELECT * WHERE {{ \u0053ERVICE <{url}> {{ ?a ?b ?c }} }}", "SPARQL syntax error"),
        # rdflib's grammar cannot read SERVICE after a `#` on its line: what it cannot check does not run.
        ("PREFIX r: <{url}#> SELECT * WHERE {{ SERVICE r:x {{ ?a ?b ?c }} }}", "cannot be checked"),
    ],
)
def test_service_in_any_form_is_refused_before_it_runs(
    capsys: pytest.CaptureFixture[str], listener: Listener, template: str, why: str
) -> None:
    code, _, err = run(capsys, "query", "--sparql", template.format(url=listener.url))
    assert code == 2
    assert why in err.splitlines()[0]
    assert listener.connections == 0


def test_with_allow_service_the_request_is_sent(
    capsys: pytest.CaptureFixture[str], listener: Listener
) -> None:
    # The control: the same query does reach the listener when the user asks, so the tests above can fail.
    text = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?a ?b ?c }} }}"
    code, _, _ = run(capsys, "query", "--timeout", "5", "--allow-service", "--sparql", text)
    assert code == 2  # the listener answers nothing, which the query reports as an error
    assert listener.connections >= 1


def test_a_remote_from_is_refused(capsys: pytest.CaptureFixture[str], listener: Listener) -> None:
    code, _, err = run(capsys, "query", "--sparql", f"SELECT * FROM <{listener.url}> WHERE {{ ?s ?p ?o }}")
    assert code == 2
    assert f"error: the query names the graph <{listener.url}> in FROM" in err
    assert listener.connections == 0


def test_the_check_of_an_ask_runs_under_the_time_limit(capsys: pytest.CaptureFixture[str]) -> None:
    # Today's reproduction ran for minutes: the syntax check evaluated the ASK outside the timer.
    values = " ".join(str(i) for i in range(200))
    text = (
        f"ASK {{ VALUES ?a {{{values}}} VALUES ?b {{{values}}} VALUES ?c {{{values}}} VALUES ?d {{{values}}}"
        " FILTER(?a + ?b + ?c + ?d < 0) }"
    )
    started = time.monotonic()
    code, _, err = run(capsys, "query", "--timeout", "3", "--sparql", text)
    assert time.monotonic() - started < 10
    assert code == 2
    assert err.startswith("error: the query did not finish within 3 s and was stopped")


def test_a_query_over_the_size_limit_is_refused_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    text = "SELECT * WHERE { VALUES ?x { " + "1 " * (5 << 20) + "} }"
    started = time.monotonic()
    code, _, err = run(capsys, "query", "--timeout", "10", "--sparql", text)
    assert time.monotonic() - started < 5
    assert code == 2
    assert err.startswith(
        "<--sparql>: error: the query is 10,485,792 bytes long, over the limit of 1,048,576"
    )


def test_deep_nesting_is_a_clear_error_not_a_crash(capsys: pytest.CaptureFixture[str]) -> None:
    text = "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o " + "} " * 3000
    code, _, err = run(capsys, "query", "--timeout", "20", "--sparql", text)
    assert code == 2
    assert err.startswith("<--sparql>: error: the query nests too deeply (more than 512 levels")
    assert "Traceback" not in err and "internal error" not in err


def test_a_query_that_crashes_its_worker_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    # Parentheses nested 20,000 deep overflow the engine's stack: the worker dies, the command does not.
    text = "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 20000 + "?o" + ")" * 20000 + ") }"
    code, _, err = run(capsys, "query", "--timeout", "30", "--allow-service", "--sparql", text)
    assert code == 2
    assert "Traceback" not in err and "internal error" not in err
    assert err.startswith(("error: the query stopped unexpectedly: its worker was killed by", "<--sparql>"))

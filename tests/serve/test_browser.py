"""A real `cybergraph serve` in a real browser (Debian's chromium, driven by Playwright): what is on the
screen when a user browses an entity, asks a stored question through its form, and runs a query in the
editor against the server's own /sparql.

One server and one browser for the module. The browser and its tabs come from tests/browser.py (skipped
without Debian's chromium, failing under CI=true; every request must stay on the server's host and no
script may raise). Screenshots go to .cache/screenshots/serve-*.png (ignored by git).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import need_chromium, shot
from tests.serve.conftest import Server, start_server

GOLDEN = Path(__file__).parent.parent / "query" / "golden"
LABEL_OF_APEC = """PREFIX cgid: <https://w3id.org/cybergraph/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { cgid:apec rdfs:label ?label }"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    need_chromium()  # no server to start for tests that will be skipped
    running = start_server(tmp_path_factory.mktemp("server"), "--workers", "2")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def site_url(server: Server) -> str:
    return server.base


def failed_responses(tab: Any) -> list[tuple[int, str]]:
    """The responses with an error status the tab receives from now on (filled in as they come)."""
    failed: list[tuple[int, str]] = []
    tab.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)
    return failed


def cells(rows: Any) -> list[list[str]]:
    """The visible text of each cell of each row."""
    return [[c.strip() for c in row.locator("td").all_inner_texts()] for row in rows.all()]


def golden_rows(name: str) -> list[list[str]]:
    """The golden TSV answer of a stored question, each term as the page shows it (a literal's lexical
    form)."""
    lines = (GOLDEN / f"{name}.tsv").read_text().splitlines()[1:]
    literal = re.compile(r'^"(.*)"(@[A-Za-z-]+|\^\^<[^>]*>)?$')
    return [[m.group(1) if (m := literal.match(t)) else t for t in line.split("\t")] for line in lines]


def test_an_entity_page_shows_its_statements_with_their_sources_and_an_incoming_link_opens_its_page(
    page: Any, site_url: str
) -> None:
    failed = failed_responses(page)
    response = page.goto(f"{site_url}/id/australia")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Australia"
    assert page.locator("p.description").inner_text() == "State in Oceania; took part in Cyber Storm II."
    # An outgoing statement and the sections that state it, as the table shows them.
    label = page.locator("#outgoing tr", has=page.locator("td", has_text=re.compile(r"^rdfs:label$")))
    assert cells(label) == [
        [
            "rdfs:label",
            "Australia",
            "reference data country-codes.csv EWI 2012 APEC paragraph ITU GSR 2008, ch. 5 5.11",
        ]
    ]
    assert label.locator("a.cite").evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
        "/id/country-codes",
        "/id/ewi-2012-para-apec",
        "/id/itu-gsr-ch5-sec-5-11",
    ]
    # The statements that point to Australia, stated ones with their section, inferred ones marked.
    incoming = page.locator("#incoming tbody tr:not(.inferred)")
    assert cells(incoming) == [
        ["Asia-Pacific Economic Cooperation", "has member", "EWI 2012 APEC paragraph"],
        ["Cyber Storm II", "has participant", "ITU GSR 2008, ch. 5 5.11"],
    ]
    assert page.locator("#incoming tbody tr.inferred td:nth-child(3)").all_inner_texts() == ["inferred"] * 3
    shot(page, "serve-entity-australia.png", full_page=True)
    # Follow the incoming statement "APEC has member Australia" to APEC's page.
    incoming.first.locator("td").first.locator("a").click()
    page.wait_for_url(f"{site_url}/id/apec")
    assert page.locator("h1").inner_text() == "Asia-Pacific Economic Cooperation"
    members = page.locator("#outgoing tr", has=page.locator("td", has_text=re.compile(r"^has member$")))
    assert "Australia" in [row[1] for row in cells(members)]
    # And from there to the section that states it.
    page.locator("#outgoing a.cite", has_text="EWI 2012 APEC paragraph").first.click()
    page.wait_for_url(f"{site_url}/id/ewi-2012-para-apec")
    assert page.locator("#states h2").inner_text() == "What this section states"
    assert failed == []


def test_a_stored_questions_form_asks_the_server_and_the_table_shows_the_answer(
    page: Any, site_url: str
) -> None:
    failed = failed_responses(page)
    page.goto(f"{site_url}/queries/members")
    assert page.locator("h1").inner_text() == "Members of an organisation or initiative"
    # Without a value, the question's default: APEC's members (as `cybergraph query members` gives them).
    assert page.locator("#answer tbody tr td:first-child").all_inner_texts() == [
        "Australia",
        "Canada",
        "China",
        "Japan",
        "Mexico",
        "Russia",
        "Taiwan",
        "United States",
    ]
    page.fill("form.params input[name=organisation]", "sco")
    with page.expect_navigation() as navigation:
        page.click("form.params button[type=submit]")
    assert navigation.value.status == 200
    assert page.url == f"{site_url}/queries/members?organisation=sco"
    assert page.locator("#answer h2").inner_text() == "Answer: 6"
    assert page.locator("#answer thead th").all_inner_texts() == ["member", "kind", "source"]
    # The rows the command line gives (the golden answer of the question's example, organisation=sco).
    assert cells(page.locator("#answer tbody tr")) == golden_rows("members")
    assert page.locator("form.params input[name=organisation]").input_value() == "sco"
    shot(page, "serve-question-members.png")
    assert failed == []


def test_the_editor_runs_a_query_on_the_servers_endpoint_and_shows_the_answer(
    page: Any, site_url: str
) -> None:
    failed = failed_responses(page)
    page.goto(f"{site_url}/editor")
    page.wait_for_selector(".yasqe .CodeMirror")
    # Type the query as a user would: select what the editor holds and replace it.
    page.locator(".yasqe .CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(LABEL_OF_APEC)
    assert page.evaluate("window.cybergraphEditor.getTab().getYasqe().getValue()") == LABEL_OF_APEC
    with page.expect_response(f"{site_url}/sparql") as answered:
        page.locator(".yasqe_queryButton").click()
    response = answered.value
    # What YASGUI sends, and what the server answers it.
    request = response.request
    assert request.method == "POST"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.headers["accept"] == "application/sparql-results+json,*/*;q=0.9"
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert response.headers["access-control-allow-origin"] == "*"
    # YASR's table: a row number, then the label.
    table = page.locator(".yasr .yasr_results table")
    table.locator("tbody tr").first.wait_for()
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    assert headers[1:] == ["label"]
    assert cells(table.locator("tbody tr")) == [["1", '"Asia-Pacific Economic Cooperation"@en']]
    assert page.locator(".yasr_response_chip").inner_text().startswith("1 result in ")
    shot(page, "serve-editor.png")
    # A stored question chosen as an example comes with its default bound (APEC) and gives the answer of
    # its page, not every organisation's members mixed in one list.
    page.select_option("#examples", "members")
    text = page.evaluate("window.cybergraphEditor.getTab().getYasqe().getValue()")
    assert text.startswith("# title: Members of an organisation or initiative\n")
    assert "WHERE { VALUES (?organisation) { (<https://w3id.org/cybergraph/id/apec>) }" in text
    with page.expect_response(f"{site_url}/sparql") as answered:
        page.locator(".yasqe_queryButton").click()
    assert answered.value.status == 200
    page.wait_for_function(
        "document.querySelector('.yasr_response_chip').textContent.startsWith('8 results')"
    )
    members = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert [m.strip() for m in members] == [
        f'"{m}"@en'
        for m in ["Australia", "Canada", "China", "Japan", "Mexico", "Russia", "Taiwan", "United States"]
    ]
    assert failed == []


def test_a_bad_parameter_in_the_form_shows_the_command_lines_message_with_status_400(
    page: Any, site_url: str
) -> None:
    cli = subprocess.run(
        [sys.executable, "-m", "cybergraph", "query", "members", "--param", "organisation=no-such-thing"],
        capture_output=True,
        text=True,
    )
    assert cli.returncode == 2
    message, hint = re.fullmatch(r"error: (.*)\n  hint: (.*)\n", cli.stderr).groups()  # type: ignore[union-attr]
    page.goto(f"{site_url}/queries/members")
    page.fill("form.params input[name=organisation]", "no-such-thing")
    with page.expect_navigation() as navigation:
        page.press("form.params input[name=organisation]", "Enter")
    assert navigation.value.status == 400
    assert page.locator("p.error[role=alert]").inner_text() == f"{message} ({hint})"
    assert page.locator("#answer").count() == 0
    # The form keeps what was typed, for the user to correct it.
    assert page.locator("form.params input[name=organisation]").input_value() == "no-such-thing"

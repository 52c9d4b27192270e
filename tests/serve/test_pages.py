"""The server with the real pages (`cybergraph.web`): the HTML a browser gets is what the pages render, its
queries run in the server's workers under the request's limits, and a page cut at the row limit says so
on the page and in the header."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from cybergraph.graph.build import BuiltGraph
from cybergraph.query.engine import Embedded
from cybergraph.serve.app import create_app
from cybergraph.serve.limits import Limits
from cybergraph.serve.service import TRUNCATED
from cybergraph.web.pages import Pages

HTML = {"Accept": "text/html"}
CUT = "This page is cut short: an answer had more rows than the server's limit"


def client_for(project: BuiltGraph, limits: Limits) -> Iterator[TestClient]:
    with open(os.devnull, "w") as log:
        app = create_app(project, limits=limits, base_url="https://example.org/cg", log=log)
        with TestClient(app, base_url="http://testserver") as client:
            yield client


@pytest.fixture(scope="module")
def client(project: BuiltGraph) -> Iterator[TestClient]:
    yield from client_for(project, Limits(workers=2, client_errors=1000))


@pytest.fixture(scope="module")
def rendered(project: BuiltGraph) -> Pages:
    """The same pages rendered in this process, as the static site renders them."""
    assert project.store is not None
    return Pages(Embedded(project.store), base_url="https://example.org/cg")


@pytest.mark.parametrize(
    "path",
    ["/", "/id/australia", "/id/ewi-2012-para-apec", "/class/State", "/queries/resolutions", "/timeline"],
)
def test_the_server_sends_the_html_the_pages_render(client: TestClient, rendered: Pages, path: str) -> None:
    response = client.get("/cg" + path, headers=HTML)
    page = rendered.render(path, {})
    assert page is not None and page.status == 200
    assert (response.status_code, response.headers["content-type"]) == (200, "text/html; charset=utf-8")
    assert response.text == page.html
    assert TRUNCATED not in response.headers


def test_an_entity_page_cites_the_section_of_an_incoming_statement(client: TestClient) -> None:
    text = client.get("/cg/id/australia", headers=HTML).text
    assert "<h1>Australia</h1>" in text
    assert 'href="/cg/id/asia-pacific-economic-cooperation"' in text or 'href="/cg/id/apec"' in text
    assert 'href="/cg/id/ewi-2012-para-apec"' in text


def test_an_unknown_entity_is_the_pages_404(client: TestClient, rendered: Pages) -> None:
    response = client.get("/cg/id/no-such-entity", headers=HTML)
    assert response.status_code == 404
    assert response.text == rendered.not_found("/id/no-such-entity").html


def test_a_bad_parameter_on_a_question_page_is_400_with_the_command_lines_message(client: TestClient) -> None:
    response = client.get("/cg/queries/members", params={"organisation": "no-such-thing"}, headers=HTML)
    assert response.status_code == 400
    assert "no-such-thing" in response.text


def test_the_assets_are_served(client: TestClient) -> None:
    response = client.get("/cg/static/site.css")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")
    assert client.get("/cg/static/vendor/vis-network/vis-network.min.js").status_code == 200


def test_a_page_cut_at_the_row_limit_says_so(project: BuiltGraph) -> None:
    for client in client_for(project, Limits(workers=1, max_rows=5, client_errors=1000)):
        response = client.get("/cg/queries/resolutions", headers=HTML)
        assert response.status_code == 200
        assert response.headers[TRUNCATED] == "5"
        assert CUT in response.text
        assert "Answer: 5</h2>" in response.text

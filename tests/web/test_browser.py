"""The static site in a real browser (Debian's chromium, driven by Playwright): what is on the screen.

The browser and its tabs come from tests/browser.py (skipped without Debian's chromium, failing under
CI=true); `site_url` is the static site served on 127.0.0.1 (tests/web/conftest.py).
"""

from __future__ import annotations

from typing import Any

from tests.browser import shot

# A drawn item: a point (a day) or a bar (a month or a year).
ITEMS = "#timeline .vis-item.vis-point, #timeline .vis-item.vis-range"


def test_an_entity_page_shows_its_statements_with_sources_and_an_incoming_link_opens_its_page(
    page: Any, site_url: str
) -> None:
    page.goto(f"{site_url}/id/australia")
    assert page.locator("h1").inner_text() == "Australia"
    row = page.locator("#incoming tr", has_text="Asia-Pacific Economic Cooperation").first
    assert row.locator("td").nth(1).inner_text() == "has member"
    assert row.locator("a.cite").inner_text() == "EWI 2012 APEC paragraph"
    shot(page, "entity-australia.png")
    row.locator("td").first.locator("a").click()
    page.wait_for_url(f"{site_url}/id/apec")
    assert page.locator("h1").inner_text() == "Asia-Pacific Economic Cooperation"
    assert page.locator("#profile h3").first.inner_text() == "Members"
    shot(page, "profile-apec.png")
    page.locator("a.cite", has_text="EWI 2012 APEC paragraph").first.click()
    page.wait_for_url(f"{site_url}/id/ewi-2012-para-apec")
    assert page.locator("#states h2").inner_text() == "What this section states"


def test_a_questions_timeline_draws_its_items_and_an_item_opens_its_page(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/queries/timeline")
    page.wait_for_selector("#timeline[data-ready=true]")
    # The default answer (1980–2030): one item per dated fact.
    expected = int(page.locator("#timeline").get_attribute("data-items"))
    rendered = page.locator(ITEMS)
    assert expected == 59
    assert page.locator("#timeline-count").inner_text() == "59 of 59 items"
    assert rendered.count() > 0
    page.select_option("#filter-kind", "convention")
    assert page.locator("#timeline-count").inner_text() == "3 of 59 items"
    page.wait_for_timeout(300)
    items = page.locator(ITEMS)
    assert items.count() == 3
    shot(page, "timeline-question.png")
    items.filter(has_text="Convention on Cybercrime").first.click()
    page.wait_for_url(f"{site_url}/id/convention-on-cybercrime")


def test_the_timeline_view(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/timeline")
    page.wait_for_selector("#timeline[data-ready=true]")
    page.wait_for_timeout(300)
    assert page.locator(ITEMS).count() > 0
    assert page.locator("#timeline .vis-label", has_text="Plans").count() == 1
    shot(page, "timeline.png")


def test_the_network_draws_and_a_node_opens_its_page(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/queries/part-of-tree?entity=itu")
    page.wait_for_selector("#network[data-ready=true]")
    assert page.locator("#network").get_attribute("data-nodes") == "7"
    assert page.locator("#network").get_attribute("data-edges") == "6"
    assert page.locator("#network canvas").count() == 1
    # Where vis-network drew the node, in the window's coordinates: click it, once the layout has settled.
    # The layout starts from random places, so the node may be drawn below the bottom of the window (a
    # click there reaches nothing): the window is first scrolled to bring the node to its middle.
    page.wait_for_selector("#network[data-settled=true]")
    where = page.evaluate(
        """() => { const n = window.cybergraphNetwork; const id = 'https://w3id.org/cybergraph/id/itu-d';
        n.stopSimulation();
        const p = n.canvasToDOM(n.getPositions([id])[id]);
        const box = document.getElementById('network');
        window.scrollBy(0, box.getBoundingClientRect().top + p.y - window.innerHeight / 2);
        const r = box.getBoundingClientRect();
        return {x: r.left + p.x, y: r.top + p.y, height: window.innerHeight}; }"""
    )
    assert 0 <= where["y"] < where["height"], where
    page.mouse.click(where["x"], where["y"])
    page.wait_for_url(f"{site_url}/id/itu-d")


def test_the_whole_network(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/network")
    page.wait_for_selector("#network[data-ready=true]")
    assert page.locator("#network").get_attribute("data-nodes") == "175"
    page.locator("input[name=relation][value='has member']").uncheck()
    assert int(page.locator("#network").get_attribute("data-edges")) < 222
    page.wait_for_selector("#network[data-settled=true]")
    shot(page, "network.png")


def test_the_search_box_finds_an_entity_by_an_alternative_label(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/")
    page.fill("header input[name=q]", "Budapest Convention")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(f"{site_url}/search?q=Budapest+Convention")
    first = page.locator("#search-results li").first
    assert first.locator("a").inner_text() == "Convention on Cybercrime"
    shot(page, "search.png")
    first.locator("a").click()
    page.wait_for_url(f"{site_url}/id/convention-on-cybercrime")

"""The browser of the browser tests: Debian's chromium driven by Playwright (never a downloaded browser).

A pytest plugin (listed in tests/conftest.py): `browser` is one chromium per test module with a fresh
profile; `page` is a new tab on it whose every request must stay on the host of the fixture `site_url`
(which each test directory defines: the static site in tests/web, a real `cybergraph serve` in
tests/serve) and whose scripts must raise nothing.

Without /usr/bin/chromium the tests that use them are skipped with a reason naming the package (`make
test` installs it when run as root); under CI=true they fail instead. Screenshots go to
.cache/screenshots/ (ignored by git).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from cybergraph.core.resources import ROOT

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / ".cache" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def need_chromium() -> None:
    """Skip (or, under CI=true, fail) when Debian's chromium is not installed."""
    if Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK):
        return
    reason = (
        f"{CHROMIUM} is missing: install the Debian package chromium (apt-get install -y chromium, as root)"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason + "; under CI=true the browser tests must run")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    need_chromium()
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture()
def page(browser: Any, site_url: str) -> Iterator[Any]:
    tab = browser.new_page()
    outside: list[str] = []
    here = urlsplit(site_url).netloc

    # Nothing may be loaded from another site: every request that leaves the site's host is refused and
    # noted.
    def guard(route: Any) -> None:
        if urlsplit(route.request.url).netloc != here:
            outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    tab.route("**/*", guard)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    tab.close()
    assert outside == []
    assert errors == []


def shot(tab: Any, name: str, *, full_page: bool = False) -> Path:
    """Save what `tab` shows (its viewport, or the whole page) as .cache/screenshots/`name`."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    tab.screenshot(path=str(path), full_page=full_page)
    return path

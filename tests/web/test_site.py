"""The static site: every internal link resolves, everything is reachable from the home page, its pages
are render()'s HTML byte for byte, two runs give the same bytes, and a folder of one's own is refused."""

from __future__ import annotations

import filecmp
import re
import subprocess
import sys
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from cybergraph.core.resources import ROOT
from cybergraph.graph.build import BuiltGraph
from cybergraph.publishing.export import export
from cybergraph.query.catalogue import names
from cybergraph.web.pages import Pages
from cybergraph.web.site import DUMPS, page_file

from .conftest import PREFIX, resolve


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for key in ("href", "src", "action"):
            value = values.get(key)
            if value is None or (tag == "a" and values.get("rel") == "external"):
                continue
            if value.startswith("data:"):  # inline content (the pages' empty icon): nothing to fetch
                continue
            self.links.append(value)


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_no_broken_internal_link_and_everything_reachable_from_home(site: Path) -> None:
    anchors: dict[Path, set[str]] = {}
    seen: set[Path] = set()
    broken: list[str] = []
    queue = deque([site / "index.html"])
    wanted_anchors: list[tuple[str, Path, str]] = []
    while queue:
        page = queue.popleft()
        if page in seen:
            continue
        seen.add(page)
        if page.suffix != ".html":
            continue
        parsed = _parse(page)
        anchors[page] = parsed.ids
        here = PREFIX + "/" + str(page.relative_to(site))
        for link in parsed.links:
            target = urljoin("http://host" + here, link)
            parts = urlsplit(target)
            if parts.netloc != "host":
                broken.append(f"{here}: {link} leaves the site")
                continue
            found = resolve(site, parts.path)
            if found is None:
                broken.append(f"{here}: {link}")
                continue
            if parts.fragment:
                wanted_anchors.append((here, found, parts.fragment))
            queue.append(found)
    for here, found, fragment in wanted_anchors:
        if found.suffix == ".html" and fragment not in anchors.get(found, _parse(found).ids):
            broken.append(f"{here}: #{fragment} is not an anchor of {found.name}")
    assert broken == []
    pages = {p for p in seen if p.suffix == ".html"}
    entities = set((site / "id").glob("*.html"))
    questions = {site / "queries" / f"{n}.html" for n in names()}
    assert entities and entities <= pages
    assert questions <= pages
    assert site / "id" / "ewi-2012-para-apec.html" in pages
    # The data beside each entity page, the dumps, the description, the assets.
    for suffix in (".ttl", ".jsonld", ".nt", ".rdf"):
        assert (site / "id" / f"apec{suffix}").is_file()
    for name in (
        "dumps/cybergraph.nq",
        "void.ttl",
        ".well-known/void",
        "context.jsonld",
        "def.ttl",
        ".nojekyll",
    ):
        assert (site / name).is_file(), name
    rules = (site / "w3id" / ".htaccess").read_text(encoding="utf-8")
    assert "RewriteRule ^id/(.*)$ https://example.org/cg/id/$1 [R=303,L]" in rules
    assert (
        "RewriteCond %{HTTP_ACCEPT} text/turtle\n"
        "RewriteRule ^id/([A-Za-z0-9][A-Za-z0-9._~-]*)$ https://example.org/cg/id/$1.ttl [R=303,L]" in rules
    )


def test_the_static_pages_are_what_render_returns(site: Path, pages: Pages) -> None:
    for path in (
        "/",
        "/id/apec",
        "/id/ewi-2012-para-apec",
        "/class/State",
        "/queries/timeline",
        "/network",
        "/search",
    ):
        page = pages.render(path, {})
        assert page is not None
        assert (site / page_file(path)).read_text(encoding="utf-8") == page.html, path
    listed = list(pages.paths())
    written = sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if p.name != "404.html")
    assert written == sorted(page_file(p) for p in listed)


def test_an_entity_file_holds_its_facts_with_their_sections(site: Path) -> None:
    turtle = (site / "id" / "apec.ttl").read_text(encoding="utf-8")
    assert "cgid:apec cg:hasMember cgid:australia" in turtle or "cg:hasMember cgid:australia" in turtle
    assert "prov:wasDerivedFrom cgid:ewi-2012-para-apec" in turtle


def test_the_dumps_are_the_exports(site: Path, project: BuiltGraph) -> None:
    # Streamed into the site's files, the same bytes as `export`.
    for name, format in DUMPS.items():
        assert (site / "dumps" / name).read_bytes() == export(project, format=format), name


def _site(tmp: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cybergraph", "--data", str(tmp / "data"), "site", "-o", str(out), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def small_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two sections' facts: a site that builds in a second or two."""
    tmp = tmp_path_factory.mktemp("small")
    (tmp / "data" / "facts").mkdir(parents=True)
    (tmp / "data" / "sources.ttl").write_bytes((ROOT / "data" / "sources.ttl").read_bytes())
    for name in ("ewi-2012-para-apec.ttl", "itu-gsr-ch5-sec-5-3-3-1.ttl"):
        (tmp / "data" / "facts" / name).write_bytes((ROOT / "data" / "facts" / name).read_bytes())
    return tmp


def _same_tree(a: Path, b: Path) -> list[str]:
    left = sorted(str(p.relative_to(a)) for p in a.rglob("*"))
    right = sorted(str(p.relative_to(b)) for p in b.rglob("*"))
    if left != right:
        return sorted(set(left) ^ set(right))
    return [n for n in left if (a / n).is_file() and not filecmp.cmp(a / n, b / n, shallow=False)]


def test_two_runs_give_the_same_bytes_and_replace_an_earlier_site(small_data: Path) -> None:
    first, second = small_data / "one", small_data / "two"
    ran = _site(small_data, first, "--base-url", "https://example.org/cg")
    assert ran.returncode == 0, ran.stderr
    # Piped: no progress line, only the closing one.
    assert re.fullmatch(r"wrote .*one: \d+ pages in \d+\.\d s\n", ran.stderr)
    assert _site(small_data, second, "--base-url", "https://example.org/cg").returncode == 0
    assert _same_tree(first, second) == []
    # An earlier site is replaced as a whole; nothing is left beside it.
    (first / "stale.html").write_text("old", encoding="utf-8")
    assert _site(small_data, first, "--base-url", "https://example.org/cg").returncode == 0
    assert _same_tree(first, second) == []
    assert sorted(p.name for p in small_data.iterdir()) == ["data", "one", "two"]


def test_a_folder_of_ones_own_is_refused_unless_forced(small_data: Path) -> None:
    mine = small_data / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    ran = _site(small_data, mine)
    assert ran.returncode == 2
    assert "holds files that are not a site cybergraph wrote; not replacing it" in ran.stderr
    assert "--force" in ran.stderr
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"
    file = small_data / "afile"
    file.write_text("x", encoding="utf-8")
    ran = _site(small_data, file)
    assert ran.returncode == 2 and "exists and is not a folder" in ran.stderr
    ran = _site(small_data, mine, "--force")
    assert ran.returncode == 0, ran.stderr
    assert not (mine / "notes.txt").exists() and (mine / "index.html").is_file()

"""`cybergraph site`: every page as a static file, with each entity's data, the dumps, the dataset
description, the assets and redirect rules for w3id.org.

The pages are `Pages.render()`'s HTML, byte for byte. A page's path maps to a file that GitHub Pages
(and most static hosts) serve at the extensionless URL: "/" -> index.html, "/id/apec" -> id/apec.html,
"/queries" -> queries.html. Beside each entity page: id/apec.ttl, .jsonld, .nt and .rdf (the stored
`describe` query's graph: every stated fact with its source section; web/described.py puts it together
for all entities at once). `w3id/.htaccess` holds the rules
for w3id.org's `cybergraph/` folder. The site is written into a new folder beside the target and renamed
into place: an error or Ctrl-C leaves the previous site as it was.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from cybergraph.core.errors import UsageError
from cybergraph.core.files import output_error, recover_folder, replace_folder
from cybergraph.core.positions import display_path
from cybergraph.core.sandbox import run_isolated
from cybergraph.graph.build import BuiltGraph
from cybergraph.query.engine import InWorker
from cybergraph.rdf.terms import ENTITIES
from cybergraph.web.described import Descriptions
from cybergraph.web.pages import ALTERNATES, ASSETS, Pages

MARKER = ".cybergraph-site"
#: The formats of each entity's data file, by suffix (the export formats' names).
ENTITY_FORMATS = {".ttl": "turtle", ".jsonld": "jsonld", ".nt": "ntriples", ".rdf": "rdfxml"}
DUMPS = {"cybergraph.nq": "nquads", "cybergraph.trig": "trig", "cybergraph.ttl": "turtle"}

Progress = Callable[[int, int], None]


def page_file(path: str) -> str:
    """The file that holds the page at `path`, relative to the site's folder."""
    return "index.html" if path == "/" else path.strip("/") + ".html"


def htaccess(base_url: str) -> str:
    """Rewrite rules for w3id.org's `cybergraph/` folder: each IRI to its page on the site (303, since the
    IRI names a thing, not a document), or to its data by the Accept header."""
    site = base_url.rstrip("/")
    lines = [
        "# w3id.org/cybergraph -> the cybergraph site (written by `cybergraph site`)",
        "Options +FollowSymLinks",
        "RewriteEngine on",
        "",
    ]
    for suffix, media, _ in ALTERNATES:
        pattern = media.replace("+", "\\+")
        lines += [
            f"RewriteCond %{{HTTP_ACCEPT}} {pattern}",
            f"RewriteRule ^id/([A-Za-z0-9][A-Za-z0-9._~-]*)$ {site}/id/$1{suffix} [R=303,L]",
        ]
    lines += [
        f"RewriteRule ^id/(.*)$ {site}/id/$1 [R=303,L]",
        "RewriteCond %{HTTP_ACCEPT} text/turtle",
        f"RewriteRule ^def$ {site}/def.ttl [R=303,L]",
        f"RewriteRule ^def$ {site}/def [R=303,L]",
        f"RewriteRule ^context.jsonld$ {site}/context.jsonld [R=302,L]",
        f"RewriteRule ^dataset$ {site}/void.ttl [R=303,L]",
        f"RewriteRule ^(.*)$ {site}/$1 [R=302,L]",
        "",
    ]
    return "\n".join(lines)


def _check_target(out: Path, force: bool) -> None:
    if out.exists():
        if not out.is_dir():
            raise UsageError(f"{display_path(out)} exists and is not a folder", hint="choose another -o DIR")
        if any(out.iterdir()) and not (out / MARKER).is_file() and not force:
            raise UsageError(
                f"{display_path(out)} holds files that are not a site cybergraph wrote; not replacing it",
                hint="choose a new or empty folder, or give --force to replace it as a whole",
            )


def write_site(
    graph: BuiltGraph,
    out: Path,
    *,
    base_url: str = "",
    force: bool = False,
    progress: Progress | None = None,
) -> int:
    """Write the whole site into `out` (replaced as a whole); the number of pages written."""
    out = Path(out)
    _check_target(out, force)
    parent = out.resolve().parent
    if not parent.is_dir():
        raise output_error(out, FileNotFoundError(2, "No such file or directory"))
    try:
        recover_folder(out)  # the folders of a run that was killed, by the next run
        _check_target(out, force)  # a previous site it put back is checked as any other
        # The whole site is written by one worker without network; its queries run in it directly.
        return replace_folder(
            out,
            lambda work: run_isolated(
                lambda: _write(graph, work, base_url, progress), what="writing the site", hint="see above"
            ),
        )
    except OSError as exc:
        raise output_error(out, exc) from exc


def _put(root: Path, name: str, data: bytes | str) -> None:
    target = root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _write(graph: BuiltGraph, root: Path, base_url: str, progress: Progress | None) -> int:
    from cybergraph.core.resources import ROOT
    from cybergraph.publishing.export import description, graph_quads, serialize, write_export
    from cybergraph.rdf.jsonld import CONTEXT_FILE

    engine = InWorker(graph.store)
    pages = Pages(engine, base_url=base_url)
    paths = list(pages.paths())
    entities = [p for p in paths if p.startswith("/id/")]
    total = len(paths) + len(entities)
    done = 0
    for path in paths:
        page = pages.render(path, {})
        if page is None:  # every path listed has a page; a None here is a bug, not an input problem
            raise RuntimeError(f"no page for {path}")
        _put(root, page_file(path), page.html)
        done += 1
        if progress is not None:
            progress(done, total)
    _put(root, "404.html", pages.not_found("this address").html)
    # Each entity's `describe` graph from one pass over the store, not one query per entity.
    described = Descriptions(graph.store)
    for path in entities:
        quads = graph_quads(described.triples(ENTITIES + path[len("/id/") :]))
        for suffix, fmt in ENTITY_FORMATS.items():
            _put(root, path.strip("/") + suffix, serialize(quads, format=fmt))
        done += 1
        if progress is not None:
            progress(done, total)
    site = base_url.rstrip("/")
    for name, fmt in DUMPS.items():
        # Streamed into the file (the folder is renamed into place whole), in memory that does not grow.
        target = root / "dumps" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            write_export(graph, handle.write, format=fmt)
    void = description(graph, dump_url=f"{site}/dumps/cybergraph.nq" if site else None)
    void_ttl = serialize(graph_quads(void), format="turtle")
    _put(root, "void.ttl", void_ttl)
    _put(root, ".well-known/void", void_ttl)
    _put(root, "context.jsonld", CONTEXT_FILE.read_bytes())
    _put(root, "def.ttl", (ROOT / "ontology" / "cybergraph.ttl").read_bytes())
    shutil.copytree(ASSETS, root / "static")
    if urlsplit(base_url).scheme in ("http", "https"):
        # For w3id.org's cybergraph/ folder (a pull request there), not for the site's own host.
        _put(root, "w3id/.htaccess", htaccess(base_url))
    _put(root, ".nojekyll", "")  # GitHub Pages: serve .well-known/ and every file as it is
    _put(root, MARKER, "cybergraph site\n")
    return len(paths)

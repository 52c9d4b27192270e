"""The stored questions' pages: the catalogue, one question with its form and answer, and the editor.

A question's page takes its parameters from the query string (the form submits to the same URL); a bad
parameter gives status 400 and the command line's message. Without parameters, a question that needs
one is answered for its header's first example, and the page says so: that is also the answer the
static site shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from cybergraph.core.errors import CybergraphError, QueryTimeout
from cybergraph.query.catalogue import StoredQuery, catalogue, find
from cybergraph.query.results import Boolean, Solutions, Triples, iris_to_label
from cybergraph.rdf.blank_nodes import UnsupportedBlankNodes, stable_triples
from cybergraph.web.page import Page, script_json
from cybergraph.web.reading import Reader, cut_short

if TYPE_CHECKING:
    from cybergraph.web.pages import Pages


def catalogue_page(pages: Pages, reader: Reader) -> Page:
    listing = [
        {"href": pages.links.query(q.name), "title": q.title, "question": q.question, "view": q.view}
        for q in catalogue()
    ]
    return Page(200, pages.html("queries.html", title="Stored questions", queries=listing))


def _message(exc: CybergraphError) -> str:
    hint = getattr(exc, "hint", None)
    return f"{exc.message}" + (f" ({hint})" if hint else "")


def _needs_example(stored: StoredQuery, given: Mapping[str, str]) -> bool:
    return any(p.default is None and not p.optional and p.name not in given for p in stored.params)


def question_page(pages: Pages, reader: Reader, name: str, params: Mapping[str, str]) -> Page | None:
    from cybergraph.query.run import prepare
    from cybergraph.web.views import answer_network, answer_timeline, with_filters

    try:
        stored = find(name)
    except CybergraphError:
        return None
    # An empty field of the form is a parameter left out.
    given = {k: v for k, v in params.items() if v != ""}
    note = ""
    asked = dict(given)
    if not given and _needs_example(stored, given) and stored.examples:
        asked = stored.example_params(0)
        shown = ", ".join(f"{k}={v}" for k, v in sorted(asked.items()))
        note = f"The answer for the question's example ({shown}); give your own values above."
    status, error = 200, ""
    table: dict[str, Any] | None = None
    view_data: dict[str, Any] | None = None
    truncated = False
    if _needs_example(stored, asked):
        missing = ", ".join(
            p.name for p in stored.params if p.default is None and not p.optional and p.name not in asked
        )
        note = f"Give {missing} to ask the question."
    else:
        try:
            prepared = prepare(stored, params=asked, engine=reader.engine, timeout=reader.timeout)
            # The engine's own answer, not Prepared.run()'s copy: a limited engine marks a cut answer on it.
            result = prepared.engine.run(prepared.text, prepared.form, prepared.timeout, check=prepared.check)
        except QueryTimeout as exc:
            status, error = 503, _message(exc)
        except CybergraphError as exc:
            status, error = 400, _message(exc)
        else:
            truncated = cut_short(reader.engine, result)
            table = _table(pages, reader, result)
            if isinstance(result, Solutions) and stored.view != "table":
                draw = answer_timeline if stored.view == "timeline" else answer_network
                drawn = draw(reader, pages.links, result)
                view_data = with_filters(drawn, stored.view) if drawn is not None else None
    form = [
        {
            "name": p.name,
            "type": p.type.value,
            "optional": p.optional or p.default is not None,
            "value": params.get(p.name, ""),
            "placeholder": p.default or p.example or "",
            "description": p.description,
        }
        for p in stored.params
    ]
    html = pages.html(
        "query.html",
        truncated=truncated,
        title=stored.title,
        question=stored.question,
        action=pages.links.query(stored.name),
        params=form,
        error=error,
        note=note,
        table=table,
        view=stored.view,
        view_data=view_data,
        view_json=script_json(view_data) if view_data is not None else "",
        text=stored.text,
    )
    return Page(status, html, truncated)


def _table(pages: Pages, reader: Reader, result: Solutions | Boolean | Triples) -> dict[str, Any]:
    if isinstance(result, Boolean):
        return {"variables": [], "rows": [], "boolean": bool(result)}
    if isinstance(result, Solutions):
        iris = iris_to_label(result)
        names = reader.labels(iris)
        names.update({i: reader.sections[i].label for i in iris if i in reader.sections})
        rows = [
            [pages.present(t, names) if t is not None and not isinstance(t, ox.Triple) else None for t in row]
            for row in result.rows
        ]
        return {"variables": list(result.variables), "rows": rows, "boolean": None}
    triples = _stable(result.triples)
    iris = sorted(
        {
            t.value
            for tr in triples
            for t in (tr.subject, tr.predicate, tr.object)
            if isinstance(t, ox.NamedNode)
        }
    )
    names = reader.labels(iris)
    rows = [
        [
            pages.present(t, names) if not isinstance(t, ox.Triple) else None
            for t in (tr.subject, tr.predicate, tr.object)
        ]
        for tr in triples
    ]
    return {"variables": ["subject", "predicate", "object"], "rows": rows, "boolean": None}


def _runnable(stored: StoredQuery, reader: Reader) -> str:
    """The question's text with the values its page answers for bound (its defaults, or its first
    example when it needs a value), so that running it in the editor gives the page's answer; the stored
    text when they cannot be bound."""
    from cybergraph.query.run import prepare

    asked = stored.example_params(0) if _needs_example(stored, {}) and stored.examples else {}
    try:
        return prepare(stored, params=asked, engine=reader.engine, timeout=reader.timeout).text
    except CybergraphError:
        return stored.text


def _stable(triples: tuple[ox.Triple, ...]) -> list[ox.Triple]:
    """The triples in the engine's order with their blank nodes named by content, not the engine's random
    labels: the same answer is the same page on every run (the static site's bytes)."""
    try:
        return stable_triples(triples)
    except UnsupportedBlankNodes:  # shared or cyclic blank nodes have no such names; shown as they came
        return list(triples)


def editor_page(pages: Pages, reader: Reader) -> Page:
    stored = catalogue()
    # Binding the examples resolves their entities by queries: once per dataset served.
    if "editor-examples" not in reader.cache:
        reader.cache["editor-examples"] = {q.name: _runnable(q, reader) for q in stored}
    config = {
        "endpoint": pages.links.path("/sparql"),
        "examples": reader.cache["editor-examples"],
    }
    return Page(
        200,
        pages.html(
            "editor.html",
            title="SPARQL editor",
            endpoint=pages.links.base_url + "/sparql",
            examples=[{"name": q.name, "title": q.title} for q in stored],
            config_json=script_json(config),
        ),
    )

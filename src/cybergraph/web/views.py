"""The data the timeline and the network draw: the whole graph's, or a stored question's answer.

Each item and edge carries the page it links to and the sections that state it. A date keeps its
precision: a year-only date (xsd:gYear) spans its year and a month (xsd:gYearMonth) its month, so no
picture shows 1 January for "2002". Plans (cg:plannedDate) are kept apart from facts.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from cybergraph.query.results import Solutions
from cybergraph.rdf.terms import ENTITIES, TERMS, XSD
from cybergraph.web.links import Links
from cybergraph.web.reading import Reader

PLANNED = TERMS + "plannedDate"

#: The classes the network draws (with their subclasses), each a group with its own colour.
NETWORK_GROUPS = (
    ("State", TERMS + "State"),
    ("Organisation", TERMS + "Organization"),
    ("Instrument", TERMS + "LegalInstrument"),
    ("Document", TERMS + "Document"),
    ("Initiative", TERMS + "Initiative"),
    ("Event", TERMS + "Event"),
    ("Activity", "http://www.w3.org/ns/prov#Activity"),
)
# Relations that are no tie between actors and instruments (topics, schemes, numbers, places).
_NOT_TIES = {TERMS + p for p in ("addresses", "hasQuantity", "measures", "locatedIn", "status", "statedIn")}
_NOT_TIES |= {TERMS + "concerns", TERMS + "aboutProperty"}


@dataclass(frozen=True)
class Span:
    start: str  # ISO date of the first day
    end: str | None  # ISO date of the day after the last one, for a year or a month; None for a day
    text: str  # the date as the source gives it
    precision: str  # day, month or year


def span(term: ox.Literal) -> Span | None:
    """The days a date literal covers, honest about its precision; None for a value that is no date."""
    text, datatype = term.value, term.datatype.value
    try:
        if datatype == XSD + "date":
            year, month, day = (int(x) for x in text[:10].split("-"))
            return Span(f"{year:04d}-{month:02d}-{day:02d}", None, text, "day")
        if datatype == XSD + "gYearMonth":
            year, month = (int(x) for x in text[:7].split("-"))
            last = calendar.monthrange(year, month)[1]
            return Span(f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}", text, "month")
        if datatype == XSD + "gYear":
            year = int(text[:4])
            return Span(f"{year:04d}-01-01", f"{year:04d}-12-31", text, "year")
        if datatype == XSD + "dateTime":
            return Span(text[:10], None, text, "day")
    except ValueError:
        return None
    return None


def _cite(reader: Reader, links: Links, sections: Iterable[str]) -> list[dict[str, str]]:
    known = reader.sections
    return [
        {"label": known[g].label if g in known else g, "href": links.entity(g) or g, "iri": g}
        for g in sorted(set(sections))
    ]


def _most_specific(reader: Reader, iris: list[str]) -> dict[str, str]:
    """The label of each entity's most specific class of the ontology (the alphabetically first of ties)."""
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in sorted(set(iris)))
    rows = reader.rows(
        f"""SELECT ?e ?c WHERE {{
          VALUES ?e {{ {values} }}
          ?e a ?c . FILTER(STRSTARTS(STR(?c), "{TERMS}"))
          FILTER NOT EXISTS {{
            ?e a ?n . ?n rdfs:subClassOf ?c . FILTER(?n != ?c && STRSTARTS(STR(?n), "{TERMS}"))
          }}
        }} ORDER BY ?e ?c"""
    )
    found: dict[str, str] = {}
    for e, c in rows:
        assert e is not None and c is not None
        found.setdefault(e.value, c.value)
    terms = reader.terms
    return {e: terms.get(c, (c.rsplit("#", 1)[-1], ""))[0] for e, c in found.items()}


def timeline(reader: Reader, links: Links) -> dict[str, Any]:
    """Every dated fact the sources state: one item per entity, date property and date."""
    rows = reader.rows(
        f"""SELECT ?e ?p ?date ?g WHERE {{
          ?p rdfs:subPropertyOf* cg:date .
          GRAPH ?g {{ ?e ?p ?date }}
          FILTER(STRSTARTS(STR(?g), "{ENTITIES}"))
        }} ORDER BY ?e ?p ?date ?g"""
    )
    grouped: dict[tuple[str, str, ox.Literal], set[str]] = {}
    for e, p, date, g in rows:
        assert e is not None and p is not None and g is not None
        if isinstance(date, ox.Literal) and isinstance(e, ox.NamedNode):
            grouped.setdefault((e.value, p.value, date), set()).add(g.value)
    entities = sorted({e for e, _, _ in grouped})
    orgs = _organisations(reader, entities)
    return _timeline_items(reader, links, grouped, orgs)


def _organisations(reader: Reader, entities: list[str]) -> dict[str, set[str]]:
    """The organisations each entity is tied to (either way), for the timeline's filter."""
    if not entities:
        return {}
    values = " ".join(f"<{i}>" for i in entities)
    rows = reader.rows(
        f"""SELECT DISTINCT ?e ?o WHERE {{
          VALUES ?e {{ {values} }}
          {{ ?e ?p ?o }} UNION {{ ?o ?p ?e }}
          ?o a cg:Organization .
        }} ORDER BY ?e ?o"""
    )
    found: dict[str, set[str]] = {}
    for e, o in rows:
        assert e is not None and o is not None
        found.setdefault(e.value, set()).add(o.value)
    return found


def _timeline_items(
    reader: Reader,
    links: Links,
    grouped: dict[tuple[str, str, ox.Literal], set[str]],
    orgs: dict[str, set[str]],
) -> dict[str, Any]:
    entities = sorted({e for e, _, _ in grouped})
    kinds = _most_specific(reader, entities)
    names = reader.labels(entities + sorted({o for os_ in orgs.values() for o in os_}))
    terms = reader.terms
    items: list[dict[str, Any]] = []
    for (e, p, date), sections in sorted(
        grouped.items(), key=lambda kv: (kv[0][2].value, kv[0][0], kv[0][1])
    ):
        when = span(date)
        if when is None:
            continue
        what = terms.get(p, (p.rsplit("#", 1)[-1], ""))[0]
        items.append(
            {
                "id": len(items) + 1,
                "entity": e,
                "label": names.get(e, e.rsplit("/", 1)[-1]),
                "href": links.entity(e) or e,
                "what": what,
                "date": when.text,
                "start": when.start,
                "end": when.end,
                "precision": when.precision,
                "plan": p == PLANNED,
                "kind": kinds.get(e, ""),
                "organisations": sorted(orgs.get(e, set())),
                "sections": _cite(reader, links, sections),
            }
        )
    organisations = sorted({o for item in items for o in item["organisations"]})
    return {
        "items": items,
        "organisations": [{"iri": o, "label": names.get(o, o)} for o in organisations],
    }


def network(reader: Reader, links: Links) -> dict[str, Any]:
    """The ties between states, organisations, instruments, initiatives and events, each edge with the
    sections that state it."""
    rows = reader.rows(
        f"""SELECT ?s ?p ?o ?g WHERE {{
          GRAPH ?g {{ ?s ?p ?o }}
          FILTER(STRSTARTS(STR(?g), "{ENTITIES}") && isIRI(?o) && STRSTARTS(STR(?o), "{ENTITIES}"))
          FILTER(STRSTARTS(STR(?p), "{TERMS}"))
        }} ORDER BY ?s ?p ?o ?g"""
    )
    edges: dict[tuple[str, str, str], set[str]] = {}
    for s, p, o, g in rows:
        assert s is not None and p is not None and o is not None and g is not None
        if p.value in _NOT_TIES or s.value == o.value:
            continue
        edges.setdefault((s.value, p.value, o.value), set()).add(g.value)
    return _graph(reader, links, edges)


def _groups(reader: Reader, iris: list[str]) -> dict[str, str]:
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in sorted(set(iris)))
    rows = reader.rows(f"SELECT DISTINCT ?e ?c WHERE {{ VALUES ?e {{ {values} }} ?e a ?c }} ORDER BY ?e ?c")
    types: dict[str, set[str]] = {}
    for e, c in rows:
        assert e is not None and c is not None
        types.setdefault(e.value, set()).add(c.value)
    found: dict[str, str] = {}
    for e, cs in types.items():
        for name, cls in NETWORK_GROUPS:
            if cls in cs:
                found[e] = name
                break
    return found


def _graph(reader: Reader, links: Links, edges: dict[tuple[str, str, str], set[str]]) -> dict[str, Any]:
    ends = sorted({e for s, _, o in edges for e in (s, o)})
    groups = _groups(reader, ends)
    kept = {k: v for k, v in edges.items() if k[0] in groups and k[2] in groups}
    nodes = sorted({e for s, _, o in kept for e in (s, o)})
    names = reader.labels(nodes)
    terms = reader.terms
    degree: dict[str, int] = {}
    for s, _, o in kept:
        degree[s] = degree.get(s, 0) + 1
        degree[o] = degree.get(o, 0) + 1
    return {
        "nodes": [
            {
                "id": n,
                "label": names.get(n, n.rsplit("/", 1)[-1]),
                "href": links.entity(n) or n,
                "group": groups[n],
                "degree": degree.get(n, 0),
            }
            for n in nodes
        ],
        "edges": [
            {
                "id": i + 1,
                "from": s,
                "to": o,
                "relation": terms.get(p, (p.rsplit("#", 1)[-1], ""))[0],
                "sections": _cite(reader, links, sections),
            }
            for i, ((s, p, o), sections) in enumerate(sorted(kept.items()))
        ],
        "groups": [name for name, _ in NETWORK_GROUPS],
    }


# ---------------------------------------------------------------------------------------------------------
# A stored question's answer drawn as a timeline or a network


def _columns(result: Solutions, sections: set[str]) -> tuple[list[int], list[int], list[int]]:
    """The columns of dates, of entities (not sections) and of sections."""
    dates, entities, cites = [], [], []
    for i, _ in enumerate(result.variables):
        terms = [row[i] for row in result.rows if row[i] is not None]
        if not terms:
            continue
        if all(isinstance(t, ox.Literal) and span(t) is not None for t in terms):
            dates.append(i)
        elif all(isinstance(t, ox.NamedNode) and t.value in sections for t in terms):
            cites.append(i)
        elif all(isinstance(t, ox.NamedNode) and t.value.startswith(ENTITIES) for t in terms):
            entities.append(i)
    return dates, entities, cites


def answer_timeline(reader: Reader, links: Links, result: Solutions) -> dict[str, Any] | None:
    """A question's rows as timeline items: its first date column and first entity column (rows that
    differ only in the section that states them make one item citing each). None if it has neither."""
    dates, entities, cites = _columns(result, set(reader.sections))
    if not dates or not entities:
        return None
    what_col = next((i for i, v in enumerate(result.variables) if v in ("what", "relation")), None)
    grouped: dict[tuple[str, str, ox.Literal], set[str]] = {}
    for row in result.rows:
        date, entity = row[dates[0]], row[entities[0]]
        if not isinstance(date, ox.Literal) or not isinstance(entity, ox.NamedNode):
            continue
        what = row[what_col] if what_col is not None else None
        named = what.value if isinstance(what, ox.NamedNode | ox.Literal) else TERMS + "date"
        key = (entity.value, named, date)
        found = grouped.setdefault(key, set())
        found.update(row[c].value for c in cites if row[c] is not None)  # type: ignore[union-attr]
    entity_list = sorted({e for e, _, _ in grouped})
    return _timeline_items(reader, links, grouped, _organisations(reader, entity_list))


def answer_network(reader: Reader, links: Links, result: Solutions) -> dict[str, Any] | None:
    """A question's rows as edges between its first two entity columns. None without two."""
    _, entities, cites = _columns(result, set(reader.sections))
    if len(entities) < 2:
        return None
    a, b = entities[0], entities[1]
    relation = TERMS + result.variables[b]
    edges: dict[tuple[str, str, str], set[str]] = {}
    for row in result.rows:
        s, o = row[a], row[b]
        if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode) and s != o:
            found = edges.setdefault((s.value, relation, o.value), set())
            found.update(row[c].value for c in cites if row[c] is not None)  # type: ignore[union-attr]
    return _graph(reader, links, edges)


def with_filters(data: dict[str, Any], view: str) -> dict[str, Any]:
    """The choices of the view's filters, from its data."""
    if view == "timeline":
        kinds = sorted({i["kind"] for i in data["items"] if i["kind"]})
        sources = {c["iri"]: c["label"] for i in data["items"] for c in i["sections"]}
        return {
            **data,
            "kinds": kinds,
            "sources": [{"iri": k, "label": v} for k, v in sorted(sources.items())],
        }
    relations = sorted({e["relation"] for e in data["edges"]})
    sources = {c["iri"]: c["label"] for e in data["edges"] for c in e["sections"]}
    return {
        **data,
        "relations": relations,
        "sources": [{"iri": k, "label": v} for k, v in sorted(sources.items())],
    }

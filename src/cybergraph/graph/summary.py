"""What the built graph holds: counts, sources, span of years, and a timeline of instruments and events."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from cybergraph.rdf.terms import ENTITIES, INFERRED_GRAPH, ONTOLOGY_GRAPH, iri_ref
from cybergraph.rdf.terms import PREFIXES as NAMESPACES

PREFIXES = "".join(f"PREFIX {p}: <{NAMESPACES[p]}>\n" for p in ("cg", "rdfs", "skos", "owl", "xsd"))
ID = ENTITIES
INFERRED = iri_ref(INFERRED_GRAPH)
ONTOLOGY = iri_ref(ONTOLOGY_GRAPH)


@dataclass(frozen=True)
class ClassCount:
    iri: str
    label: str
    depth: int
    entities: int


@dataclass(frozen=True)
class TimelineEntry:
    date: str
    event: str
    label: str
    kind: str
    sources: tuple[str, ...]
    planned: bool


@dataclass
class Summary:
    triples: int = 0
    asserted: int = 0
    inferred: int = 0
    ontology: int = 0
    sourced: int = 0
    data: int = 0
    files: int = 0
    entities: int = 0
    documents: list[tuple[str, int, int]] = field(default_factory=list)
    first_year: int | None = None
    last_year: int | None = None
    classes: list[ClassCount] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)


def _value(term: object) -> str:
    return str(getattr(term, "value", term))


def _q(store: ox.Store, query: str) -> ox.QuerySolutions:
    # The built dataset (graph.dataset): plain patterns read the default graph, where every fact is once,
    # inferred types included; GRAPH ?g reads the named graphs, for provenance and per-graph counts.
    return store.query(query)  # type: ignore[return-value]


def _int(store: ox.Store, query: str) -> int:
    for row in _q(store, PREFIXES + query):
        return int(_value(row[0]))
    return 0


def summarize(store: ox.Store) -> Summary:
    """Compute the summary of a built graph loaded into `store`."""
    out = Summary()
    # Each fact once: the default graph holds every triple once, however many sections state it. The
    # rules infer only what no graph asserts, so asserted and inferred triples do not overlap.
    out.triples = _int(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    out.inferred = _int(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {INFERRED} {{ ?s ?p ?o }} }}")
    out.ontology = _int(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {ONTOLOGY} {{ ?s ?p ?o }} }}")
    out.asserted = out.triples - out.inferred
    out.data = out.asserted - out.ontology
    out.sourced = _int(
        store,
        f"""SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o
              FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{ID}")) }} }}""",
    )
    out.files = _int(store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") - 2
    out.entities = _int(
        store,
        f"""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{
              GRAPH ?g {{ ?e a ?c }} FILTER(STRSTARTS(STR(?g), "{ID}") && STRSTARTS(STR(?e), "{ID}"))
              FILTER NOT EXISTS {{ ?e a cg:SourceSection }} FILTER NOT EXISTS {{ ?e a cg:Source }} }}""",
    )
    rows = _q(
        store,
        PREFIXES
        + f"""SELECT ?doc ?name (COUNT(DISTINCT ?g) AS ?parts) (COUNT(*) AS ?facts) WHERE {{
              GRAPH ?g {{ ?s ?p ?o }}
              FILTER(STRSTARTS(STR(?g), "{ID}"))
              {{ ?g cg:partOf ?doc . ?doc a cg:Source }} UNION {{ ?g a cg:Source BIND(?g AS ?doc) }}
              ?doc skos:altLabel ?name
            }} GROUP BY ?doc ?name ORDER BY DESC(?facts) ?name""",
    )
    out.documents = [(_value(r["name"]), int(_value(r["parts"])), int(_value(r["facts"]))) for r in rows]
    years = _q(
        store,
        PREFIXES
        + """SELECT (MIN(?y) AS ?first) (MAX(?y) AS ?last) WHERE {
              ?p rdfs:subPropertyOf* cg:date . ?x ?p ?d .
              FILTER(?p != cg:plannedDate)
              FILTER NOT EXISTS { ?x a cg:Source } FILTER NOT EXISTS { ?x a cg:SourceSection }
              BIND(xsd:integer(SUBSTR(STR(?d), 1, 4)) AS ?y) }""",
    )
    for row in years:
        if row["first"] is not None:
            out.first_year, out.last_year = int(_value(row["first"])), int(_value(row["last"]))
    out.classes = _class_tree(store)
    out.timeline = timeline(store)
    return out


def _class_tree(store: ox.Store) -> list[ClassCount]:
    counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    parents: dict[str, set[str]] = {}
    for row in _q(
        store,
        PREFIXES
        + f"""SELECT ?c ?label (COUNT(DISTINCT ?e) AS ?n) WHERE {{
              GRAPH {ONTOLOGY} {{ ?c a owl:Class ; rdfs:label ?label }}
              OPTIONAL {{ ?e a ?c FILTER(STRSTARTS(STR(?e), "{ID}")) }}
            }} GROUP BY ?c ?label""",
    ):
        iri = _value(row["c"])
        counts[iri] = int(_value(row["n"]))
        labels[iri] = _value(row["label"])
    for row in _q(store, PREFIXES + f"SELECT ?c ?s WHERE {{ GRAPH {ONTOLOGY} {{ ?c rdfs:subClassOf ?s }} }}"):
        parents.setdefault(_value(row["c"]), set()).add(_value(row["s"]))
    children: dict[str, list[str]] = {}
    roots = []
    for iri in labels:
        own = [p for p in parents.get(iri, ()) if p in labels]
        if not own:
            roots.append(iri)
        for p in own:
            children.setdefault(p, []).append(iri)
    out: list[ClassCount] = []

    def walk(iri: str, depth: int) -> None:
        if counts[iri] == 0:
            return
        out.append(ClassCount(iri, labels[iri], depth, counts[iri]))
        for child in sorted(children.get(iri, []), key=lambda c: labels[c].lower()):
            walk(child, depth + 1)

    for root in sorted(roots, key=lambda c: labels[c].lower()):
        walk(root, 0)
    return out


TIMELINE = (
    PREFIXES
    + f"""SELECT ?date ?event ?label ?kind ?planned
       (GROUP_CONCAT(DISTINCT ?cite; SEPARATOR="|") AS ?sources) WHERE {{
  ?p rdfs:subPropertyOf* cg:date ; rdfs:label ?event .
  GRAPH ?g {{ ?x ?p ?date }}
  {{ ?x a cg:Event }} UNION {{ ?x a cg:Document FILTER NOT EXISTS {{ ?x a cg:Source }} }}
  UNION {{ ?x a cg:Initiative }}
  ?x rdfs:label ?label .
  {{ SELECT ?x (SAMPLE(?kl) AS ?kind) WHERE {{
      ?x a ?k . GRAPH {ONTOLOGY} {{ ?k a owl:Class ; rdfs:label ?kl }}
      FILTER NOT EXISTS {{ ?x a ?narrower . ?narrower rdfs:subClassOf+ ?k .
                          GRAPH {ONTOLOGY} {{ ?narrower a owl:Class }} }}
  }} GROUP BY ?x }}
  OPTIONAL {{ ?g cg:locator ?loc ; cg:partOf ?doc . ?doc skos:altLabel ?docname }}
  OPTIONAL {{ ?g a cg:Source ; skos:altLabel ?srcname }}
  BIND(COALESCE(CONCAT(?docname, " ", ?loc), ?srcname, STR(?g)) AS ?cite)
  BIND(?p = cg:plannedDate AS ?planned)
  FILTER(STRSTARTS(STR(?g), "{ID}"))
}} GROUP BY ?date ?event ?label ?kind ?planned
ORDER BY STR(?date) ?label ?event"""
)


def timeline(store: ox.Store) -> list[TimelineEntry]:
    """Every dated instrument, event and initiative, in date order, with the sections that state the date."""
    out = []
    for row in _q(store, TIMELINE):
        out.append(
            TimelineEntry(
                date=_value(row["date"]),
                event=_value(row["event"]),
                label=_value(row["label"]),
                kind=_value(row["kind"]),
                sources=tuple(sorted(_value(row["sources"]).split("|"))),
                planned=_value(row["planned"]) == "true",
            )
        )
    return out


def render(summary: Summary) -> str:
    """The summary as the text `cybergraph summary` prints."""
    pct = 100.0 * summary.sourced / summary.data if summary.data else 0.0
    lines = [
        "cybergraph: a knowledge graph of international cybersecurity cooperation",
        "",
        f"  triples        {summary.triples:,}, each once ({summary.asserted:,} asserted,"
        f" {summary.inferred:,} inferred by the ontology;"
        f" {summary.ontology:,} of the asserted are the ontology)",
        f"  facts          {summary.sourced:,} stated by a source section ({pct:.1f}% of the data), each in"
        " the named graph of that section;",
        f"                 {summary.data - summary.sourced:,} more describe the sources and where they"
        " disagree",
        f"  entities       {summary.entities:,} described by the sources",
        f"  years          {summary.first_year}–{summary.last_year}",
        "",
        "Sources                                  sections  facts",
    ]
    for name, parts, facts in summary.documents:
        lines.append(f"  {name:<38} {parts:>8} {facts:>6}")
    lines += ["", "Entities per class (an entity counts in every class it belongs to)"]
    for cls in summary.classes:
        name = "  " * cls.depth + cls.label
        lines.append(f"  {name:<50} {cls.entities:>5}")
    if summary.timeline:
        lines += [
            "",
            "Timeline of instruments and events",
            f"  {'date':<11} {'what':<24} {'kind':<22} name  [source]",
        ]
    for e in summary.timeline:
        lines.append(f"  {e.date:<11} {e.event:<24} {e.kind:<22} {e.label}  [{'; '.join(e.sources)}]")
    return "\n".join(lines) + "\n"

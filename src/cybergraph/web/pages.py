"""Every HTML page of the site, rendered from the graph through one engine: the server's and the static
site's pages are the same function of (path, parameters, base URL).

    pages = Pages(engine, base_url="https://w3id.org/cybergraph")
    page = pages.render("/id/apec", {})        # Page(status=200, html=…, truncated=False), or None
    pages.paths()                              # every path the static site writes

Paths: "/" (home), "/id/{slug}" (an entity; a source section's or document's facts; a profile for
states, organisations and instruments), "/def" (the ontology, an anchor per term), "/class/{Name}",
"/queries", "/queries/{name}" (a stored question's form and answer), "/editor" (YASGUI), "/timeline",
"/network", "/search". Static files (css, js, the bundled libraries) are in `ASSETS`, served at
`{base}/static/`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import jinja2
import pyoxigraph as ox
from markupsafe import Markup

from cybergraph.query.engine import DEFAULT_TIMEOUT, Engine
from cybergraph.rdf.terms import ENTITIES, SKOS, TERMS, XSD, curie, sort_key
from cybergraph.web.entity import ALT_LABEL, IDENTIFIER_LINKS, OTHER_ORIGINS, Entity, profile, read_entity
from cybergraph.web.links import LOCAL, SLUG, Links
from cybergraph.web.page import Page, script_json
from cybergraph.web.reading import Reader, ref

ASSETS = Path(__file__).resolve().with_name("assets")
_TEMPLATES = Path(__file__).resolve().with_name("templates")

#: The forms of an entity's data beside its page: suffix, media type, name.
ALTERNATES = (
    (".ttl", "text/turtle", "Turtle"),
    (".jsonld", "application/ld+json", "JSON-LD"),
    (".nt", "application/n-triples", "N-Triples"),
    (".rdf", "application/rdf+xml", "RDF/XML"),
)
DCTERMS_DESCRIPTION = "http://purl.org/dc/terms/description"


class Pages:
    """The site's pages for one engine and one base URL."""

    def __init__(
        self, engine: Engine, *, base_url: str = "", timeout: float | None = DEFAULT_TIMEOUT
    ) -> None:
        self.engine = engine
        self.links = Links(base_url)
        self.timeout = timeout
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(_TEMPLATES),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=False,
            keep_trailing_newline=True,
        )
        self.env.globals.update(path=self.links.path, static=self.links.static)
        self._cache: dict[str, Any] = {}

    def reader(self) -> Reader:
        return Reader(self.engine, timeout=self.timeout, cache=self._cache)

    # -----------------------------------------------------------------------------------------------
    # The interface the server and the static site use

    def render(self, path: str, params: Mapping[str, str]) -> Page | None:
        """The page at `path` (below the base URL's path) with the query string's `params`; None if
        there is no such page."""
        reader = self.reader()
        path = path if path == "/" else path.rstrip("/")
        parts = path.split("/")[1:]
        page: Page | None
        if path == "/":
            page = self._home(reader)
        elif len(parts) == 2 and parts[0] == "id" and SLUG.match(parts[1]):
            page = self._entity(reader, ENTITIES + parts[1])
        elif path == "/def":
            page = self._def(reader)
        elif len(parts) == 2 and parts[0] == "class" and LOCAL.match(parts[1]):
            page = self._class(reader, TERMS + parts[1])
        elif path == "/queries":
            from cybergraph.web.questions import catalogue_page

            page = catalogue_page(self, reader)
        elif len(parts) == 2 and parts[0] == "queries":
            from cybergraph.web.questions import question_page

            page = question_page(self, reader, parts[1], params)
        elif path == "/editor":
            from cybergraph.web.questions import editor_page

            page = editor_page(self, reader)
        elif path in ("/timeline", "/network"):
            page = self._view(reader, path[1:])
        elif path == "/search":
            page = self._search(reader)
        else:
            page = None
        if page is not None and reader.truncated and not page.truncated:
            return Page(page.status, page.html, True)
        return page

    def not_found(self, path: str) -> Page:
        """The page for a path that has none (status 404)."""
        return Page(404, self.html("not_found.html", title="Not found", missing=path))

    def paths(self) -> Iterator[str]:
        """Every page the static site writes: the site's pages, then every entity, class and question."""
        from cybergraph.query.catalogue import names

        reader = self.reader()
        yield from ("/", "/def", "/queries", "/editor", "/timeline", "/network", "/search")
        for name in names():
            yield f"/queries/{name}"
        for cls in reader.classes:
            yield "/class/" + cls[len(TERMS) :]
        for iri in reader.entities:
            if SLUG.match(iri[len(ENTITIES) :]):
                yield "/id/" + iri[len(ENTITIES) :]

    # -----------------------------------------------------------------------------------------------
    # Helpers the page modules share

    def html(self, template: str, *, truncated: bool = False, **context: Any) -> str:
        return self.env.get_template(template).render(truncated=truncated, **context)

    def present(
        self, term: ox.NamedNode | ox.BlankNode | ox.Literal, labels: Mapping[str, str]
    ) -> dict[str, Any]:
        """A term as a page shows it: text, the page it links to, whether that page is elsewhere, a note."""
        if isinstance(term, ox.NamedNode):
            iri = term.value
            href = self.links.entity(iri)
            if iri.startswith(TERMS):
                text = labels.get(iri) or self._terms.get(iri, (iri[len(TERMS) :], ""))[0]
                return {"text": text, "href": href, "external": False, "note": ""}
            if href is not None:
                return {
                    "text": labels.get(iri) or iri[len(ENTITIES) :],
                    "href": href,
                    "external": False,
                    "note": "",
                }
            text = labels.get(iri) or self._terms.get(iri, ("", ""))[0] or curie(iri) or iri
            web = iri.startswith(("http://", "https://"))
            return {"text": text, "href": iri if web else None, "external": web, "note": ""}
        if isinstance(term, ox.BlankNode):
            return {"text": f"_:{term.value}", "href": None, "external": False, "note": ""}
        datatype = term.datatype.value
        note = ""
        if term.language:
            note = ""
        elif datatype not in (XSD + "string",):
            note = curie(datatype) or datatype
        return {"text": term.value, "href": None, "external": False, "note": note}

    def cites(self, reader: Reader, sections: tuple[str, ...] | list[str]) -> list[dict[str, str]]:
        known = reader.sections
        return [
            {"label": known[g].label if g in known else g, "href": self.links.entity(g) or g}
            for g in sections
        ]

    @property
    def _terms(self) -> dict[str, tuple[str, str]]:
        return self.reader().terms

    # -----------------------------------------------------------------------------------------------
    # The pages

    def _home(self, reader: Reader) -> Page:
        counts = reader.rows(
            f"""SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE {{
              ?e a ?c . FILTER(STRSTARTS(STR(?c), "{TERMS}") && STRSTARTS(STR(?e), "{ENTITIES}"))
            }} GROUP BY ?c ORDER BY ?c"""
        )
        terms = reader.terms
        classes = [
            {
                "text": terms.get(c.value, (c.value[len(TERMS) :], ""))[0],
                "href": self.links.class_page(c.value),
                "count": int(n.value),
            }
            for c, n in counts
            if c is not None and n is not None
        ]
        classes.sort(key=lambda c: (str(c["text"]).lower(), str(c["href"])))
        facts = reader.rows(
            """SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } ?g a cg:SourceSection }"""
        )[0][0]
        sources = sorted(
            (i for i, s in reader.sections.items() if s.document is None),
            key=lambda i: reader.sections[i].title,
        )
        stats = {
            "entities": len(reader.entities),
            "facts": int(facts.value) if facts is not None else 0,
            "sections": sum(1 for s in reader.sections.values() if s.document is not None),
        }
        return Page(
            200,
            self.html(
                "home.html",
                title="Home",
                stats=stats,
                classes=classes,
                sources=[
                    {
                        "text": reader.sections[i].title,
                        "href": self.links.entity(i),
                        "external": False,
                        "note": "",
                    }
                    for i in sources
                ],
            ),
        )

    def _entity(self, reader: Reader, iri: str) -> Page | None:
        entity = read_entity(reader, iri)
        if entity is None:
            return None
        labels = entity.labels

        def statement(s: Any) -> dict[str, Any]:
            return {
                "prop": self.present(ox.NamedNode(s.prop), labels),
                "other": self.present(s.other, labels),
                "sections": self.cites(reader, s.sections)
                + [{"label": OTHER_ORIGINS.get(o, o), "href": ""} for o in s.origins],
                "inferred": s.inferred,
            }

        outgoing = [statement(s) for s in entity.statements if s.direction == "out"]
        incoming = [statement(s) for s in entity.statements if s.direction == "in"]
        identifiers = []
        for s in entity.statements:
            make = IDENTIFIER_LINKS.get(s.prop)
            if s.direction == "out" and make is not None and s.asserted:
                link = make(s.other.value)
                identifiers.append(
                    {
                        "name": labels.get(s.prop) or self._terms.get(s.prop, (s.prop, ""))[0],
                        "value": {"text": s.other.value, "href": link, "external": bool(link), "note": ""},
                        "sections": self.cites(reader, s.sections),
                    }
                )
        prof = profile(entity)
        slug = iri[len(ENTITIES) :]
        alternates = [
            {"href": self.links.path(f"/id/{slug}{suffix}"), "type": media, "name": name}
            for suffix, media, name in ALTERNATES
        ]
        page = self.html(
            "entity.html",
            title=entity.label,
            iri=iri,
            label=entity.label,
            types=[self._class_link(t, labels) for t in entity.types],
            alt_labels=entity.texts(ALT_LABEL),
            descriptions=entity.texts(DCTERMS_DESCRIPTION),
            identifiers=identifiers,
            profile=None
            if prof is None
            else {
                "kind": prof[0],
                "parts": [
                    {
                        "title": part.title,
                        "rows": [
                            {
                                "relation": r.relation,
                                "incoming": r.incoming,
                                "other": self.present(r.other, {**labels, **self._section_labels(reader)}),
                                "sections": self.cites(reader, r.sections),
                                "inferred": r.inferred,
                            }
                            for r in part.rows
                        ],
                    }
                    for part in prof[1]
                ],
            },
            section=self._section_facts(reader, entity),
            outgoing=outgoing,
            incoming=incoming,
            discrepancies=[
                {
                    "label": d.label,
                    "href": self.links.entity(d.iri),
                    "description": d.description,
                    "resolution": d.resolution,
                    "sections": self.cites(reader, d.stated_in),
                }
                for d in entity.discrepancies
            ],
            alternates=alternates,
            jsonld=self._jsonld(entity),
        )
        return Page(200, page)

    def _section_labels(self, reader: Reader) -> dict[str, str]:
        return {i: s.label for i, s in reader.sections.items()}

    def _class_link(self, iri: str, labels: Mapping[str, str]) -> dict[str, Any]:
        shown = self.present(ox.NamedNode(iri), labels)
        href = self.links.class_page(iri)
        return {**shown, "href": href} if href else shown

    def _jsonld(self, entity: Entity) -> Markup:
        """The page's data as JSON-LD: each stated fact in the named graph of its section."""
        from cybergraph.rdf.jsonld import CONTEXT_URL, to_jsonld

        me = ox.NamedNode(entity.iri)
        quads = []
        for s in entity.statements:
            if s.inferred or (isinstance(s.other, ox.BlankNode) and s.direction == "in"):
                continue
            triple = (
                ox.Triple(me, ox.NamedNode(s.prop), s.other)
                if s.direction == "out"
                else ox.Triple(s.other, ox.NamedNode(s.prop), me)  # type: ignore[arg-type]
            )
            for g in s.sections:
                quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, ox.NamedNode(g)))
            if not s.sections:
                quads.append(ox.Quad(triple.subject, triple.predicate, triple.object))
        quads.sort(
            key=lambda q: (sort_key(q.subject), q.predicate.value, sort_key(q.object), str(q.graph_name))
        )
        # The context by its address (w3id.org/cybergraph/context.jsonld, also beside the pages), not inline:
        # it is the same for every page; the entity's .jsonld file carries it inline.
        text = to_jsonld(quads, context_url=CONTEXT_URL)
        return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))

    def _section_facts(self, reader: Reader, entity: Entity) -> dict[str, Any] | None:
        """For a source section: every fact in its graph; for a document, in its sections' graphs."""
        types = entity.all_types
        if not types.intersection({TERMS + "SourceSection", TERMS + "Source"}):
            return None
        parts = sorted(i for i, s in reader.sections.items() if s.document == entity.iri)
        graphs = [entity.iri, *parts]
        values = " ".join(ref(g) for g in graphs)
        rows = reader.rows(
            f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
            " ORDER BY ?s ?p ?o ?g"
        )
        facts: dict[tuple[Any, ...], list[str]] = {}
        for s, p, o, g in rows:
            assert s is not None and p is not None and o is not None and g is not None
            facts.setdefault((s, p, o), []).append(g.value)
        iris = {t.value for key in facts for t in key if isinstance(t, ox.NamedNode)}
        labels = reader.labels(sorted(iris))
        return {
            "heading": "What the sections of this document state" if parts else "What this section states",
            "parts": [
                self.present(ox.NamedNode(p), {**labels, **self._section_labels(reader)}) for p in parts
            ],
            "facts": [
                {
                    "s": self.present(s, labels),
                    "p": self.present(p, labels),
                    "o": self.present(o, labels),
                    "sections": self.cites(reader, sorted(set(gs))),
                }
                for (s, p, o), gs in facts.items()
            ],
        }

    def _class(self, reader: Reader, iri: str) -> Page | None:
        if iri not in reader.classes:
            return None
        rows = reader.rows(
            f"""SELECT DISTINCT ?e WHERE {{ ?e a {ref(iri)} FILTER(STRSTARTS(STR(?e), "{ENTITIES}")) }}
            ORDER BY ?e"""
        )
        instances = [r[0].value for r in rows if r[0] is not None]
        supers = reader.rows(
            f"""SELECT DISTINCT ?c WHERE {{
              {ref(iri)} rdfs:subClassOf ?c FILTER(?c != {ref(iri)} && isIRI(?c))
            }} ORDER BY ?c"""
        )
        subs = reader.rows(
            f"""SELECT DISTINCT ?c WHERE {{
              ?c rdfs:subClassOf {ref(iri)} FILTER(?c != {ref(iri)} && isIRI(?c))
              FILTER NOT EXISTS {{ ?c rdfs:subClassOf ?m . ?m rdfs:subClassOf {ref(iri)}
                FILTER(?m != ?c && ?m != {ref(iri)}) }} }} ORDER BY ?c"""
        )
        labels = reader.labels(instances)
        shown = [self.present(ox.NamedNode(i), labels) for i in instances]
        shown.sort(key=lambda t: (str(t["text"]).lower(), str(t["href"])))
        label, comment = reader.terms.get(iri, (iri[len(TERMS) :], ""))
        return Page(
            200,
            self.html(
                "class.html",
                title=label,
                label=label,
                iri=iri,
                comment=comment,
                definition=self.links.entity(iri),
                supers=[self._class_link(r[0].value, {}) for r in supers if r[0] is not None],
                subs=[self._class_link(r[0].value, {}) for r in subs if r[0] is not None],
                instances=shown,
            ),
        )

    def _def(self, reader: Reader) -> Page:
        rows = reader.rows(
            f"""SELECT DISTINCT ?t ?kind WHERE {{
              ?t a ?kind . FILTER(STRSTARTS(STR(?t), "{TERMS}"))
              VALUES ?kind {{ owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty
                skos:ConceptScheme owl:NamedIndividual }}
            }} ORDER BY ?kind ?t"""
        )
        titles = {
            "http://www.w3.org/2002/07/owl#Class": "Classes",
            "http://www.w3.org/2002/07/owl#ObjectProperty": "Relations",
            "http://www.w3.org/2002/07/owl#DatatypeProperty": "Attributes",
            "http://www.w3.org/2002/07/owl#AnnotationProperty": "Annotations",
            SKOS + "ConceptScheme": "Concept schemes",
            "http://www.w3.org/2002/07/owl#NamedIndividual": "Individuals",
        }
        seen: set[str] = set()
        groups: dict[str, list[dict[str, Any]]] = {}
        terms = reader.terms
        labels = reader.labels(sorted({r[0].value for r in rows if r[0] is not None}))
        for t, kind in rows:
            assert t is not None and kind is not None
            local = t.value[len(TERMS) :]
            if t.value in seen or not LOCAL.match(local):
                continue
            seen.add(t.value)
            label, comment = terms.get(t.value, (labels.get(t.value, local), ""))
            groups.setdefault(kind.value, []).append(
                {
                    "local": local,
                    "label": label,
                    "comment": comment,
                    "class_href": self.links.class_page(t.value) if kind.value.endswith("#Class") else None,
                }
            )
        ordered = [{"title": titles[k], "terms": groups[k]} for k in titles if k in groups]
        return Page(200, self.html("def.html", title="Ontology", groups=ordered))

    def _view(self, reader: Reader, view: str) -> Page:
        from cybergraph.web.views import network, timeline, with_filters

        data = timeline(reader, self.links) if view == "timeline" else network(reader, self.links)
        data = with_filters(data, view)
        intro = (
            "Instruments, events, foundings and plans in time. A date known only to its year spans the"
            " year, one known to its month spans the month; plans are drawn apart from facts. Each item"
            " opens its entity's page; its tooltip cites the section that states the date."
            if view == "timeline"
            else "States, organisations, instruments, initiatives and events, and the typed ties the sources"
            " state between them. Node size grows with the number of ties; colours are classes. Click a node"
            " to open its page; hover over an edge to see its relation and sources."
        )
        return Page(
            200,
            self.html(
                "view.html",
                title=view.capitalize(),
                view=view,
                intro=intro,
                view_data=data,
                view_json=script_json(data),
            ),
        )

    def _search(self, reader: Reader) -> Page:
        rows = reader.rows(
            f"""SELECT ?e ?label ?alt WHERE {{
              ?e rdfs:label ?label . FILTER(STRSTARTS(STR(?e), "{ENTITIES}"))
              OPTIONAL {{ ?e skos:altLabel ?alt }}
            }} ORDER BY ?e ?label ?alt"""
        )
        index: dict[str, dict[str, Any]] = {}
        for e, label, alt in rows:
            assert e is not None and label is not None
            href = self.links.entity(e.value)
            if href is None:
                continue
            entry = index.setdefault(e.value, {"label": label.value, "href": href, "alt": []})
            if alt is not None and alt.value not in entry["alt"]:
                entry["alt"].append(alt.value)
        kinds = _kinds(reader, sorted(index))
        for iri, entry in index.items():
            entry["kind"] = kinds.get(iri, "")
        listing = sorted(index.values(), key=lambda x: (x["label"].lower(), x["href"]))
        return Page(200, self.html("search.html", title="Search", index_json=script_json(listing)))


def _kinds(reader: Reader, iris: list[str]) -> dict[str, str]:
    from cybergraph.web.views import _most_specific

    return _most_specific(reader, iris)


__all__ = ["ASSETS", "Page", "Pages"]

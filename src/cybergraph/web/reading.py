"""What the pages read from the graph: every query goes through the engine they are given.

The server gives its pooled engine, with its limits; the static site gives the embedded store. What
does not change while a dataset is served (the sections, the ontology's labels) is read once per
`Reader` and kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import pyoxigraph as ox

from cybergraph.query.engine import DEFAULT_TIMEOUT, Engine
from cybergraph.query.entities import labels
from cybergraph.query.results import Solutions
from cybergraph.rdf.terms import ENTITIES, GRAPHS, TERMS, iri_ref

PREFIXES = """PREFIX cg: <https://w3id.org/cybergraph/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

INFERRED = GRAPHS + "inferred"
T = TypeVar("T")


@dataclass(frozen=True)
class Section:
    """A source section (or a reference source, or a whole document): how pages cite it."""

    iri: str
    label: str  # "ITU GSR 2008, ch. 5 5.9.1": the document's short name and the locator
    title: str  # its full label
    document: str | None  # the IRI of the document it is part of


def cut_short(engine: Engine, result: object) -> bool:
    """Whether `result` came back cut at a limited engine's row limit: the server's engine says so for
    the request it serves (`engine.truncated`), an answer may say so itself."""
    return bool(getattr(result, "truncated", False) or getattr(engine, "truncated", False))


class Reader:
    """Queries for the pages, on one engine; `truncated` is set once an answer came back cut short."""

    def __init__(
        self, engine: Engine, *, timeout: float | None = DEFAULT_TIMEOUT, cache: dict[str, Any] | None = None
    ) -> None:
        self.engine = engine
        self.timeout = timeout
        self.truncated = False
        # What does not change while a dataset is served, shared by the readers of one `Pages`.
        self.cache: dict[str, Any] = {} if cache is None else cache

    def _kept(self, name: str, read: Callable[[], T]) -> T:
        if name not in self.cache:
            self.cache[name] = read()
        return cast(T, self.cache[name])

    def select(self, text: str) -> Solutions:
        result = self.engine.run(PREFIXES + text, "SELECT", self.timeout)
        assert isinstance(result, Solutions)
        if cut_short(self.engine, result):
            self.truncated = True
        return result

    def rows(self, text: str) -> list[tuple[Any, ...]]:
        """The rows of a SELECT whose every term is an IRI, a blank node or a literal (never a triple)."""
        return list(self.select(text).rows)

    def construct(self, text: str) -> list[ox.Triple]:
        result = self.engine.run(PREFIXES + text, "CONSTRUCT", self.timeout)
        return list(getattr(result, "triples", ()))

    def labels(self, iris: list[str]) -> dict[str, str]:
        return labels(sorted(set(iris)), self.engine, timeout=self.timeout) if iris else {}

    @property
    def sections(self) -> dict[str, Section]:
        """Every graph a fact can come from: sections, reference sources, and the documents themselves."""
        return self._kept("sections", self._sections)

    def _sections(self) -> dict[str, Section]:
        rows = self.rows(
            """SELECT ?s ?label ?locator ?doc ?short WHERE {
              { ?s a cg:SourceSection } UNION { ?s a cg:Source }
              ?s rdfs:label ?label .
              OPTIONAL { ?s cg:locator ?locator }
              OPTIONAL { ?s cg:partOf ?doc . ?doc a cg:Source . OPTIONAL { ?doc skos:altLabel ?short } }
            } ORDER BY ?s ?label ?locator ?doc ?short"""
        )
        found: dict[str, Section] = {}
        for s, label, locator, doc, short_name in rows:
            assert s is not None and label is not None
            if s.value in found:
                continue
            if locator is not None and short_name is not None:
                cite = f"{short_name.value} {locator.value}"
            else:
                cite = label.value
            found[s.value] = Section(s.value, cite, label.value, doc.value if doc is not None else None)
        return found

    @property
    def terms(self) -> dict[str, tuple[str, str]]:
        """The ontology's terms (classes and properties of every vocabulary it labels): label, comment."""
        return self._kept("terms", self._terms)

    def _terms(self) -> dict[str, tuple[str, str]]:
        rows = self.rows(
            """SELECT ?t ?label ?comment WHERE {
              ?t rdfs:label ?label .
              { ?t a owl:Class } UNION { ?t a rdfs:Class } UNION { ?t a owl:ObjectProperty }
              UNION { ?t a owl:DatatypeProperty } UNION { ?t a rdf:Property }
              UNION { ?t a owl:AnnotationProperty }
              OPTIONAL { ?t rdfs:comment ?comment }
              FILTER(LANG(?label) = "en" || LANG(?label) = "")
            } ORDER BY ?t ?label ?comment"""
        )
        found: dict[str, tuple[str, str]] = {}
        for t, label, comment in rows:
            assert t is not None and label is not None
            found.setdefault(t.value, (label.value, comment.value if comment is not None else ""))
        return found

    @property
    def entities(self) -> list[str]:
        """Every IRI of the entity namespace that is described (has a label or a type), sorted."""
        return self._kept("entities", self._entities)

    def _entities(self) -> list[str]:
        rows = self.rows(
            f"""SELECT DISTINCT ?e WHERE {{
              {{ ?e rdfs:label ?l }} UNION {{ ?e a ?c }}
              FILTER(isIRI(?e) && STRSTARTS(STR(?e), "{ENTITIES}"))
            }} ORDER BY ?e"""
        )
        return [r[0].value for r in rows if r[0] is not None]

    @property
    def classes(self) -> list[str]:
        """The ontology's own classes, sorted."""
        return self._kept("classes", self._classes)

    def _classes(self) -> list[str]:
        rows = self.rows(
            f"""SELECT DISTINCT ?c WHERE {{ ?c a owl:Class FILTER(STRSTARTS(STR(?c), "{TERMS}")) }}
            ORDER BY ?c"""
        )
        return [r[0].value for r in rows if r[0] is not None]


def ref(iri: str) -> str:
    """An IRI as SPARQL text (the pages only put IRIs they read from the graph or checked slugs there)."""
    return iri_ref(iri)

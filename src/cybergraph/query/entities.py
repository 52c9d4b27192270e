"""Naming entities on the command line (slug, label or IRI) and labelling them in answers."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from cybergraph.core.errors import UsageError
from cybergraph.query.binding import complete
from cybergraph.query.engine import DEFAULT_TIMEOUT, Engine
from cybergraph.query.results import Boolean, Result, Solutions
from cybergraph.query.sparql import Query
from cybergraph.rdf.terms import ENTITIES, PREFIXES, SLUG_LOCAL, Term, iri_ref, short

_RESOLVE_LABEL = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?entity WHERE {
  ?entity rdfs:label|skos:prefLabel|skos:altLabel ?name .
  FILTER(isIRI(?entity) && LCASE(STR(?name)) = LCASE(?text))
} ORDER BY ?entity"""

_NEAR_LABEL = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?entity WHERE {
  ?entity rdfs:label|skos:altLabel ?name .
  FILTER(isIRI(?entity) && CONTAINS(LCASE(STR(?name)), LCASE(?text)))
} ORDER BY ?entity LIMIT 8"""

_EXISTS = "ASK WHERE { { ?entity ?p ?o } UNION { ?s ?p ?entity } }"
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")
_ABSOLUTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|urn:)")


def _ask(text: str, bindings: Mapping[str, Term], engine: Engine, timeout: float | None) -> Result:
    return engine.run(complete(Query(text), bindings), Query(text).form, timeout)


def _entities(text: str, bindings: Mapping[str, Term], engine: Engine, timeout: float | None) -> list[str]:
    result = _ask(text, bindings, engine, timeout)
    assert isinstance(result, Solutions)
    return [row[0].value for row in result.rows if isinstance(row[0], ox.NamedNode)]


def _exists(iri: str, engine: Engine, timeout: float | None) -> bool:
    result = _ask(_EXISTS, {"entity": ox.NamedNode(iri)}, engine, timeout)
    return isinstance(result, Boolean) and result.value


def short_name(iri: str) -> str:
    """An entity as a user can type it back: `cgid:slug`, else `<iri>`."""
    return short(iri, local=SLUG_LOCAL)


def resolve_entity(text: str, engine: Engine, *, timeout: float | None = DEFAULT_TIMEOUT) -> ox.NamedNode:
    """The entity a user names by its IRI (full or prefixed), its slug or its label (any case).

    Raises UsageError when nothing matches (with near labels) or when a label names several entities
    (listing them, so that the user can give the slug instead).
    """
    prefix, colon, local = text.partition(":")
    iri = None
    if colon and prefix in PREFIXES:
        iri = PREFIXES[prefix] + local
    elif _ABSOLUTE.match(text):
        iri = text
    if iri is not None:
        try:
            iri_ref(iri)
            node = ox.NamedNode(iri)
        except ValueError:
            raise UsageError(f"{text!r} is not a valid IRI") from None
        if not _exists(iri, engine, timeout):
            raise UsageError(f"the graph has nothing about {short_name(iri)}", hint="check the IRI")
        return node
    if _SLUG.match(text) and _exists(ENTITIES + text, engine, timeout):
        return ox.NamedNode(ENTITIES + text)
    literal = {"text": ox.Literal(text)}
    found = _entities(_RESOLVE_LABEL, literal, engine, timeout)
    if len(found) == 1:
        return ox.NamedNode(found[0])
    if found:
        names = labels(found, engine, timeout=timeout)
        listed = "; ".join(f"{short_name(i)} ({names.get(i, '')})" for i in found)
        raise UsageError(
            f"{text!r} names {len(found)} entities: {listed}",
            hint="give the slug or the IRI of the one you mean",
        )
    near = _entities(_NEAR_LABEL, literal, engine, timeout)
    hint = "give its slug (as in cgid:SLUG), its label or its full IRI"
    if near:
        names = labels(near, engine, timeout=timeout)
        hint = "did you mean: " + "; ".join(f"{short_name(i)} ({names.get(i, '')})" for i in near)
    raise UsageError(f"no entity has the slug, label or IRI {text!r}", hint=hint)


_LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?x ?label WHERE { VALUES ?x { %s } ?x rdfs:label ?label }"""


def labels(iris: list[str], engine: Engine, *, timeout: float | None = DEFAULT_TIMEOUT) -> dict[str, str]:
    """The rdfs:label of each IRI that has one: English first, then untagged, then any, shortest tag first."""
    best: dict[str, tuple[int, str, str]] = {}
    for start in range(0, len(iris), 400):
        chunk = " ".join(iri_ref(i) for i in iris[start : start + 400])
        result = engine.run(_LABELS % chunk, "SELECT", timeout)
        assert isinstance(result, Solutions)
        for x, label in result.rows:
            if not isinstance(x, ox.NamedNode) or not isinstance(label, ox.Literal):
                continue
            lang = label.language or ""
            rank = 0 if lang == "en" else 1 if lang.startswith("en-") else 2 if not lang else 3
            key = (rank, lang, label.value)
            if x.value not in best or key < best[x.value]:
                best[x.value] = key
    return {iri: key[2] for iri, key in best.items()}

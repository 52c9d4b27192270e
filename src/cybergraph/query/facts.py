"""What the sources say about one entity, as rows of plain Python values: (property, value, sections).

The stored `describe` query answers with a graph in which each stated fact comes back as an
`rdf:Statement` derived from (`prov:wasDerivedFrom`) the section that states it, which suits RDF tools.
`describe()` runs that same query and folds its statements into one `Fact` per fact: the property as a
prefixed name (`^cg:announces` where the entity is the object of the fact, as in a SPARQL inverse path),
the value as `results.python_value` gives it (an IRI as its string, an xsd:date as a datetime.date, a
gYear as its text), and the sections that state it, as prefixed names. Each fact comes once, however
many sections state it; the entity's own facts come first, then those that point to it, each sorted by
property, then value.

>>> fact = Fact("cg:subOrganizationOf", "https://w3id.org/cybergraph/id/european-union",
...             ("cgid:ewi-2012-para-cert-eu",))
>>> fact.property, fact.sections
('cg:subOrganizationOf', ('cgid:ewi-2012-para-cert-eu',))
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from cybergraph.core.errors import InputError
from cybergraph.query.engine import DEFAULT_TIMEOUT
from cybergraph.query.results import Triples, Value, python_value
from cybergraph.query.run import prepare
from cybergraph.rdf.terms import PREFIXES, RDF, RDF_TYPE, Term, curie, sort_key

_PROV = "http://www.w3.org/ns/prov#"
_STATEMENT = ox.NamedNode(RDF + "Statement")
_SUBJECT = ox.NamedNode(RDF + "subject")
_PREDICATE = ox.NamedNode(RDF + "predicate")
_OBJECT = ox.NamedNode(RDF + "object")
_DERIVED_FROM = ox.NamedNode(_PROV + "wasDerivedFrom")


class Fact(NamedTuple):
    """One fact about an entity and the source sections that state it."""

    property: str  #: prefixed name (or IRI) of the property; `^` before it when the entity is the object
    value: Value  #: the other end of the fact, as a plain Python value (an IRI as its string)
    sections: tuple[str, ...]  #: the sections that state the fact, as prefixed names, sorted


def _name(iri: str) -> str:
    return curie(iri, PREFIXES) or iri


def facts_of(graph: Triples, entity: ox.NamedNode) -> list[Fact]:
    """The facts about `entity` that the statements of a `describe` answer record, one row per fact."""
    parts: dict[Term, dict[ox.NamedNode, Term]] = {}
    statements: set[Term] = set()
    for t in graph.triples:
        if t.predicate == RDF_TYPE and t.object == _STATEMENT:
            statements.add(t.subject)
        elif t.predicate in (_SUBJECT, _PREDICATE, _OBJECT, _DERIVED_FROM):
            parts.setdefault(t.subject, {})[t.predicate] = t.object
    found: dict[tuple[str, Term], set[str]] = {}
    for statement in statements:
        part = parts.get(statement, {})
        subject, predicate, obj, section = (
            part.get(k) for k in (_SUBJECT, _PREDICATE, _OBJECT, _DERIVED_FROM)
        )
        if not isinstance(predicate, ox.NamedNode) or not isinstance(section, ox.NamedNode) or obj is None:
            continue
        if subject == entity:
            key: tuple[str, Term] = (_name(predicate.value), obj)
        elif obj == entity and subject is not None:
            key = ("^" + _name(predicate.value), subject)
        else:
            continue
        found.setdefault(key, set()).add(_name(section.value))
    # The entity's own facts first, then those that point to it; by property, then value.
    rows = sorted(found.items(), key=lambda i: (i[0][0].startswith("^"), i[0][0], sort_key(i[0][1])))
    return [Fact(prop, python_value(value), tuple(sorted(sections))) for (prop, value), sections in rows]


def describe(
    entity: str | ox.NamedNode,
    *,
    store: ox.Store | None = None,
    endpoint: str | None = None,
    data: Path | str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> list[Fact]:
    """What the sources say about `entity` (a slug, label or IRI), as `Fact` rows, with the sections
    that state each fact. Inferred facts have no section and are left out, as in the stored query.

    Runs the stored `describe` query on `store`, on the endpoint at `endpoint`, or (neither given) on the
    built graph of `data`. Raises InputError or UsageError for an entity that cannot be resolved.
    """
    prepared = prepare(
        "describe", params={"entity": entity}, store=store, endpoint=endpoint, data=data, timeout=timeout
    )
    answer = prepared.run()
    resolved = prepared.bindings["entity"]
    if not isinstance(answer, Triples) or not isinstance(resolved, ox.NamedNode):
        raise InputError("the stored query `describe` must be a CONSTRUCT query about one entity")
    return facts_of(answer, resolved)

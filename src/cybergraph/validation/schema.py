"""Schema protection: a contribution states facts about entities; it never changes the ontology or shapes.

Rejected, each with the reason: declaring classes, properties, datatypes or ontologies; subclass,
subproperty, domain and range axioms on anything; any other OWL construct (inverses, equivalences,
restrictions); SHACL shapes; `owl:imports`; `owl:sameAs` between entities; and any statement about a
term of the ontology or of a standard vocabulary. Besides keeping the schema in the hands of its
maintainers, this keeps reasoning bounded: the only axioms the reasoner sees are the ontology's own.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from cybergraph.rdf.terms import OWL, PREFIXES, RDF, RDF_TYPE, RDFS, SH, TERMS, short
from cybergraph.validation.findings import Check, Finding, Severity, term_key, term_value
from cybergraph.validation.terms import is_standard_term

_SAME_AS = OWL + "sameAs"
_IMPORTS = OWL + "imports"
_HIERARCHY = {RDFS + t for t in ("subClassOf", "subPropertyOf", "domain", "range")}
_ALLOWED_RDFS = {RDFS + t for t in ("label", "comment", "seeAlso")}
_HARMLESS_TYPES = {OWL + "NamedIndividual", OWL + "Thing"}
# Namespaces whose terms a contribution may use but not describe: every vocabulary the project declares,
# except its entities and Wikidata's.
_VOCABULARIES = tuple(ns for prefix, ns in PREFIXES.items() if prefix not in {"cgid", "wd"})
ONTOLOGY_IRI = TERMS.rstrip("#")


def _name(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    return short(term.value) if isinstance(term, ox.NamedNode) else "a node"


def reason(
    s: ox.NamedNode | ox.BlankNode, p: ox.NamedNode, o: ox.NamedNode | ox.BlankNode | ox.Literal
) -> str | None:
    """Why the triple changes the schema, or None when it is an ordinary fact about an entity."""
    predicate = p.value
    if predicate == _SAME_AS:
        return (
            "owl:sameAs is not accepted: it would merge two entities and everything said about them;"
            " if they are the same entity, use its existing IRI (link to Wikidata with cg:wikidata)"
        )
    if predicate == _IMPORTS:
        return "owl:imports is not accepted: a contribution cannot bring in other ontologies or data"
    if predicate.startswith(SH) or (p == RDF_TYPE and isinstance(o, ox.NamedNode) and o.value.startswith(SH)):
        return "a contribution cannot declare SHACL shapes: the shapes come from shapes/cybergraph.shapes.ttl"
    # A misspelt term of these vocabularies is left to the unknown-terms check, which suggests the right one.
    if (
        p == RDF_TYPE
        and isinstance(o, ox.NamedNode)
        and any(is_standard_term(o.value, ns) for ns in (OWL, RDFS, RDF))
    ):
        if o.value in _HARMLESS_TYPES:
            return None
        return (
            f"declares {_name(s)} as {_name(o)}: a contribution cannot"
            " declare classes, properties or datatypes; use the ontology's terms, or ask for a new one"
        )
    if predicate in _HIERARCHY:
        return (
            f"{_name(p)} is a schema axiom: a contribution cannot change the ontology's classes or properties"
        )
    if is_standard_term(predicate, OWL):
        return f"{_name(p)} is an OWL axiom: a contribution states facts about entities, not schema"
    if is_standard_term(predicate, RDFS) and predicate not in _ALLOWED_RDFS:
        return f"{_name(p)} is a schema statement: a contribution states facts about entities, not schema"
    if isinstance(s, ox.NamedNode) and (s.value == ONTOLOGY_IRI or s.value.startswith(_VOCABULARIES)):
        return (
            f"{_name(s)} is a term of a vocabulary, not an entity: a contribution cannot redefine it;"
            " ask for a change to the ontology instead"
        )
    return None


def check(triples: Iterable[ox.Triple]) -> list[Finding]:
    """One finding per schema-changing triple (file and line are added by the caller)."""
    out = []
    for t in triples:
        why = reason(t.subject, t.predicate, t.object)  # type: ignore[arg-type]
        if why is not None:
            out.append(
                Finding(
                    Check.SCHEMA,
                    Severity.VIOLATION,
                    why,
                    entity=term_key(t.subject),
                    property=t.predicate.value,
                    value=term_value(t.object),
                )
            )
    return out

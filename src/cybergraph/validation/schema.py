"""Schema protection: a contribution states facts about entities; it never changes the ontology or shapes.

Rejected, each with the reason: declaring classes, properties, datatypes or ontologies; subclass,
subproperty, domain and range axioms on anything; any other OWL construct (inverses, equivalences,
restrictions); SHACL shapes; `owl:imports`; `owl:sameAs` between entities; and any statement about a
term of the ontology or of a standard vocabulary. Besides keeping the schema in the hands of its
maintainers, this keeps reasoning bounded: the only axioms the reasoner sees are the ontology's own.
"""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from cybergraph.rdf.legacy_vocab import PREFIXES
from cybergraph.validation.findings import Check, Finding, Severity, term_key, term_value

_SH = str(SH)
_HIERARCHY = {RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range}
_ALLOWED_RDFS = {RDFS.label, RDFS.comment, RDFS.seeAlso}
_HARMLESS_TYPES = {OWL.NamedIndividual, OWL.Thing}
# Namespaces whose terms a contribution may use but not describe: every vocabulary the project declares,
# except its entities and Wikidata's.
_VOCABULARIES = tuple(ns for prefix, ns in PREFIXES.items() if prefix not in {"cgid", "wd"})
ONTOLOGY_IRI = URIRef(PREFIXES["cg"].rstrip("#"))


def _name(term: URIRef) -> str:
    text = str(term)
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns) :]}"
    return f"<{text}>"


def reason(s: object, p: URIRef, o: object) -> str | None:
    """Why the triple changes the schema, or None when it is an ordinary fact about an entity."""
    if p == OWL.sameAs:
        return (
            "owl:sameAs is not accepted: it would merge two entities and everything said about them;"
            " if they are the same entity, use its existing IRI (link to Wikidata with cg:wikidata)"
        )
    if p == OWL.imports:
        return "owl:imports is not accepted: a contribution cannot bring in other ontologies or data"
    if str(p).startswith(_SH) or (p == RDF.type and str(o).startswith(_SH)):
        return "a contribution cannot declare SHACL shapes: the shapes come from shapes/cybergraph.shapes.ttl"
    # A misspelt term of these vocabularies is left to the unknown-terms check, which suggests the right one.
    if p == RDF.type and isinstance(o, URIRef) and (o in OWL or o in RDFS or o in RDF):
        if o in _HARMLESS_TYPES:
            return None
        return (
            f"declares {_name(s) if isinstance(s, URIRef) else 'a node'} as {_name(o)}: a contribution cannot"
            " declare classes, properties or datatypes; use the ontology's terms, or ask for a new one"
        )
    if p in _HIERARCHY:
        return (
            f"{_name(p)} is a schema axiom: a contribution cannot change the ontology's classes or properties"
        )
    if p in OWL:
        return f"{_name(p)} is an OWL axiom: a contribution states facts about entities, not schema"
    if p in RDFS and p not in _ALLOWED_RDFS:
        return f"{_name(p)} is a schema statement: a contribution states facts about entities, not schema"
    if isinstance(s, URIRef) and (s == ONTOLOGY_IRI or str(s).startswith(_VOCABULARIES)):
        return (
            f"{_name(s)} is a term of a vocabulary, not an entity: a contribution cannot redefine it;"
            " ask for a change to the ontology instead"
        )
    return None


def check(graph: Graph) -> list[Finding]:
    """One finding per schema-changing triple of a contribution (file and line are added by the caller)."""
    out = []
    for s, p, o in _sorted(graph):
        why = reason(s, p, o)
        if why is not None:
            out.append(
                Finding(
                    Check.SCHEMA,
                    Severity.VIOLATION,
                    why,
                    entity=term_key(s),
                    property=str(p),
                    value=term_value(o),
                )
            )
    return out


def _sorted(graph: Graph) -> list[tuple[Node, URIRef, Node]]:
    triples = ((s, URIRef(str(p)), o) for s, p, o in graph)
    return sorted(triples, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))

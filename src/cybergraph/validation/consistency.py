"""Check 5: consistency under the ontology's inference (owlrl, through cybergraph.graph.reason).

The reasoner sees the ontology's own axioms (schema protection has refused any of the contributor's)
and, for a contribution, the contribution and the neighbourhood of its focus nodes, never the whole
graph. An inconsistency the neighbourhood already had without the contribution is not blamed on it.

When the ontology uses only the constructs that cybergraph.graph.rules implements (subclass, subproperty,
equivalence, inverse, symmetric, transitive, domain, range; `rules.unsupported_axioms()` names any
other), no OWL RL rule can derive a contradiction from them: the only inconsistency left is a literal
that does not match its datatype (rule dt-not-type), which owlrl finds from each literal alone. That rule
is then applied as owlrl applies it (its own datatype converters, its own message), once per distinct
literal and without the closure, so that its time follows the number of literals (the closure of 40,000
literals took 20 s); any other construct in the ontology brings back the full reasoning.

This module is one of the two adapters to rdflib: its functions take and give pyoxigraph terms, and
only `_errors` hands the triples to owlrl as an rdflib graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph

from cybergraph.graph import reason
from cybergraph.graph.reason import closure
from cybergraph.rdf.rdflib_bridge import from_ox
from cybergraph.rdf.terms import OWL, RDF, RDF_TYPE, RDFS, short
from cybergraph.validation.findings import Check, Finding, Severity, term_key, term_value, text_of

_LITERAL = re.compile(
    r"^Lexical value of the literal '(.*)' does not match its datatype \((\S+)\)$", re.DOTALL
)
_ENTITY = re.compile(r"https://w3id\.org/cybergraph/id/[^\s,()'\"]+")
_IRI = re.compile(r"https?://[^\s,()'\"]+")
_DATE_TYPES = {"date", "gYearMonth", "gYear"}


def _errors(*parts: Iterable[ox.Triple]) -> list[str]:
    """owlrl's inconsistency messages for the triples of `parts` together."""
    graph = Graph()
    for part in parts:
        for t in part:
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return closure(graph).errors


def ill_typed(triples: Iterable[ox.Triple]) -> list[str]:
    """owlrl's messages for the literals of the triples that do not match their datatype (rule
    dt-not-type, see graph.reason.ill_typed), each distinct literal checked once, without the closure."""
    literals = {t.object for t in triples if isinstance(t.object, ox.Literal)}
    return reason.ill_typed(from_ox(literal) for literal in literals)  # type: ignore[misc]


def _sort_key(t: ox.Triple) -> tuple[str, str]:
    return text_of(t.subject), t.predicate.value


def explain(errors: Iterable[str], triples: Iterable[ox.Triple]) -> list[Finding]:
    """Findings for owlrl's error messages, attached to the triples they are about where that can be told."""
    # The triples of each literal, found at once for each message (not by a scan of all the literals).
    literals: dict[tuple[str, str], list[ox.Triple]] = {}
    for t in triples:
        if isinstance(t.object, ox.Literal):
            literals.setdefault((t.object.value, t.object.datatype.value), []).append(t)
    out: list[Finding] = []
    for error in sorted(set(errors)):
        literal = _LITERAL.match(error)
        if literal:
            lexical, datatype = literal.group(1), literal.group(2)
            message = f'"{lexical}" is not a valid {short(datatype)}'
            if datatype.rsplit("#", 1)[-1] in _DATE_TYPES:
                message += (
                    ": write a date as 2002-12-20 (xsd:date), 2002-12 (xsd:gYearMonth) or 2002 (xsd:gYear)"
                )
            hits = literals.get((lexical, datatype), [])
            for t in sorted(hits, key=_sort_key):
                out.append(
                    Finding(
                        Check.CONSISTENCY,
                        Severity.VIOLATION,
                        message,
                        entity=term_key(t.subject),
                        property=t.predicate.value,
                        value=term_value(t.object),
                    )
                )
            if hits:
                continue
        entity = _ENTITY.search(error)
        text = _IRI.sub(lambda m: short(m.group(0)), error)
        out.append(
            Finding(
                Check.CONSISTENCY,
                Severity.VIOLATION,
                f"inconsistent with the ontology: {text}",
                entity=entity.group(0) if entity else None,
            )
        )
    return out


def _literal_keys(triples: Iterable[ox.Triple]) -> set[tuple[str, str]]:
    """The lexical form and datatype of each literal of the triples, as owlrl's messages name them."""
    return {(t.object.value, t.object.datatype.value) for t in triples if isinstance(t.object, ox.Literal)}


def _brought(error: str, contribution: set[tuple[str, str]], around: set[tuple[str, str]]) -> bool:
    """Whether an ill-typed literal error is the contribution's alone (no second reasoning needed), given
    the literals (see `_literal_keys`) of the contribution and of its neighbourhood."""
    literal = _LITERAL.match(error)
    if not literal:
        return False
    key = (literal.group(1), literal.group(2))
    return key in contribution and key not in around


# Axioms that relate one term to another: reachable from the terms of the data, they are all a rule can
# use. Any other axiom (property chains, keys, class expressions, disjointness of many) is always kept.
_LINKS = {RDF_TYPE.value} | {RDFS + t for t in ("subClassOf", "subPropertyOf", "domain", "range")}
_LINKS |= {RDF + "first", RDF + "rest"}
# Links that work in both directions: an axiom on the far side of one applies to the near side.
_BOTH_WAYS = {
    OWL + t
    for t in ("inverseOf", "equivalentClass", "equivalentProperty", "disjointWith", "propertyDisjointWith")
}


def relevant(axioms: Iterable[ox.Triple], data: Iterable[ox.Triple]) -> set[ox.Triple]:
    """The axioms that can take part in reasoning about `data`: a module of the ontology for its terms.

    Starting from every IRI the data uses, follow the axioms about it to the terms they name (a class's
    superclasses, a property's domain, range, superproperties), and the symmetric links backwards (an
    inverse or equivalent declared on the other side). OWL RL's rules only chain through shared terms, so
    an axiom no path reaches cannot fire on the data: the conclusions about the data, inconsistencies
    included, are those of the whole ontology, in a quarter of the time.
    """
    axioms = list(axioms)
    by_subject: dict[object, list[ox.Triple]] = {}
    both_ways_by_object: dict[object, list[ox.Triple]] = {}
    for t in axioms:
        by_subject.setdefault(t.subject, []).append(t)
        if t.predicate.value in _BOTH_WAYS:
            both_ways_by_object.setdefault(t.object, []).append(t)
    seen: set[object] = {
        term for t in data for term in (t.subject, t.predicate, t.object) if isinstance(term, ox.NamedNode)
    }
    todo = list(seen)
    out: set[ox.Triple] = set()
    for t in axioms:
        if t.predicate.value not in _LINKS and t.predicate.value not in _BOTH_WAYS:
            out.add(t)
            todo.extend(n for n in (t.subject, t.object) if n not in seen)
            seen.update((t.subject, t.object))
    while todo:
        term = todo.pop()
        found = [(t, t.object) for t in by_subject.get(term, ())]
        found += [(t, t.subject) for t in both_ways_by_object.get(term, ())]
        for triple, other in found:
            out.add(triple)
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return out


def inconsistencies(axioms: Iterable[ox.Triple], data: set[ox.Triple], *, simple: bool) -> list[str]:
    """owlrl's inconsistency messages for `data` under the axioms (`simple`: only rules.py constructs)."""
    if simple:
        return ill_typed(data)
    return _errors(relevant(axioms, data), data)


def check_contribution(
    axioms: Iterable[ox.Triple], contribution: set[ox.Triple], around: set[ox.Triple], *, simple: bool
) -> list[Finding]:
    """Reason over the axioms, the neighbourhood and the contribution; report what the contribution brings."""
    added, near = _literal_keys(contribution), _literal_keys(around)
    if simple:
        errors = inconsistencies(axioms, contribution, simple=True)
        return explain([e for e in errors if _brought(e, added, near)], contribution)
    ontology = relevant(axioms, contribution | around)
    errors = _errors(ontology, around, contribution)
    unclear = [e for e in errors if not _brought(e, added, near)]
    # An inconsistency the neighbourhood had without the contribution is not the contributor's.
    before = set(_errors(ontology, around)) if unclear else set()
    return explain([e for e in errors if e not in before], contribution)

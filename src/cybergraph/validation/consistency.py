"""Check 5: consistency under the ontology's inference (owlrl, through cybergraph.graph.reason).

The reasoner sees the ontology's own axioms (schema protection has refused any of the contributor's)
and, for a contribution, the contribution and the neighbourhood of its focus nodes, never the whole
graph. An inconsistency the neighbourhood already had without the contribution is not blamed on it.

When the ontology uses only the constructs that cybergraph.graph.rules implements (subclass, subproperty,
equivalence, inverse, symmetric, transitive, domain, range; `rules.unsupported_axioms()` names any
other), no OWL RL rule can derive a contradiction from them: the only inconsistency left is a literal
that does not match its datatype (rule dt-not-type), which owlrl finds from the literals alone. The
reasoner then gets just the literals, which takes milliseconds instead of seconds; any other construct
in the ontology brings back the full reasoning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from cybergraph.graph.reason import closure
from cybergraph.validation.findings import Check, Finding, Severity, term_key, term_value
from cybergraph.validation.terms import short

Triple = tuple[Node, Node, Node]
_LITERAL = re.compile(
    r"^Lexical value of the literal '(.*)' does not match its datatype \((\S+)\)$", re.DOTALL
)
_ENTITY = re.compile(r"https://w3id\.org/cybergraph/id/[^\s,()'\"]+")
_IRI = re.compile(r"https?://[^\s,()'\"]+")
_DATE_TYPES = {"date", "gYearMonth", "gYear"}


def _graph(*parts: Iterable[Triple]) -> Graph:
    graph = Graph()
    for part in parts:
        for triple in part:
            graph.add(triple)
    return graph


def explain(errors: Iterable[str], triples: Iterable[Triple]) -> list[Finding]:
    """Findings for owlrl's error messages, attached to the triples they are about where that can be told."""
    triples = list(triples)
    out: list[Finding] = []
    for error in sorted(set(errors)):
        literal = _LITERAL.match(error)
        if literal:
            lexical, datatype = literal.group(1), literal.group(2)
            kind = short(datatype)
            message = f'"{lexical}" is not a valid {kind}'
            if datatype.rsplit("#", 1)[-1] in _DATE_TYPES:
                message += (
                    ": write a date as 2002-12-20 (xsd:date), 2002-12 (xsd:gYearMonth) or 2002 (xsd:gYear)"
                )
            hits = [
                t
                for t in triples
                if isinstance(t[2], Literal) and str(t[2]) == lexical and str(t[2].datatype) == datatype
            ]
            for s, p, o in sorted(hits, key=lambda t: (str(t[0]), str(t[1]))):
                out.append(
                    Finding(
                        Check.CONSISTENCY,
                        Severity.VIOLATION,
                        message,
                        entity=term_key(s),
                        property=str(p),
                        value=term_value(o),
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


def _brought(error: str, contribution: set[Triple], around: set[Triple]) -> bool:
    """Whether an ill-typed literal error is the contribution's alone (no second reasoning needed)."""
    literal = _LITERAL.match(error)
    if not literal:
        return False

    def has(triples: set[Triple]) -> bool:
        return any(
            isinstance(o, Literal) and str(o) == literal.group(1) and str(o.datatype) == literal.group(2)
            for _s, _p, o in triples
        )

    return has(contribution) and not has(around)


# Axioms that relate one term to another: reachable from the terms of the data, they are all a rule can
# use. Any other axiom (property chains, keys, class expressions, disjointness of many) is always kept.
_LINKS = {RDF.type, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, RDF.first, RDF.rest}
# Links that work in both directions: an axiom on the far side of one applies to the near side.
_BOTH_WAYS = {
    OWL.inverseOf,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    OWL.disjointWith,
    OWL.propertyDisjointWith,
}


def relevant(axioms: Graph, data: Iterable[Triple]) -> set[Triple]:
    """The axioms that can take part in reasoning about `data`: a module of the ontology for its terms.

    Starting from every IRI the data uses, follow the axioms about it to the terms they name (a class's
    superclasses, a property's domain, range, superproperties), and the symmetric links backwards (an
    inverse or equivalent declared on the other side). OWL RL's rules only chain through shared terms, so
    an axiom no path reaches cannot fire on the data: the conclusions about the data, inconsistencies
    included, are those of the whole ontology, in a quarter of the time.
    """
    seen: set[Node] = {t for triple in data for t in triple if isinstance(t, URIRef)}
    todo = list(seen)
    out: set[Triple] = set()
    for triple in axioms:
        if triple[1] not in _LINKS and triple[1] not in _BOTH_WAYS:
            out.add(triple)
            todo.extend(t for t in (triple[0], triple[2]) if t not in seen)
            seen.update((triple[0], triple[2]))
    while todo:
        term = todo.pop()
        found = [(t, t[2]) for t in axioms.triples((term, None, None))]
        found += [(t, t[0]) for t in axioms.triples((None, None, term)) if t[1] in _BOTH_WAYS]
        for triple, other in found:
            out.add(triple)
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return out


def _literals(triples: set[Triple]) -> set[Triple]:
    return {t for t in triples if isinstance(t[2], Literal)}


def inconsistencies(axioms: Graph, data: set[Triple], *, simple: bool) -> list[str]:
    """owlrl's inconsistency messages for `data` under the axioms (`simple`: only rules.py constructs)."""
    if simple:
        return closure(_graph(_literals(data))).errors
    return closure(_graph(relevant(axioms, data), data)).errors


def check_contribution(
    axioms: Graph, contribution: set[Triple], around: set[Triple], *, simple: bool
) -> list[Finding]:
    """Reason over the axioms, the neighbourhood and the contribution; report what the contribution brings."""
    if simple:
        errors = inconsistencies(axioms, contribution, simple=True)
        return explain([e for e in errors if _brought(e, contribution, around)], contribution)
    ontology = relevant(axioms, contribution | around)
    errors = closure(_graph(ontology, around, contribution)).errors
    unclear = [e for e in errors if not _brought(e, contribution, around)]
    # An inconsistency the neighbourhood had without the contribution is not the contributor's.
    before = set(closure(_graph(ontology, around)).errors) if unclear else set()
    return explain([e for e in errors if e not in before], contribution)

"""The consistency check reasons with the part of the ontology the data can reach, and loses nothing by it."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from cybergraph.graph.build import build
from cybergraph.graph.reason import closure
from cybergraph.rdf.rdflib_bridge import from_ox, to_ox
from cybergraph.rdf.terms import XSD, entity
from cybergraph.rdf.vocab import CG
from cybergraph.validation.consistency import check_contribution, relevant
from cybergraph.validation.scope import axioms, focus_nodes, neighbourhood

FIXTURE = Path(__file__).parent / "data"
XSD_DATE = ox.NamedNode(XSD + "date")


def test_the_module_of_the_ontology_draws_the_same_conclusions_about_the_data() -> None:
    built = build(data=FIXTURE)
    unit = entity("itu-t")
    contribution = [
        ox.Triple(unit, CG.subOrganizationOf, entity("itu")),  # transitive, with an inverse
        ox.Triple(unit, CG.foundingDate, ox.Literal("1993-13-01", datatype=XSD_DATE)),
    ]
    data = set(contribution) | neighbourhood(built.store, focus_nodes(contribution, built.store))
    everything = axioms(built.store)
    module = relevant(everything, data)
    assert module < everything and len(module) < len(everything) / 2

    def conclusions(ontology: set[ox.Triple]) -> tuple[set[ox.Triple], list[str]]:
        graph = Graph()
        for t in [*ontology, *data]:
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        result = closure(graph)
        subjects = {t.subject for t in data}
        inferred = {ox.Triple(*(to_ox(term) for term in triple)) for triple in result.triples}
        return {t for t in inferred if t.subject in subjects}, sorted(result.errors)

    whole, errors = conclusions(everything)
    assert conclusions(module) == (whole, errors)
    assert ox.Triple(unit, CG.subOrganizationOf, entity("united-nations")) in whole
    assert errors == [
        f"Lexical value of the literal '1993-13-01' does not match its datatype ({XSD_DATE.value})"
    ]


def test_both_ways_of_reasoning_find_the_same_ill_typed_literal() -> None:
    built = build(data=FIXTURE)
    resolution = entity("a-res-57-239")
    added = {ox.Triple(resolution, CG.issueDate, ox.Literal("31 January 2003", datatype=XSD_DATE))}
    around = neighbourhood(built.store, focus_nodes(added, built.store))
    quick = check_contribution(axioms(built.store), added, around, simple=True)
    full = check_contribution(axioms(built.store), added, around, simple=False)
    assert quick == full
    assert [(f.entity, f.property, f.value, f.message) for f in quick] == [
        (
            resolution.value,
            CG.issueDate.value,
            f'"31 January 2003"^^<{XSD_DATE.value}>',
            '"31 January 2003" is not a valid xsd:date: write a date as 2002-12-20 (xsd:date),'
            " 2002-12 (xsd:gYearMonth) or 2002 (xsd:gYear)",
        )
    ]

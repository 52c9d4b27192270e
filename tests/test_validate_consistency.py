"""The consistency check reasons with the part of the ontology the data can reach, and loses nothing by it."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef

from cybergraph.graph.build import build
from cybergraph.graph.reason import closure
from cybergraph.validation.consistency import relevant
from cybergraph.validation.scope import axioms, focus_nodes, neighbourhood

FIXTURE = Path(__file__).parent / "validate" / "data"
CG = "https://w3id.org/cybergraph/def#"
CGID = "https://w3id.org/cybergraph/id/"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


def test_the_module_of_the_ontology_draws_the_same_conclusions_about_the_data() -> None:
    built = build(data=FIXTURE)
    contribution = Graph()
    unit = URIRef(CGID + "itu-t")
    contribution.add(
        (unit, URIRef(CG + "subOrganizationOf"), URIRef(CGID + "itu"))
    )  # transitive, with an inverse
    contribution.add((unit, URIRef(CG + "foundingDate"), Literal("1993-13-01", datatype=XSD_DATE)))
    data = set(contribution) | neighbourhood(built.store, focus_nodes(contribution, built.store))
    everything = axioms(built.store)
    module = relevant(everything, data)
    assert len(module) < len(everything) / 2

    def conclusions(ontology: set[object]) -> tuple[set[object], list[str]]:
        graph = Graph()
        for triple in [*ontology, *data]:
            graph.add(triple)  # type: ignore[arg-type]
        result = closure(graph)
        about_data = {t for t in result.triples if t[0] in {s for s, _, _ in data}}
        return about_data, sorted(result.errors)

    whole, errors = conclusions(set(everything))
    assert conclusions(module) == (whole, errors)
    assert (unit, URIRef(CG + "subOrganizationOf"), URIRef(CGID + "united-nations")) in whole
    assert errors == [f"Lexical value of the literal '1993-13-01' does not match its datatype ({XSD_DATE})"]


def test_both_ways_of_reasoning_find_the_same_ill_typed_literal() -> None:
    from cybergraph.validation.consistency import check_contribution

    built = build(data=FIXTURE)
    contribution = Graph()
    resolution = URIRef(CGID + "a-res-57-239")
    contribution.add((resolution, URIRef(CG + "issueDate"), Literal("31 January 2003", datatype=XSD_DATE)))
    added = set(contribution)
    around = neighbourhood(built.store, focus_nodes(contribution, built.store))
    quick = check_contribution(axioms(built.store), added, around, simple=True)  # type: ignore[arg-type]
    full = check_contribution(axioms(built.store), added, around, simple=False)  # type: ignore[arg-type]
    assert quick == full
    assert [(f.entity, f.property, f.value, f.message) for f in quick] == [
        (
            CGID + "a-res-57-239",
            CG + "issueDate",
            f'"31 January 2003"^^<{XSD_DATE}>',
            '"31 January 2003" is not a valid xsd:date: write a date as 2002-12-20 (xsd:date),'
            " 2002-12 (xsd:gYearMonth) or 2002 (xsd:gYear)",
        )
    ]

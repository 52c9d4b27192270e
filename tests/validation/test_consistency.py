"""The consistency check reasons with the part of the ontology the data can reach, and loses nothing by it.

Disjoint classes are checked directly on the types the built graph holds and those a contribution gives,
and find what owlrl finds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from cybergraph.graph.build import BuiltGraph, build
from cybergraph.graph.reason import closure
from cybergraph.graph.rules import Schema, infer_store
from cybergraph.rdf.rdflib_bridge import from_ox, to_ox
from cybergraph.rdf.terms import INFERRED_GRAPH, ONTOLOGY_GRAPH, RDF_TYPE, XSD, entity
from cybergraph.rdf.vocab import CG
from cybergraph.validation.consistency import Disjointness, check_contribution, needs_reasoner, relevant
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


# --- Class disjointness: checked directly, owlrl (rules cax-dw, cax-adc) the reference -----------------

_OWLRL_DISJOINT = re.compile(r"^Disjoint classes (\S+) and (\S+) have a common individual (\S+)$")


def _owlrl_clashes(*parts: Iterable[ox.Triple]) -> set[tuple[str, frozenset[str]]]:
    """The (node, classes) of owlrl's disjointness errors for the triples of `parts` together."""
    graph = Graph()
    for part in parts:
        for t in part:
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    found = (_OWLRL_DISJOINT.match(e) for e in closure(graph).errors)
    return {(m.group(3), frozenset(m.group(1, 2))) for m in found if m}


def _disjointness(store: ox.Store) -> Disjointness:
    return Disjointness.of(axioms(store), Schema.read(store))


def _key(node: ox.NamedNode, *classes: ox.NamedNode) -> tuple[str, frozenset[str]]:
    return node.value, frozenset(c.value for c in classes)


APEC, ASSEMBLY, ITU = entity("apec"), entity("un-general-assembly"), entity("itu")
RESOLUTION, TOPIC = entity("a-res-57-239"), entity("topic-global-culture-of-cybersecurity")
NEW = entity("example-new-body")
CONTRIBUTIONS = {
    "an organisation typed a state": (
        [ox.Triple(APEC, RDF_TYPE, CG.State)],
        {_key(APEC, CG.State, CG.Organization)},
    ),
    "an organ typed an exercise": (
        [ox.Triple(ASSEMBLY, RDF_TYPE, CG.Exercise)],
        {_key(ASSEMBLY, CG.Agent, CG.Event)},
    ),
    "a document as the subject of an event's property": (
        [ox.Triple(RESOLUTION, CG.organizedBy, ITU)],
        {_key(RESOLUTION, CG.Document, CG.Event)},
    ),
    "a topic as the object of an agent's property": (
        [ox.Triple(RESOLUTION, CG.adoptedBy, TOPIC)],
        {_key(TOPIC, CG.Agent, CG.Concept)},
    ),
    "a new entity of two disjoint types": (
        [ox.Triple(NEW, RDF_TYPE, CG.GovernmentAgency), ox.Triple(NEW, RDF_TYPE, CG.PrivateSectorBody)],
        {_key(NEW, CG.GovernmentAgency, CG.PrivateSectorBody)},
    ),
    "a state also a place": ([ox.Triple(entity("germany"), RDF_TYPE, CG.Place)], set()),
    "a partnership also an initiative": ([ox.Triple(entity("impact"), RDF_TYPE, CG.Initiative)], set()),
    "a declaration also a plan of action": (
        [ox.Triple(NEW, RDF_TYPE, CG.Declaration), ox.Triple(NEW, RDF_TYPE, CG.ActionPlan)],
        set(),
    ),
}


@pytest.mark.parametrize("contribution, expected", CONTRIBUTIONS.values(), ids=list(CONTRIBUTIONS))
def test_the_direct_check_finds_the_disjoint_types_owlrl_finds(
    project: BuiltGraph, contribution: list[ox.Triple], expected: set[tuple[str, frozenset[str]]]
) -> None:
    store = project.store
    added = set(contribution)
    around = neighbourhood(store, focus_nodes(added, store))
    ontology = relevant(axioms(store), added | around)
    assert _owlrl_clashes(ontology, around, added) == expected
    assert {c.key for c in _disjointness(store).in_contribution(store, added)} == expected


def test_the_full_reasoning_does_not_report_a_clash_twice(project: BuiltGraph) -> None:
    store = project.store
    added = {ox.Triple(APEC, RDF_TYPE, CG.State)}
    around = neighbourhood(store, focus_nodes(added, store))
    clashes = _disjointness(store).in_contribution(store, added)
    alone = check_contribution(axioms(store), added, around, simple=False)
    assert [f.message for f in alone] == [
        "inconsistent with the ontology: Disjoint classes cg:Organization and cg:State have a common"
        " individual cgid:apec",
        "inconsistent with the ontology: Disjoint classes cg:State and cg:Organization have a common"
        " individual cgid:apec",
    ]
    assert check_contribution(axioms(store), added, around, simple=False, clashes=clashes) == []


def test_declaring_disjoint_classes_keeps_the_quick_path(project: BuiltGraph) -> None:
    assert needs_reasoner(project.store) == []
    assert CG.State in _disjointness(project.store).partners[CG.Organization]


def test_a_construct_whose_only_consequence_is_an_inconsistency_needs_the_reasoner() -> None:
    store = ox.Store()
    store.load(
        b"@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        b"<http://example.org/p> a owl:AsymmetricProperty .\n"
        b"<http://example.org/A> owl:complementOf <http://example.org/B> .\n",
        format=ox.RdfFormat.TURTLE,
    )
    assert needs_reasoner(store) == ["owl:complementOf", "owl:AsymmetricProperty"]


TOY = """@prefix : <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

[] a owl:AllDisjointClasses ; owl:members ( :Animal :Plant :Rock ) .
:Person owl:disjointWith :Place .
:Dog rdfs:subClassOf :Animal . :Person rdfs:subClassOf :Animal .
:livesIn rdfs:domain :Person ; rdfs:range :Place . :home owl:inverseOf :livesIn .

:rex a :Dog , :Plant .
:bob :livesIn :bob .
:moss a :Plant . :town :home :moss .
:fido a :Dog . :stone a :Rock ; :home :kim .
"""
EX = "http://example.org/"


def _toy() -> ox.Store:
    store = ox.Store()
    store.load(TOY.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    infer_store(store)
    return store


def _ex(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


def test_disjoint_classes_of_a_list_and_of_a_pair_are_found_in_the_whole_graph_as_owlrl_finds_them() -> None:
    store = _toy()
    asserted = [q.triple for q in store if q.graph_name != ox.NamedNode(INFERRED_GRAPH)]
    expected = {
        _key(_ex("bob"), _ex("Person"), _ex("Place")),
        _key(_ex("moss"), _ex("Animal"), _ex("Plant")),
        _key(_ex("rex"), _ex("Animal"), _ex("Plant")),
    }
    assert _owlrl_clashes(asserted) == expected
    assert {c.key for c in _disjointness(store).in_graph(store)} == expected


def test_a_contribution_is_blamed_only_for_the_clashes_it_brings() -> None:
    store = _toy()
    asserted = [q.triple for q in store if q.graph_name != ox.NamedNode(INFERRED_GRAPH)]
    added = {
        ox.Triple(_ex("fido"), RDF_TYPE, _ex("Rock")),  # a dog that is a rock
        ox.Triple(_ex("kim"), RDF_TYPE, _ex("Place")),  # a person (as the object of :home) that is a place
        ox.Triple(_ex("rex"), RDF_TYPE, _ex("Dog")),  # rex was a dog and a plant before
    }
    expected = {_key(_ex("fido"), _ex("Animal"), _ex("Rock")), _key(_ex("kim"), _ex("Person"), _ex("Place"))}
    assert _owlrl_clashes(asserted, added) - _owlrl_clashes(asserted) == expected
    clashes = _disjointness(store).in_contribution(store, added)
    assert {c.key for c in clashes} == expected
    kim = next(c for c in clashes if c.node == _ex("kim"))
    assert [(s.klass, s.statements, s.contributed) for s in kim.sides] == [
        (_ex("Place"), (ox.Triple(_ex("kim"), RDF_TYPE, _ex("Place")),), True),
        (_ex("Person"), (ox.Triple(_ex("stone"), _ex("home"), _ex("kim")),), False),
    ]

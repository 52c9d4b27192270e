"""The ontology is documented, aligned and well-formed."""

from __future__ import annotations

import rdflib
from rdflib import OWL, RDF, RDFS, Literal, URIRef

from cybergraph.core.resources import ROOT
from cybergraph.graph.build import BuiltGraph
from cybergraph.graph.rules import Schema
from cybergraph.validation.consistency import Disjointness
from cybergraph.validation.scope import axioms

CG = "https://w3id.org/cybergraph/def#"
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
ONTOLOGY = rdflib.Graph().parse(ROOT / "ontology" / "cybergraph.ttl")


def terms(kind: URIRef) -> list[URIRef]:
    return sorted(s for s in ONTOLOGY.subjects(RDF.type, kind) if str(s).startswith(CG))


def test_header_has_version_title_description_licence_creator_and_date() -> None:
    header = URIRef("https://w3id.org/cybergraph/def")
    assert (header, RDF.type, OWL.Ontology) in ONTOLOGY
    for prop in (OWL.versionIRI, DCT.title, DCT.description, DCT.license, DCT.creator, DCT.created):
        assert ONTOLOGY.value(header, prop) is not None, prop


def test_every_term_has_an_english_label_and_comment() -> None:
    missing = []
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in terms(kind):
            for prop in (RDFS.label, RDFS.comment):
                values = [
                    v for v in ONTOLOGY.objects(term, prop) if isinstance(v, Literal) and v.language == "en"
                ]
                if len(values) != 1:
                    missing.append((str(term), str(prop)))
    assert missing == []


def test_every_object_property_has_domain_and_range() -> None:
    lacking = [
        str(p)
        for p in terms(OWL.ObjectProperty)
        if ONTOLOGY.value(p, RDFS.domain) is None or ONTOLOGY.value(p, RDFS.range) is None
    ]
    assert lacking == []


def test_required_classes_and_relations_exist() -> None:
    classes = {str(c)[len(CG) :] for c in terms(OWL.Class)}
    assert {
        "Organization",
        "IntergovernmentalOrganization",
        "RegionalOrganization",
        "UNOrgan",
        "UNAgency",
        "UNCommission",
        "StandardsBody",
        "LawEnforcementBody",
        "CERT",
        "PrivateSectorBody",
        "AcademicInstitution",
        "PublicPrivatePartnership",
        "NonGovernmentalOrganization",
        "MultiStakeholderForum",
        "State",
        "LegalInstrument",
        "Convention",
        "Protocol",
        "Resolution",
        "Declaration",
        "Agreement",
        "Standard",
        "ITUTRecommendation",
        "Initiative",
        "Programme",
        "ActionPlan",
        "Event",
        "Exercise",
        "Conference",
        "Congress",
        "Meeting",
        "Publication",
        "Manual",
        "Report",
        "Survey",
        "Study",
    } <= classes
    properties = {str(p)[len(CG) :] for p in terms(OWL.ObjectProperty)}
    assert {
        "adopts",
        "adoptedBy",
        "supplements",
        "participatesIn",
        "memberOf",
        "hasMember",
        "subOrganizationOf",
        "partOf",
        "hasPart",
        "foundedBy",
        "establishes",
        "launches",
        "organizes",
        "hosts",
        "endorses",
        "develops",
        "approves",
        "reportsTo",
        "cooperatesWith",
        "concludesAgreementWith",
        "criminalizes",
        "addresses",
        "locatedIn",
    } <= properties


def test_inverses_and_transitivity() -> None:
    cg = rdflib.Namespace(CG)
    assert (cg.adopts, OWL.inverseOf, cg.adoptedBy) in ONTOLOGY
    assert (cg.memberOf, OWL.inverseOf, cg.hasMember) in ONTOLOGY
    assert (cg.partOf, OWL.inverseOf, cg.hasPart) in ONTOLOGY
    assert (cg.subOrganizationOf, RDF.type, OWL.TransitiveProperty) in ONTOLOGY
    assert (cg.partOf, RDF.type, OWL.TransitiveProperty) in ONTOLOGY


def test_aligned_with_standard_vocabularies() -> None:
    text = (ROOT / "ontology" / "cybergraph.ttl").read_text()
    for ns in (
        "http://www.w3.org/ns/org#",
        "http://www.w3.org/ns/prov#",
        "http://purl.org/dc/terms/",
        "http://www.w3.org/2004/02/skos/core#",
        "https://schema.org/",
    ):
        assert ns in text
    aligned = {
        str(o)
        for s, p, o in ONTOLOGY
        if p in (RDFS.subClassOf, RDFS.subPropertyOf) and str(s).startswith(CG) and not str(o).startswith(CG)
    }
    prefixes = {iri.split("#")[0].rsplit("/", 1)[0] for iri in aligned}
    assert len(prefixes) >= 5


def _disjoint() -> set[frozenset[URIRef]]:
    return {frozenset(pair) for pair in ONTOLOGY.subject_objects(OWL.disjointWith)}  # type: ignore[arg-type]


def test_disjoint_classes_are_declared_on_both_classes() -> None:
    # So that each class's block (and its reference page) lists every class it excludes.
    pairs = set(ONTOLOGY.subject_objects(OWL.disjointWith))
    assert pairs and sorted((str(o), str(s)) for s, o in pairs if (o, s) not in pairs) == []


def test_the_kinds_of_thing_exclude_one_another_but_where_one_thing_can_be_two() -> None:
    cg = rdflib.Namespace(CG)
    disjoint = _disjoint()
    kinds = [cg.Agent, cg.Concept, cg.Discrepancy, cg.Document, cg.Event, cg.Quantity, cg.SourceSection]
    assert all(frozenset((a, b)) in disjoint for i, a in enumerate(kinds) for b in kinds[i + 1 :])
    assert {frozenset((cg.Place, k)) for k in kinds if k != cg.Agent} <= disjoint
    assert frozenset((cg.State, cg.Organization)) in disjoint
    shared = [
        (cg.State, cg.Place),  # a state may be described as a place
        (cg.Agent, cg.Place),
        (cg.Initiative, cg.Document),  # a plan of action (cgid:vienna-declaration-plans-of-action)
        (cg.Initiative, cg.Organization),  # a partnership
        (cg.LawEnforcementBody, cg.GovernmentAgency),  # cgid:fbi
        (cg.LawEnforcementBody, cg.IntergovernmentalOrganization),  # cgid:interpol
        (cg.StandardsBody, cg.UNAgency),  # cgid:itu
    ]
    assert [pair for pair in shared if frozenset(pair) in disjoint] == []


def test_no_entity_of_the_data_is_of_two_disjoint_classes(project: BuiltGraph) -> None:
    store = project.store
    disjointness = Disjointness.of(axioms(store), Schema.read(store))
    assert disjointness.partners and disjointness.in_graph(store) == []

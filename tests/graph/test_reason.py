"""Inference: the closure is consistent, and users of the standard vocabularies can query in their terms."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib
from rdflib import Dataset

from cybergraph.graph.load import load_asserted, union
from cybergraph.graph.reason import closure, infer, keep
from tests.conftest import select


def test_the_project_graph_is_consistent_under_the_ontology() -> None:
    result = infer(load_asserted())
    assert result.errors == []
    assert len(result.triples) > 1000


def test_an_inconsistency_is_reported_not_raised() -> None:
    graph = rdflib.Graph().parse(
        data="""@prefix owl: <http://www.w3.org/2002/07/owl#> .
        <http://e/a> a owl:Nothing .""",
        format="turtle",
    )
    result = closure(graph)
    assert result.errors, "owlrl should report membership of owl:Nothing"


def test_bookkeeping_entailments_are_dropped() -> None:
    owl, rdf, rdfs = rdflib.OWL, rdflib.RDF, rdflib.RDFS
    a = rdflib.URIRef("https://w3id.org/cybergraph/id/a")
    assert not keep((a, owl.sameAs, a))
    assert not keep((a, rdf.type, owl.Thing))
    assert not keep(
        (
            rdflib.URIRef("https://w3id.org/cybergraph/def#State"),
            rdfs.subClassOf,
            rdflib.URIRef("https://w3id.org/cybergraph/def#State"),
        )
    )
    assert keep((a, rdf.type, rdflib.URIRef("http://www.w3.org/ns/org#Organization")))


def test_inverse_transitive_and_subproperty_entailments(store: ox.Store) -> None:
    # SG17 is stated to be part of ITU-T, which is part of ITU, which is part of the UN.
    chain = select(store, "SELECT DISTINCT ?x WHERE { cgid:itu-t-sg17 cg:subOrganizationOf ?x } ORDER BY ?x")
    assert {("https://w3id.org/cybergraph/id/itu-t",), ("https://w3id.org/cybergraph/id/itu",)} <= set(chain)
    rows = select(store, "SELECT DISTINCT ?x WHERE { cgid:itu cg:hasSubOrganization ?x } ORDER BY ?x")
    assert ("https://w3id.org/cybergraph/id/itu-t-sg17",) in rows
    members = select(store, "SELECT DISTINCT ?o WHERE { cgid:china cg:memberOf ?o } ORDER BY ?o")
    assert ("https://w3id.org/cybergraph/id/sco",) in members  # stated as sco cg:hasMember china
    protocol = select(
        store, "SELECT DISTINCT ?p WHERE { cgid:convention-on-cybercrime cg:supplementedBy ?p }"
    )
    assert protocol == [("https://w3id.org/cybergraph/id/additional-protocol-racism-xenophobia",)]


def test_standard_vocabularies_see_the_data_in_their_own_terms(store: ox.Store) -> None:
    def ask(query: str) -> bool:
        return bool(
            store.query(
                "PREFIX org: <http://www.w3.org/ns/org#> PREFIX prov: <http://www.w3.org/ns/prov#> "
                "PREFIX schema: <https://schema.org/> PREFIX dcterms: <http://purl.org/dc/terms/> "
                "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                "PREFIX foaf: <http://xmlns.com/foaf/0.1/> "
                "PREFIX cgid: <https://w3id.org/cybergraph/id/> " + query
            )
        )

    assert ask("ASK { cgid:itu a org:Organization , prov:Organization , schema:Organization , foaf:Agent }")
    assert ask(
        "ASK { cgid:itu-t-sg17 org:subOrganizationOf cgid:itu-t ; org:transitiveSubOrganizationOf cgid:itu }"
    )
    assert ask("ASK { cgid:cyber-storm-ii a schema:Event , prov:Activity }")
    assert ask("ASK { cgid:itu-gsr-ch5-sec-5-3-3-1 dcterms:isPartOf cgid:itu-gsr-ch5 }")
    assert ask("ASK { cgid:a-res-57-239 prov:wasAttributedTo cgid:un-general-assembly ; dcterms:date ?d }")
    assert ask("ASK { cgid:offence-illegal-access a skos:Concept }")
    assert ask("ASK { cgid:china skos:exactMatch ?wikidata }")


def test_union_of_the_built_dataset_holds_every_graph(built: Dataset) -> None:
    assert len(union(built)) == len({t for g in built.graphs() for t in g})

"""`describe()`: what the sources say about an entity, as (property, value, sections) rows of plain values."""

from __future__ import annotations

import datetime

import pyoxigraph as ox
import pytest

import cybergraph
from cybergraph.core.errors import UsageError
from cybergraph.query import facts as facts_module
from cybergraph.query.facts import Fact, describe, facts_of
from cybergraph.query.results import Triples, python_value
from cybergraph.query.run import run_query
from cybergraph.rdf.terms import Term, curie

ID = "https://w3id.org/cybergraph/id/"
CG = "https://w3id.org/cybergraph/def#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"


def test_cert_eu_row_by_row(store: ox.Store) -> None:
    section = ("cgid:ewi-2012-para-cert-eu",)
    assert describe("cert-eu", store=store) == [
        Fact("cg:addresses", ID + "topic-critical-information-infrastructure", section),
        Fact("cg:addresses", ID + "topic-incident-response", section),
        Fact("cg:subOrganizationOf", ID + "european-union", section),
        Fact(
            "dcterms:description",
            "Computer emergency response team of the European Union, in a pre-configuration phase in 2012,"
            " charged with answering cyber attacks on EU information systems.",
            section,
        ),
        Fact("rdf:type", CG + "CERT", section),
        Fact("rdfs:label", "CERT-EU", section),
        Fact("skos:altLabel", "Computer Emergency Response Pre-configuration Team", section),
    ]


def test_the_rows_hold_exactly_the_statements_of_the_stored_query(store: ox.Store) -> None:
    """Nothing lost or added: every (fact, section) statement of `cybergraph query describe` is one
    section of one row, with the entity on either side; and each fact is one row."""
    entity = ox.NamedNode(ID + "convention-on-cybercrime")
    graph = run_query("describe", params={"entity": entity}, store=store)
    assert isinstance(graph, Triples)
    parts: dict[ox.BlankNode, dict[str, Term]] = {}
    for t in graph.triples:
        if isinstance(t.subject, ox.BlankNode):
            parts.setdefault(t.subject, {})[t.predicate.value] = t.object
    expected = set()
    for part in parts.values():
        inverse = part[RDF + "subject"] != entity
        name = curie(part[RDF + "predicate"].value) or part[RDF + "predicate"].value
        other = part[RDF + "subject"] if inverse else part[RDF + "object"]
        section = curie(part[PROV + "wasDerivedFrom"].value)
        expected.add(("^" * inverse + name, python_value(other), section))
    rows = describe(entity, store=store)
    assert {(f.property, f.value, s) for f in rows for s in f.sections} == expected
    assert len(rows) == len({(f.property, f.value) for f in rows})
    assert len(expected) > 30


def test_a_fact_stated_twice_is_one_row_with_both_sections_and_typed_values(store: ox.Store) -> None:
    rows = describe("convention-on-cybercrime", store=store)
    assert [f for f in rows if f.property == "cg:entryIntoForceDate"] == [
        Fact(
            "cg:entryIntoForceDate",
            datetime.date(2004, 7, 1),
            ("cgid:coe-treaty-office-ets-185", "cgid:itu-gsr-ch5-sec-5-3-3-1"),
        )
    ]
    # the entity's own facts first, then those pointing at it, each part sorted
    inverse = [f.property.startswith("^") for f in rows]
    assert inverse == sorted(inverse) and inverse[-1]
    assert rows[-1] == Fact(
        "^cg:supplements",
        ID + "additional-protocol-racism-xenophobia",
        ("cgid:coe-treaty-office-ets-189", "cgid:itu-gsr-ch5-sec-5-3-3-1"),
    )


def _statement(label: str, s: str, p: str, o: ox.NamedNode | ox.Literal, section: str) -> list[ox.Triple]:
    node = ox.BlankNode(label)
    return [
        ox.Triple(node, ox.NamedNode(RDF + "type"), ox.NamedNode(RDF + "Statement")),
        ox.Triple(node, ox.NamedNode(RDF + "subject"), ox.NamedNode(s)),
        ox.Triple(node, ox.NamedNode(RDF + "predicate"), ox.NamedNode(p)),
        ox.Triple(node, ox.NamedNode(RDF + "object"), o),
        ox.Triple(node, ox.NamedNode(PROV + "wasDerivedFrom"), ox.NamedNode(ID + section)),
    ]


def test_folding_statements_by_hand() -> None:
    x, other = ID + "x", ID + "other"
    year = ox.Literal("2006", datatype=ox.NamedNode(XSD + "gYear"))
    graph = Triples(
        (
            *_statement("a", x, CG + "foundingDate", year, "s2"),
            *_statement("b", x, CG + "foundingDate", year, "s1"),
            *_statement("c", other, CG + "memberOf", ox.NamedNode(x), "s1"),
            *_statement("d", other, CG + "memberOf", ox.NamedNode(ID + "unrelated"), "s1"),
            *_statement(
                "e", x, "https://example.org/p", ox.Literal("7", datatype=ox.NamedNode(XSD + "integer")), "s1"
            ),
            ox.Triple(ox.NamedNode(x), ox.NamedNode(CG + "foundingDate"), year),  # the fact itself: not a row
        )
    )
    assert facts_of(graph, ox.NamedNode(x)) == [
        Fact("cg:foundingDate", "2006", ("cgid:s1", "cgid:s2")),
        Fact("https://example.org/p", 7, ("cgid:s1",)),
        Fact("^cg:memberOf", other, ("cgid:s1",)),
    ]


def test_an_unknown_entity_is_a_usage_error(store: ox.Store) -> None:
    with pytest.raises(UsageError, match="no entity has the slug, label or IRI 'no-such-entity'"):
        describe("no-such-entity", store=store)


def test_exported_by_the_package() -> None:
    assert {"describe", "Fact"} <= set(cybergraph.__all__)
    assert cybergraph.describe is facts_module.describe and cybergraph.Fact is Fact

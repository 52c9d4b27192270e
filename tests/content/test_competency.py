"""Competency questions: the stored queries give exactly the answers the sources support."""

from __future__ import annotations

import pyoxigraph as ox

from cybergraph.query.results import Solutions, Triples
from cybergraph.query.run import run_query

ID = "https://w3id.org/cybergraph/id/"


def ask(store: ox.Store, name: str, **params: str) -> list[tuple[str | None, ...]]:
    """Run the stored query `name` on the embedded store, its parameters bound as RDF terms."""
    result = run_query(name, params=params, store=store)
    assert isinstance(result, Solutions)
    return [tuple(None if term is None else term.value for term in row) for row in result.rows]


def test_resolutions_on_the_global_culture_of_cybersecurity(store: ox.Store) -> None:
    assert ask(store, "culture-of-cybersecurity-resolutions") == [
        (
            "A/RES/57/239",
            "2002-12-20",
            "UN General Assembly resolution 57/239",
            "United Nations General Assembly",
            "ITU GSR 2008, ch. 5 5.5.1",
        ),
        (
            "A/RES/58/199",
            "2003-12-23",
            "UN General Assembly resolution 58/199",
            "United Nations General Assembly",
            "ITU GSR 2008, ch. 5 5.5.1",
        ),
    ]


def test_what_supplements_the_convention_on_cybercrime(store: ox.Store) -> None:
    protocol = "Additional Protocol to the Convention on Cybercrime on racist and xenophobic acts"
    assert ask(store, "supplements", instrument="convention-on-cybercrime") == [
        ("supplements", protocol, "protocol", "2003-01-28", "2006-03-01", "CoE Treaty Office treaty No. 189"),
        ("supplements", protocol, "protocol", "2003-01-28", "2006-03-01", "ITU GSR 2008, ch. 5 5.3.3.1"),
    ]


def test_what_the_convention_on_cybercrime_criminalises(store: ox.Store) -> None:
    assert ask(store, "criminalises", instrument="convention-on-cybercrime") == [
        ("offence", "child pornography"),
        ("offence", "computer-related fraud"),
        ("offence", "copyright infringement"),
        ("offence", "violations of network security"),
        ("procedural power", "interception of content data"),
        ("procedural power", "mutual legal assistance"),
        ("procedural power", "search and seizure of stored computer data"),
    ]


def test_regional_organisations_named_by_the_ewi_commentary(store: ox.Store) -> None:
    """ENISA is an agency of the EU, not a regional organisation of its own: its paragraph names the EU."""
    assert ask(store, "regional-organisations", source="ewi-2012") == [
        ("Asia-Pacific Economic Cooperation", "APEC", "APEC paragraph"),
        ("European Union", "EU", "CERT-EU paragraph"),
        ("European Union", "EU", "ENISA paragraph"),
    ]


def test_states_apec_is_said_to_include(store: ox.Store) -> None:
    rows = ask(store, "members", organisation="apec")
    assert [(member, kind) for member, kind, _ in rows] == [
        (name, "state")
        for name in ["Australia", "Canada", "China", "Japan", "Mexico", "Russia", "Taiwan", "United States"]
    ]
    assert {cite for _, _, cite in rows} == {"EWI 2012 APEC paragraph"}


def test_who_participated_in_cyber_storm_ii(store: ox.Store) -> None:
    assert ask(store, "participants", activity="cyber-storm-ii") == [
        ("Australia", "state", "ITU GSR 2008, ch. 5 5.11"),
        ("Canada", "state", "ITU GSR 2008, ch. 5 5.11"),
        ("New Zealand", "state", "ITU GSR 2008, ch. 5 5.11"),
        ("United Kingdom", "state", "ITU GSR 2008, ch. 5 5.11"),
        ("United States", "state", "ITU GSR 2008, ch. 5 5.11"),
        ("United States Department of Defense", "government agency", "ITU GSR 2008, ch. 5 5.11"),
        ("United States Department of Justice", "government agency", "ITU GSR 2008, ch. 5 5.11"),
        (
            "private-sector participants in Cyber Storm II",
            "private-sector or industry body",
            "ITU GSR 2008, ch. 5 5.11",
        ),
    ]


def test_foreign_states_that_took_part_in_cyber_storm_ii(store: ox.Store) -> None:
    """The host, DHS's National Cyber Security Division, is part of the United States (through DHS), so the
    United States and its departments are not foreign; the four other national governments are."""
    host = "United States"
    assert ask(store, "foreign-participants", activity="cyber-storm-ii") == [
        ("Australia", "Australia", host, "ITU GSR 2008, ch. 5 5.11"),
        ("Canada", "Canada", host, "ITU GSR 2008, ch. 5 5.11"),
        ("New Zealand", "New Zealand", host, "ITU GSR 2008, ch. 5 5.11"),
        ("United Kingdom", "United Kingdom", host, "ITU GSR 2008, ch. 5 5.11"),
    ]


def test_bodies_that_are_part_of_itu_at_any_depth(store: ox.Store) -> None:
    rows = store.query(
        "PREFIX cg: <https://w3id.org/cybergraph/def#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT DISTINCT ?label WHERE { ?x cg:subOrganizationOf <"
        + ID
        + "itu> ; rdfs:label ?label } ORDER BY ?label"
    )
    assert [r[0].value for r in rows] == [  # type: ignore[index,union-attr]
        "ITU Telecommunication Development Sector",
        "ITU Telecommunication Standardization Sector",
        "ITU-T Focus Group on Identity Management",
        "ITU-T Study Group 17",
        "Secretary-General of the ITU",
    ]


def test_instruments_and_events_between_2000_and_2005_in_order(store: ox.Store) -> None:
    result = run_query("timeline", params={"from": "2000", "to": "2005"}, store=store)
    assert isinstance(result, Solutions)
    seen: list[tuple[str, str]] = []
    for row in result.rows:
        key = (row[0].value, row[2].value.rsplit("/", 1)[1])  # type: ignore[union-attr]
        if key not in seen:
            seen.append(key)
    assert seen == [
        ("2000-03-15", "cnd-res-43-8"),
        ("2000-11-15", "a-res-55-25"),
        ("2000-11-15", "untoc"),
        ("2000-11-20", "a-res-55-28"),
        ("2000-12-04", "a-res-55-59"),
        ("2000-12-04", "a-res-55-63"),
        ("2001", "sco"),
        ("2001-11-23", "convention-on-cybercrime"),
        ("2001-11-29", "a-res-56-19"),
        ("2001-12-19", "a-res-56-121"),
        ("2002", "shanghai-declaration-program-of-action"),
        ("2002-01-31", "a-res-56-261"),
        ("2002-11-22", "a-res-57-53"),
        ("2002-12-20", "a-res-57-239"),
        ("2003-01-28", "additional-protocol-racism-xenophobia"),
        ("2003-01-31", "a-res-57-239"),
        ("2003-12-18", "a-res-58-32"),
        ("2003-12-23", "a-res-58-199"),
        ("2004", "digital-phishnet"),
        ("2004-01-30", "a-res-58-199"),
        ("2004-07-01", "convention-on-cybercrime"),
        ("2004-07-21", "e-res-2004-26"),
        ("2004-10-11", "london-spam-enforcement-meeting-2004"),
        ("2005", "incb-2005-internet-recommendations"),
        ("2005-04", "eleventh-un-crime-congress"),
        ("2005-04-22", "bangkok-workshop-2005"),
        ("2005-12-16", "a-res-60-177"),
        ("2005-12-16", "a-res-60-178"),
    ]


def test_what_the_sources_say_about_impact_and_where(store: ox.Store) -> None:
    result = run_query("describe", params={"entity": "impact"}, store=store)
    assert isinstance(result, Triples)
    derived = "http://www.w3.org/ns/prov#wasDerivedFrom"
    sections = {t.object.value for t in result.triples if t.predicate.value == derived}
    assert sections == {ID + "itu-gsr-ch5-sec-5-8-3"}
    facts = {(t.subject.value, t.predicate.value, t.object.value) for t in result.triples}
    cg = "https://w3id.org/cybergraph/def#"
    assert (ID + "impact", cg + "announcementDate", "2006-05") in facts
    assert (ID + "malaysia", cg + "announces", ID + "impact") in facts
    assert (ID + "impact", cg + "establishedBy", ID + "malaysia") in facts

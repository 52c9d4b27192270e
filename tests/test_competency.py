"""Competency questions: the stored queries give exactly the answers the sources support."""

from __future__ import annotations

import pyoxigraph as ox
from cybergraph.engine import run_query
from cybergraph.resources import ROOT
from cybergraph.results import Solutions

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
    assert ask(store, "supplements", instrument="convention-on-cybercrime") == [
        (
            "supplements",
            "Additional Protocol to the Convention on Cybercrime on racist and xenophobic acts",
            "protocol",
            "2003-01-28",
            "2006-03-01",
            "ITU GSR 2008, ch. 5 5.3.3.1",
        ),
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
    assert ask(store, "regional-organisations", source="ewi-2012") == [
        ("Asia-Pacific Economic Cooperation", "APEC", "APEC paragraph"),
        ("European Network and Information Security Agency", "ENISA", "ENISA paragraph"),
        ("European Union", "EU", "CERT-EU paragraph"),
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
    ]


def test_bodies_that_are_part_of_itu_at_any_depth(store: ox.Store) -> None:
    rows = store.query(
        "PREFIX cg: <https://w3id.org/cybergraph/def#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT DISTINCT ?label WHERE { ?x cg:subOrganizationOf <"
        + ID
        + "itu> ; rdfs:label ?label } ORDER BY ?label",
        use_default_graph_as_union=True,
    )
    assert [r[0].value for r in rows] == [  # type: ignore[index,union-attr]
        "ITU Telecommunication Development Sector",
        "ITU Telecommunication Standardization Sector",
        "ITU-T Focus Group on Identity Management",
        "ITU-T Study Group 17",
        "Secretary-General of the ITU",
    ]

"""The content is held to account: entities labelled, typed and sourced; identifiers from reference data."""

from __future__ import annotations

import csv
import re

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from cybergraph.core.resources import ROOT
from cybergraph.graph.derived import DERIVED_GRAPH
from cybergraph.graph.load import INFERRED_GRAPH, ONTOLOGY_GRAPH
from cybergraph.rdf.terms import GRAPHS, PREFIXES, TERMS
from tests.conftest import SHARED, select

# rdflib namespaces: these tests read the graph as an rdflib user would.
CG = Namespace(TERMS)
GRAPH = Namespace(GRAPHS)
WD = Namespace(PREFIXES["wd"])

ID = "https://w3id.org/cybergraph/id/"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def source_graphs(built: Dataset) -> list[Graph]:
    return [g for g in built.graphs() if str(g.identifier).startswith(ID)]


def entities(built: Dataset) -> set[URIRef]:
    """Everything the sources describe: typed subjects of the source-section graphs."""
    out = set()
    for g in source_graphs(built):
        out.update(s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(ID))
    return out


def test_there_are_well_over_a_hundred_entities(built: Dataset) -> None:
    assert len(entities(built)) > 150


def test_every_entity_has_one_english_label_a_cybergraph_type_and_a_source(built: Dataset) -> None:
    ontology = built.graph(ONTOLOGY_GRAPH)
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    sourced = {s for g in source_graphs(built) for s in g.subjects()}
    problems = []
    for entity in sorted(entities(built)):
        labels = [v for v in built.objects(entity, RDFS.label) if isinstance(v, Literal)]
        if len([v for v in labels if v.language == "en"]) != 1:
            problems.append((str(entity), "needs exactly one English label", labels))
        if not set(built.objects(entity, RDF.type)) & classes:
            problems.append((str(entity), "has no type from the ontology", None))
        if entity not in sourced:
            problems.append((str(entity), "is stated by no source section", None))
    assert problems == []


def test_no_reference_is_dangling(built: Dataset) -> None:
    described = set(built.subjects(RDF.type, None))
    dangling = sorted(
        {
            str(o)
            for s, p, o in built.triples((None, None, None))
            if isinstance(o, URIRef) and str(o).startswith(ID) and o not in described
        }
    )
    assert dangling == []


def test_most_facts_carry_a_source(store: ox.Store) -> None:
    [(sourced, total)] = select(
        store,
        f"""SELECT (SUM(IF(STRSTARTS(STR(?g), "{ID}"), 1, 0)) AS ?sourced) (COUNT(*) AS ?total) WHERE {{
              GRAPH ?g {{ ?s ?p ?o }}
              FILTER(?g NOT IN (<{ONTOLOGY_GRAPH}>, <{INFERRED_GRAPH}>, <{DERIVED_GRAPH}>)) }}""",
    )
    # (graph:derived is the build's, computed from the others.)
    # The rest is the source catalogue and the curation notes, which describe the sources themselves.
    catalogue = select(
        store,
        f"""SELECT (COUNT(*) AS ?n) WHERE {{
              GRAPH ?g {{ ?s ?p ?o }} FILTER(?g IN (<{GRAPH.sources}>, <{GRAPH.discrepancies}>)) }}""",
    )[0][0]
    assert int(sourced) + int(catalogue) == int(total)


def test_state_codes_and_wikidata_equal_the_reference_data(built: Dataset) -> None:
    with (SHARED / "reference" / "country-codes.csv").open(encoding="utf-8") as handle:
        rows = {row["ISO3166-1-Alpha-2"]: row for row in csv.DictReader(handle)}
    states = sorted(built.subjects(RDF.type, CG.State))
    assert len(states) >= 20
    for state in states:
        alpha2 = str(built.value(state, CG.iso3166Alpha2))
        row = rows[alpha2]
        assert str(built.value(state, CG.iso3166Alpha3)) == row["ISO3166-1-Alpha-3"], state
        assert str(built.value(state, CG.iso3166Numeric)) == row["ISO3166-1-numeric"].zfill(3), state
        qid = row["wikidata_id"].rsplit("/", 1)[-1]
        assert set(built.objects(state, CG.wikidata)) == {WD[qid]}, state


def test_taiwan_is_labelled_as_the_source_does_with_its_iso_code(built: Dataset) -> None:
    taiwan = URIRef(ID + "taiwan")
    assert str(built.value(taiwan, RDFS.label)) == "Taiwan"
    assert str(built.value(taiwan, CG.iso3166Alpha2)) == "TW"


def test_organisation_wikidata_links_come_only_from_the_reference_list(built: Dataset) -> None:
    with (SHARED / "reference" / "org-wikidata-ids.csv").open(encoding="utf-8") as handle:
        reference = {row["wikidata_qid"]: row["status"] for row in csv.DictReader(handle)}
    country = (SHARED / "reference" / "country-codes.csv").read_text(encoding="utf-8")
    # The named graphs but graph:inferred (the default graph repeats them all, inferred triples included).
    asserted = [g for g in built.graphs() if g.identifier not in (INFERRED_GRAPH, DATASET_DEFAULT_GRAPH_ID)]
    for s, p, o in (t for g in asserted for t in g):
        if not str(o).startswith(str(WD)):
            continue
        qid = str(o)[len(str(WD)) :]
        if (s, RDF.type, CG.State) in built:
            assert f"/{qid}\n" in country or f"/{qid}\r" in country or country.rstrip().endswith(qid), (
                s,
                qid,
            )
            continue
        assert qid in reference, f"{s} links {qid}, which is not in the reference list"
        expected = CG.wikidata if reference[qid] == "verified" else URIRef(SKOS + "closeMatch")
        assert p == expected, (s, p, qid)
    assert not list(built.triples((None, OWL.sameAs, None)))


def _grams(text: str, n: int = 10) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_no_sentence_is_copied_from_the_sources() -> None:
    sources = set()
    for path in (SHARED / "sources").glob("*.txt"):
        sources |= _grams(path.read_text(encoding="utf-8", errors="ignore"))
    copied = {}
    suffixes = {".ttl", ".md", ".rq", ".py", ".html", ".jsonld", ".trig", ".txt"}
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT)
        if not path.is_file() or path.suffix not in suffixes or any(p.startswith(".") for p in rel.parts):
            continue
        if rel.parts[0] in {"bench"} and len(rel.parts) > 1 and rel.parts[1] == "data":
            continue
        hits = _grams(path.read_text(encoding="utf-8", errors="ignore")) & sources
        if hits:
            copied[str(rel)] = sorted(hits)[:3]
    assert copied == {}, "rewrite these in your own words"


@pytest.mark.parametrize(
    ("resolution", "adopted", "issued"),
    [("a-res-57-239", "2002-12-20", "2003-01-31"), ("a-res-58-199", "2003-12-23", "2004-01-30")],
)
def test_culture_resolutions_keep_adoption_and_issue_dates_apart(
    built: Dataset, resolution: str, adopted: str, issued: str
) -> None:
    subject = URIRef(ID + resolution)
    assert [str(d) for d in built.objects(subject, CG.adoptionDate)] == [adopted]
    assert [str(d) for d in built.objects(subject, CG.issueDate)] == [issued]


def test_dates_keep_the_precision_of_the_source(store: ox.Store) -> None:
    rows = select(
        store,
        """SELECT ?p (DATATYPE(?d) AS ?t) WHERE { ?p rdfs:subPropertyOf* cg:date . ?x ?p ?d }""",
    )
    allowed = {
        "http://www.w3.org/2001/XMLSchema#date",
        "http://www.w3.org/2001/XMLSchema#gYearMonth",
        "http://www.w3.org/2001/XMLSchema#gYear",
    }
    assert {t for _, t in rows} <= allowed
    assert {t for _, t in rows} == allowed  # the sources give all three precisions


# ----------------------------------------------------------------------------- corrections (issue 11, part 5)
# Each pins what the source states where the data once said more or otherwise; the section is the named graph.


def test_us_agencies_are_part_of_the_united_states(store: ox.Store) -> None:
    """Stated in the sections that name them (5.8.1, 5.11); the NCSD, a division of DHS, by inference."""
    rows = select(
        store,
        """SELECT ?agency ?graph WHERE { GRAPH ?graph { ?agency cg:partOf cgid:united-states } }
           ORDER BY ?agency ?graph""",
    )
    assert [(a.rsplit("/", 1)[1], g.rsplit("/", 1)[1]) for a, g in rows] == [
        ("fbi", "itu-gsr-ch5-sec-5-8-1"),
        ("us-dhs", "itu-gsr-ch5-sec-5-11"),
        ("us-dod", "itu-gsr-ch5-sec-5-11"),
        ("us-doj", "itu-gsr-ch5-sec-5-11"),
        ("us-ftc", "itu-gsr-ch5-sec-5-8-1"),
        ("us-ncsd", "inferred"),
        ("us-postal-inspection-service", "itu-gsr-ch5-sec-5-8-1"),
        ("us-secret-service", "itu-gsr-ch5-sec-5-8-1"),
    ]


def test_enisa_and_europol_are_agencies_of_the_eu_not_regional_organisations(store: ox.Store) -> None:
    rows = select(
        store,
        """SELECT ?body ?section WHERE {
             VALUES ?body { cgid:enisa cgid:europol }
             GRAPH ?section { ?body cg:subOrganizationOf cgid:european-union } } ORDER BY ?body""",
    )
    assert [(b.rsplit("/", 1)[1], s.rsplit("/", 1)[1]) for b, s in rows] == [
        ("enisa", "ewi-2012-para-enisa"),
        ("europol", "itu-gsr-ch5-sec-5-3-2"),
    ]
    typed = select(
        store,
        """SELECT ?body WHERE { VALUES ?body { cgid:enisa cgid:europol }
             ?body a cg:IntergovernmentalOrganization }""",
    )
    assert typed == []


def test_impact_is_not_prompted_by_the_later_attacks_on_estonia(store: ox.Store) -> None:
    """Announced in May 2006 (5.8.3); the attacks of May 2007 (5.8.4) are an example, not the cause."""
    assert select(store, "SELECT ?cause WHERE { cgid:impact cg:promptedBy ?cause }") == []
    assert select(store, "SELECT ?d WHERE { cgid:impact cg:announcementDate ?d }") == [("2006-05",)]
    assert select(store, "SELECT ?t WHERE { cgid:impact cg:addresses ?t } ORDER BY ?t")[0] == (
        ID + "threat-cyber-terrorism",
    )


def test_impacts_cooperation_with_interpol_the_eu_and_itu_is_a_plan(store: ox.Store) -> None:
    """Section 5.8.3 says IMPACT *will* work with them, through a planned centre: no tie of IMPACT itself."""
    assert (
        select(
            store,
            "SELECT ?o WHERE { { cgid:impact cg:cooperatesWith ?o } UNION"
            " { ?o cg:cooperatesWith cgid:impact } }",
        )
        == []
    )
    rows = select(
        store,
        """SELECT ?partner ?status WHERE {
             GRAPH cgid:itu-gsr-ch5-sec-5-8-3 {
               cgid:impact-centre-for-policy cg:cooperatesWith ?partner ; cg:status ?status ;
                 cg:subOrganizationOf cgid:impact } } ORDER BY ?partner""",
    )
    assert [(p.rsplit("/", 1)[1], s.rsplit("/", 1)[1]) for p, s in rows] == [
        ("european-union", "status-planned"),
        ("interpol", "status-planned"),
        ("itu", "status-planned"),
    ]


def test_cyber_storm_ii_private_sector_participation_is_what_the_councils_coordinated(
    store: ox.Store,
) -> None:
    """Section 5.11: private-sector participation was coordinated through them, not the exercise."""
    assert select(store, "SELECT ?by WHERE { cgid:cyber-storm-ii cg:coordinatedBy ?by }") == []
    rows = select(
        store,
        """SELECT ?by WHERE { GRAPH cgid:itu-gsr-ch5-sec-5-11 {
             cgid:cyber-storm-ii cg:hasParticipant ?group .
             ?group a cg:PrivateSectorBody ; cg:coordinatedBy ?by }
           } ORDER BY ?by""",
    )
    assert [r[0].rsplit("/", 1)[1] for r in rows] == [
        "government-coordinating-councils",
        "isacs",
        "sector-coordinating-councils",
    ]

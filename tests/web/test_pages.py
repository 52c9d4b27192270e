"""The pages' content for known entities and questions: exact HTML a reader relies on."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from markupsafe import Markup

from cybergraph.core.errors import CybergraphError, InputError
from cybergraph.query.catalogue import find, parse
from cybergraph.query.results import Solutions
from cybergraph.query.run import prepare
from cybergraph.rdf.terms import XSD
from cybergraph.web.pages import Pages
from cybergraph.web.views import span


def html(pages: Pages, path: str, **params: str) -> str:
    page = pages.render(path, params)
    assert page is not None and page.status == 200, path
    assert not page.truncated
    return page.html


def test_an_entity_page_shows_an_incoming_statement_with_its_source_section(pages: Pages) -> None:
    page = html(pages, "/id/australia")
    assert (
        '<tr><td><a href="/cg/id/apec">Asia-Pacific Economic Cooperation</a></td>'
        '<td><a href="/cg/def#hasMember">has member</a></td>'
        '<td><a class="cite" href="/cg/id/ewi-2012-para-apec">EWI 2012 APEC paragraph</a></td></tr>'
    ) in page
    # The inverse the reasoner adds is there too, marked as inferred, without a source.
    assert (
        '<tr class="inferred"><td><a href="/cg/id/apec">Asia-Pacific Economic Cooperation</a></td>'
        '<td><a href="http://www.w3.org/ns/org#hasMember" rel="external">org:hasMember</a></td>'
        '<td><span class="inferred" title="graph:inferred">inferred</span></td></tr>'
    ) in page


def test_an_entity_page_has_its_outgoing_statements_identifiers_alternates_and_json_ld(pages: Pages) -> None:
    page = html(pages, "/id/apec")
    assert "<h1>Asia-Pacific Economic Cooperation</h1>" in page
    assert '<p class="types"><a href="/cg/class/RegionalOrganization">regional organisation</a></p>' in page
    assert '<p class="alt">Also: APEC</p>' in page
    assert (
        '<tr><td><a href="/cg/def#hasMember">has member</a></td><td><a href="/cg/id/russia">Russia</a></td>'
        '<td><a class="cite" href="/cg/id/ewi-2012-para-apec">EWI 2012 APEC paragraph</a></td></tr>'
    ) in page
    for suffix, media in (
        (".ttl", "text/turtle"),
        (".jsonld", "application/ld+json"),
        (".rdf", "application/rdf+xml"),
    ):
        assert f'<link rel="alternate" type="{media}" href="/cg/id/apec{suffix}">' in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@context"] == "https://w3id.org/cybergraph/context.jsonld"
    graphs = {g["@id"]: g["@graph"] for g in data["@graph"] if "@graph" in g}
    assert "cgid:ewi-2012-para-apec" in graphs
    assert any(n.get("@id") == "cgid:apec" for n in graphs["cgid:ewi-2012-para-apec"])
    russia = html(pages, "/id/russia")
    assert (
        'ISO 3166-1 alpha-2 code: <a href="https://www.iso.org/obp/ui/#iso:code:3166:RU"'
        ' rel="external">RU</a>'
    ) in russia
    assert 'href="http://www.wikidata.org/entity/Q159" rel="external">' in russia


def test_profiles_of_an_instrument_a_state_and_an_organisation(pages: Pages) -> None:
    convention = html(pages, "/id/convention-on-cybercrime")
    assert "<h2>Profile of the instrument</h2>" in convention
    assert (
        '<h3>Supplemented by</h3>\n<ul><li><a href="/cg/id/additional-protocol-racism-xenophobia">Additional'
        " Protocol to the Convention on Cybercrime on racist and xenophobic acts</a>"
        ' <span class="rel">supplements</span> Convention on Cybercrime'
        ' <a class="cite" href="/cg/id/coe-treaty-office-ets-189">CoE Treaty Office treaty No. 189</a>'
        ' <a class="cite" href="/cg/id/itu-gsr-ch5-sec-5-3-3-1">ITU GSR 2008, ch. 5 5.3.3.1</a></li></ul>'
    ) in convention
    russia = html(pages, "/id/russia")
    assert "<h2>Profile of the state</h2>" in russia
    assert (
        '<h3>Memberships</h3>\n<ul><li><a href="/cg/id/apec">Asia-Pacific Economic Cooperation</a>'
        ' <span class="rel">has member</span> Russia'
    ) in russia
    apec = html(pages, "/id/apec")
    assert "<h2>Profile of the organisation</h2>" in apec
    assert (
        '<h3>Instruments adopted</h3>\n<ul><li><a href="/cg/id/bogor-goals">Bogor Goals</a>'
        ' <span class="rel">adopted by</span> Asia-Pacific Economic Cooperation'
    ) in apec


def test_discrepancies_concerning_an_entity(pages: Pages) -> None:
    page = html(pages, "/id/a-res-57-239")
    assert (
        '<h3><a href="/cg/id/discrepancy-a-res-57-239-date">Two dates given for GA resolution 57/239</a></h3>'
    ) in page
    assert '<p>Stated in: <a class="cite" href="/cg/id/itu-gsr-ch5-sec-5-3-3-3">' in page


def test_a_section_page_shows_what_the_section_states(pages: Pages) -> None:
    page = html(pages, "/id/ewi-2012-para-apec")
    assert "<h2>What this section states</h2>" in page
    assert (
        '<tr><td><a href="/cg/id/apec">Asia-Pacific Economic Cooperation</a></td>'
        '<td><a href="/cg/def#hasMember">has member</a></td>'
        '<td><a href="/cg/id/australia">Australia</a></td></tr>'
    ) in page
    document = html(pages, "/id/ewi-2012")
    assert "<h2>What the sections of this document state</h2>" in document
    assert '<a href="/cg/id/ewi-2012-para-apec">EWI 2012 APEC paragraph</a>' in document


def test_class_ontology_and_catalogue_pages(pages: Pages) -> None:
    states = html(pages, "/class/State")
    assert '<li><a href="/cg/id/russia">Russia</a></li>' in states
    assert "<h2>24 instances</h2>" in states
    ontology = html(pages, "/def")
    assert '<dt id="hasMember"><a href="#hasMember">cg:hasMember</a> — has member' in ontology
    catalogue = html(pages, "/queries")
    assert (
        '<dt><a href="/cg/queries/timeline">Timeline of instruments and events</a>'
        ' <span class="view">timeline</span></dt>' in catalogue
    )


def test_no_page_and_the_404_page(pages: Pages) -> None:
    assert pages.render("/id/no-such-entity", {}) is None
    assert pages.render("/class/NoSuchClass", {}) is None
    assert pages.render("/queries/no-such-question", {}) is None
    assert pages.render("/elsewhere", {}) is None
    missing = pages.not_found("/cg/elsewhere")
    assert missing.status == 404
    assert "There is no page at <code>/cg/elsewhere</code>." in missing.html


def test_a_question_page_answers_with_links_and_refuses_a_bad_parameter_like_the_command_line(
    pages: Pages,
) -> None:
    page = html(pages, "/queries/members", organisation="sco")
    assert '<input name="organisation" value="sco" placeholder="apec"></label>' in page
    assert "<h2>Answer: 6</h2>" in page
    assert "<td>China</td><td>state</td><td>ITU GSR 2008, ch. 5 5.9.1</td>" in page
    bad = pages.render("/queries/timeline", {"from": "soon"})
    assert bad is not None and bad.status == 400
    with pytest.raises(CybergraphError) as raised:
        prepare("timeline", params={"from": "soon"}, store=ox.Store())
    assert str(Markup.escape(raised.value.message)) in bad.html
    unknown = pages.render("/queries/members", {"colour": "red"})
    assert unknown is not None and unknown.status == 400
    # A question that needs a parameter and is given none is answered for its example, and says so.
    describe = html(pages, "/queries/describe")
    assert "The answer for the question&#39;s example (entity=cert-eu)" in describe
    assert '<a href="/cg/id/cert-eu">' in describe


def test_a_question_with_a_default_view_draws_it(pages: Pages) -> None:
    page = html(pages, "/queries/timeline", **{"from": "2000", "to": "2005"})
    data = json.loads(
        re.search(r'<script type="application/json" id="timeline-data">(.*?)</script>', page).group(1)
    )
    # 33 rows, one per dated fact and section: 29 dated facts.
    assert "<h2>Rows: 33</h2>" in page
    assert len(data["items"]) == 29
    first = data["items"][0]
    assert {k: first[k] for k in ("label", "date", "precision", "href", "what")} == {
        "label": "CND resolution 43/8",
        "date": "2000-03-15",
        "precision": "day",
        "href": "/cg/id/cnd-res-43-8",
        "what": "adoption date",
    }
    network = html(pages, "/queries/part-of-tree", entity="itu")
    assert '<div id="network" class="drawing" aria-label="network"></div>' in network


def test_dates_keep_their_precision() -> None:
    def lit(text: str, kind: str) -> ox.Literal:
        return ox.Literal(text, datatype=ox.NamedNode(XSD + kind))

    year = span(lit("2002", "gYear"))
    assert year is not None and (year.start, year.end, year.precision) == ("2002-01-01", "2002-12-31", "year")
    month = span(lit("2004-02", "gYearMonth"))
    assert month is not None and (month.start, month.end) == ("2004-02-01", "2004-02-29")
    day = span(lit("2002-12-20", "date"))
    assert day is not None and (day.start, day.end, day.precision) == ("2002-12-20", None, "day")
    assert span(lit("someday", "gYear")) is None


def test_the_timeline_and_network_views(pages: Pages) -> None:
    timeline = html(pages, "/timeline")
    data = json.loads(re.search(r'id="timeline-data">(.*?)</script>', timeline).group(1))
    plans = [i for i in data["items"] if i["plan"]]
    assert plans and all(i["what"] == "planned date" for i in plans)
    assert all(i["end"] is None for i in data["items"] if i["precision"] == "day")
    network = html(pages, "/network")
    graph = json.loads(re.search(r'id="network-data">(.*?)</script>', network).group(1))
    assert (len(graph["nodes"]), len(graph["edges"])) == (175, 222)
    assert {"has member", "supplements", "adopted by"} <= {e["relation"] for e in graph["edges"]}
    assert all(e["sections"] for e in graph["edges"])


def test_the_view_header_is_checked() -> None:
    assert find("timeline").view == "timeline"
    assert find("members").view == "table"
    text = "# title: t\n# question: q?\n# example: cybergraph query x\n# view: map\nASK {}\n"
    with pytest.raises(InputError) as raised:
        parse(text, name="x", origin="queries/x.rq")
    assert raised.value.message == "unknown view 'map'"
    assert str(raised.value.position) == "queries/x.rq:4:1"


def test_the_editors_examples_run_with_the_values_their_pages_answer_for(pages: Pages) -> None:
    # The editor once offered each question's bare text: "Members of an organisation" then listed the
    # members of every organisation in one list, not APEC's (the default its page answers for).
    page = html(pages, "/editor")
    config = json.loads(
        re.search(r'<script type="application/json" id="editor-config">(.*?)</script>', page, re.S)[1]
    )  # type: ignore[index]
    examples = config["examples"]
    # A default: bound; a required parameter without default: its first example, as the page's note says.
    assert "WHERE { VALUES (?organisation) { (<https://w3id.org/cybergraph/id/apec>) }" in examples["members"]
    assert "VALUES (?entity) { (<https://w3id.org/cybergraph/id/itu>) }" in examples["part-of-tree"]
    # An optional parameter without default stays unbound: the question for all of them.
    assert "VALUES" not in examples["cooperation"]
    # Each runs, as the endpoint runs it (plain SPARQL: the header is comments), to its page's answer.
    for name, params in (("members", {}), ("part-of-tree", {"entity": "itu"})):
        rows = pages.engine.run(examples[name], "SELECT", None)
        expected = prepare(find(name), params=params, engine=pages.engine).run()
        assert isinstance(rows, Solutions) and isinstance(expected, Solutions)
        assert rows.rows == expected.rows and len(rows.rows) > 0


def test_an_entity_page_leaves_out_what_the_build_derives_for_the_queries(pages: Pages) -> None:
    # graph:derived (most specific class, kind, display label) is the build's own: no source states it,
    # and it showed as statements cited to "https://w3id.org/cybergraph/graph/derived".
    page = html(pages, "/id/australia")
    assert "https://w3id.org/cybergraph/build#" not in page
    assert "https://w3id.org/cybergraph/graph/derived" not in page
    assert '"iso3166Alpha2": "AU"' in page  # the page's data is still there


def test_a_construct_answer_shows_the_same_blank_node_names_on_every_render(pages: Pages) -> None:
    # The engine names each statement's blank node at random: the page names it by its content instead.
    first = pages.render("/queries/describe", {"entity": "cert-eu"})
    second = pages.render("/queries/describe", {"entity": "cert-eu"})
    assert first is not None and second is not None
    assert first.html == second.html
    names = set(re.findall(r"<td>_:(\w+)</td>", first.html))
    assert names and all(re.fullmatch(r"b[0-9a-f]{16}(n\d+)?", n) for n in names)

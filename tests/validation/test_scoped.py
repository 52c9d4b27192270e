"""What validation reads of the graph for a contribution, scoped to what it touches, finds what reading more
found: the rule about named graphs on a hub's one quad per graph and property, the store's view by its
index, and the neighbourhood read only when a literal is ill typed."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from cybergraph.core.resources import layout
from cybergraph.graph.build import BuiltGraph
from cybergraph.graph.derived import DERIVED_GRAPH
from cybergraph.rdf.terms import ENTITIES, GRAPHS, INFERRED_GRAPH, RDF_TYPE, RDFS, SKOS, XSD, entity
from cybergraph.rdf.vocab import CG
from cybergraph.validation import terms, violations
from cybergraph.validation.consistency import check_contribution
from cybergraph.validation.scope import axioms, focus_nodes, neighbourhood

HUB = entity("un-general-assembly")


def _rows(small: ox.Store) -> set[str]:
    found = set()
    for query in violations.queries(layout().shapes):
        found.update(violations._rows(small, query))
    return found


def _every_quad(store: ox.Store, focus: list[ox.NamedNode], extra: list[ox.Quad]) -> ox.Store:
    """The small store as it was: every quad about each focus node."""
    small = ox.Store()
    quads = list(extra)
    for node in focus:
        quads += store.quads_for_pattern(node, None, None, None)
        quads += store.quads_for_pattern(None, None, node, None)
    for graph in {q.graph_name for q in quads if isinstance(q.graph_name, ox.NamedNode)}:
        quads += store.quads_for_pattern(graph, RDF_TYPE, None, None)
        quads += [q for q in extra if q.subject == graph and q.predicate == RDF_TYPE]
    small.extend(quads)
    return small


@pytest.fixture(scope="module")
def view(project: BuiltGraph) -> ox.Store:
    return project.named_graphs_view()


def test_the_rule_about_named_graphs_answers_on_the_scoped_store_as_on_every_quad(view: ox.Store) -> None:
    # A hub (thousands of links to it), the entities it links to, and a new entity linked to it from a
    # graph that is no source, and one from a source section's graph.
    linked = sorted(
        {
            q.object
            for q in view.quads_for_pattern(HUB, None, None, None)
            if str(q.object).startswith("<" + ENTITIES)
        },
        key=str,
    )
    nowhere, stated = entity("test-stated-nowhere"), entity("test-stated-in-a-section")
    section = next(q.subject for q in view.quads_for_pattern(None, RDF_TYPE, CG.SourceSection, None))
    extra = [
        ox.Quad(nowhere, RDF_TYPE, CG.Organization, ox.NamedNode(GRAPHS + "elsewhere")),
        ox.Quad(stated, RDF_TYPE, CG.Organization, ox.NamedNode(GRAPHS + "elsewhere")),
        ox.Quad(HUB, CG.hasMember, stated, section),  # its only source: a link to it from a section
    ]
    focus = [HUB, nowhere, stated, *linked]
    scoped = violations.around(view, focus, extra)
    assert len(scoped) < len(_every_quad(view, focus, extra))
    expected = _rows(_every_quad(view, focus, extra)) & {n.value for n in focus}
    assert _rows(scoped) & {n.value for n in focus} == expected
    assert nowhere.value in expected and stated.value not in expected and HUB.value not in expected


def test_the_view_reads_a_node_by_its_index_and_finds_what_a_query_of_the_named_graphs_finds(
    view: ox.Store, project: BuiltGraph
) -> None:
    named = f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{DERIVED_GRAPH}>) }}"
    for pattern in ((HUB, None, None), (None, None, HUB), (HUB, RDF_TYPE, None), (None, CG.adoptedBy, HUB)):
        bound = {ox.Variable(v): t for v, t in zip("spo", pattern, strict=True) if t is not None}
        expected = [ox.Quad(*row) for row in project.store.query(named, substitutions=bound)]  # type: ignore[union-attr]
        found = list(view.quads_for_pattern(*pattern))
        assert found and sorted(map(str, found)) == sorted(map(str, expected))
    assert list(view.quads_for_pattern(entity("test-no-such-entity"), None, None)) == []


def test_an_ill_typed_literal_is_reported_and_the_neighbourhood_read_only_then(project: BuiltGraph) -> None:
    store = project.named_graphs_view()
    new = entity("test-resolution")
    good = {
        ox.Triple(new, RDF_TYPE, CG.Resolution),
        ox.Triple(new, CG.adoptedBy, HUB),
        ox.Triple(new, CG.adoptionDate, ox.Literal("2024-12-24", datatype=ox.NamedNode(XSD + "date"))),
    }
    read: list[int] = []

    def around() -> set[ox.Triple]:
        read.append(1)
        return neighbourhood(store, focus_nodes(contribution, store))

    contribution = good
    assert check_contribution(axioms(store), contribution, around, simple=True) == []
    assert read == []  # well-typed literals: no neighbourhood read
    bad = ox.Triple(new, CG.adoptionDate, ox.Literal("2024-13-45", datatype=ox.NamedNode(XSD + "date")))
    contribution = good | {bad}
    lazy = check_contribution(axioms(store), contribution, around, simple=True)
    assert read == [1]
    eager = check_contribution(axioms(store), contribution, around(), simple=True)
    assert lazy == eager
    assert [(f.entity, f.property, f.value, f.message) for f in lazy] == [
        (
            new.value,
            CG.adoptionDate.value,
            f'"2024-13-45"^^<{XSD}date>',
            '"2024-13-45" is not a valid xsd:date: write a date as 2002-12-20 (xsd:date), 2002-12'
            " (xsd:gYearMonth) or 2002 (xsd:gYear)",
        )
    ]


def _labels_as_before(store: ox.Store, keys: list[str]) -> set[tuple[ox.NamedNode, ox.NamedNode, str]]:
    """The labels of `keys` as labels_like found them before: in every named graph, keys made by Oxigraph."""
    listed = ", ".join(f'"{k}"' for k in keys)
    query = f"""SELECT ?s ?p ?l WHERE {{
        VALUES ?p {{ <{RDFS}label> <{SKOS}altLabel> <{SKOS}prefLabel> }} GRAPH ?g {{ ?s ?p ?l }}
        FILTER(?g != <{INFERRED_GRAPH}> && STRSTARTS(STR(?s), "{ENTITIES}"))
        FILTER(REGEX(STR(?l), "[^ -~]") || REPLACE(LCASE(STR(?l)), "[^a-z0-9]", "") IN ({listed})) }}"""
    return {(row["s"], row["p"], row["l"].value) for row in store.query(query)}  # type: ignore[union-attr]


def test_labels_like_finds_on_the_default_graph_what_the_named_graphs_gave(project: BuiltGraph) -> None:
    view = project.named_graphs_view()
    existing = terms.Existing(view)
    every = sorted({terms.normalise(text) for _, _, text in existing.labels()})
    # A key of no label, the empty key, keys of labels spelled with capitals and punctuation, and enough
    # long keys that the regular expression is too large for Oxigraph (the IN list then).
    samples = [
        ["nosuchlabelanywhere"],
        [""],
        ["itu", "internationaltelecommunicationunion", "unitednations"],
        every[:40],
        [k * 40 for k in every[:60] if k][:60] + every[:4],
    ]
    sizes = []
    for keys in samples:
        keys = [k for k in keys if k.isascii()]
        found = set(existing.labels_like(keys))
        assert found == _labels_as_before(project.store, keys)
        sizes.append(len(found))
    assert sizes[2] >= 3 and sizes[3] >= 40  # the samples do find labels
    assert existing._spelled([k * 40 for k in every[:60] if k][:60]).startswith('REGEX(STR(?l), "[^ -~]") ||')
    assert existing._spelled(["itu"]).startswith('REGEX(STR(?l), "[^ -~]|^')

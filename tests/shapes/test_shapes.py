"""The SHACL shapes: valid SHACL, one shape per class and per property, every term known, every constraint
explained, each shape proven by example graphs that must pass and must fail, and the project's data conforms.

Validation here is what `cybergraph validate` does: the asserted triples together with the ontology (so that
SHACL follows rdfs:subClassOf), no inference, pySHACL's advanced features off. The example graphs of
`cases/` are validated together in one run: each file's entities live under its own base IRI, so its
findings are told apart by their focus node. A case states its expected findings in comments,
`# expect: FOCUS PATH COMPONENT SEVERITY` (a complex path in SPARQL property-path syntax, such as
`(cg:partOf|^cg:hasPart)`), and the test compares the set of those with the set found, never the message
text. test_engines.py holds a second engine to the same findings.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox
import pyshacl
import pytest
from pyshacl.entrypoints import meta_validate
from rdflib import OWL, RDF, RDFS, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib import namespace as vocab
from rdflib.collection import Collection
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import SH

from cybergraph.core.resources import layout
from cybergraph.graph.load import ONTOLOGY_GRAPH
from cybergraph.rdf.rdflib_bridge import to_ox
from cybergraph.rdf.terms import INFERRED_GRAPH, PREFIXES
from tests.shapes.common import (
    CGSH,
    HERE,
    Finding,
    Result,
    case_base,
    case_of,
    cases,
    curie,
    ontology,
    results,
    shapes,
)

KNOWN_WARNINGS = HERE / "known-warnings.txt"
CG = Namespace(PREFIXES["cg"])
CGID = PREFIXES["cgid"]
SHAPES_HEADER = URIRef("https://w3id.org/cybergraph/shapes")
SOURCE_QUERY = layout().shapes / "entity-without-source-violation.rq"

# The vocabularies the shapes may use besides the ontology, as rdflib's closed namespaces (a misspelt term
# fails); named, not imported, because pytest's collection probes module globals and these warn on it.
STANDARD = ("RDF", "RDFS", "OWL", "XSD", "SH", "SKOS", "DCTERMS", "PROV", "ORG", "SDO", "FOAF")


@pytest.fixture(scope="module")
def case_results(pyshacl_cases: Graph) -> dict[str, list[Result]]:
    """Every example graph validated in one run with the ontology; the results grouped by case."""
    grouped: dict[str, list[Result]] = defaultdict(list)
    for result in results(pyshacl_cases):
        stem = case_of(result.focus)
        if stem is not None:
            grouped[stem].append(result)
    return grouped


def node_shapes() -> list[URIRef]:
    return sorted(s for s in shapes().subjects(RDF.type, SH.NodeShape) if str(s).startswith(CGSH))


def property_shapes(shape: URIRef) -> set[URIRef | BNode]:
    return set(shapes().objects(shape, SH.property))


def has_constraint(shape: URIRef) -> bool:
    return bool(property_shapes(shape)) or any(
        (shape, p, None) in shapes() for p in (SH["in"], SH.sparql, SH["class"], SH.pattern)
    )


def targets(shape: URIRef) -> list[tuple[URIRef, URIRef]]:
    return [
        (kind, target)
        for kind in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
        for target in shapes().objects(shape, kind)
    ]


# ----------------------------------------------------------------------------- the shapes themselves


def test_shapes_are_valid_shacl() -> None:
    conforms, _, text = meta_validate(shapes(), inference="none")
    assert conforms, text


def test_every_class_of_the_ontology_has_its_shape() -> None:
    classes = sorted(c for c in ontology().subjects(RDF.type, OWL.Class) if str(c).startswith(str(CG)))
    missing = [
        str(c)
        for c in classes
        if (URIRef(CGSH + str(c)[len(CG) :] + "Shape"), SH.targetClass, c) not in shapes()
        or (URIRef(CGSH + str(c)[len(CG) :] + "Shape"), RDF.type, SH.NodeShape) not in shapes()
    ]
    assert missing == [], "add cgsh:<Class>Shape with sh:targetClass for these classes"


def test_every_property_of_the_ontology_has_its_value_shape() -> None:
    missing = []
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology().subjects(RDF.type, kind):
            if not str(prop).startswith(str(CG)):
                continue
            shape = URIRef(CGSH + str(prop)[len(CG) :] + "Values")
            if (shape, SH.targetSubjectsOf, prop) not in shapes():
                missing.append(str(prop))
    assert sorted(missing) == [], "add cgsh:<property>Values with sh:targetSubjectsOf for these properties"


def constraints_on(prop: URIRef) -> list[URIRef | BNode]:
    """The property shapes of the shapes graph whose path is `prop`."""
    return list(shapes().subjects(SH.path, prop))


def closed_list_of(shape: URIRef | BNode, cls: URIRef) -> bool:
    """sh:in listing only individuals of `cls` that the ontology defines (a closed list, as for statuses)."""
    members = [list(Collection(shapes(), items)) for items in shapes().objects(shape, SH["in"])]
    return bool(members) and all((m, RDF.type, cls) in ontology() for ms in members for m in ms)


def test_every_object_property_checks_the_class_of_its_values() -> None:
    """sh:class with the range, or a closed sh:in list of the ontology's individuals of the range; an
    owl:Thing range asks only for an IRI; rdf:Property for a property."""
    wrong = []
    for prop in ontology().subjects(RDF.type, OWL.ObjectProperty):
        if not str(prop).startswith(str(CG)):
            continue
        rng = ontology().value(prop, RDFS.range)
        shapes_on = constraints_on(prop)
        if rng == OWL.Thing:
            ok = any((s, SH.nodeKind, SH.IRI) in shapes() for s in shapes_on)
        elif rng == RDF.Property:
            ok = any((s, SH.sparql, URIRef(CGSH + "AboutAProperty")) in shapes() for s in shapes_on)
        else:
            ok = any((s, SH["class"], rng) in shapes() or closed_list_of(s, rng) for s in shapes_on)
        if not ok:
            wrong.append((str(prop), str(rng)))
    assert sorted(wrong) == []


def date_properties() -> set[URIRef]:
    return set(ontology().transitive_subjects(RDFS.subPropertyOf, CG.date))


def test_every_date_property_takes_a_date_at_one_of_three_precisions() -> None:
    expected = {vocab.XSD.date, vocab.XSD.gYearMonth, vocab.XSD.gYear}
    assert CG.adoptionDate in date_properties() and CG.date in date_properties()
    wrong = []
    for prop in sorted(date_properties()):
        found = set()
        for shape in constraints_on(prop):
            for alternatives in shapes().objects(shape, SH["or"]):
                found.add(
                    frozenset(shapes().value(m, SH.datatype) for m in Collection(shapes(), alternatives))
                )
        if found != {frozenset(expected)}:
            wrong.append(str(prop))
    assert wrong == []


@pytest.mark.parametrize(
    "prop", [CG.adoptionDate, CG.entryIntoForceDate, CG.openedForSignatureDate, CG.foundingDate]
)
def test_one_date_at_most_for_what_happens_once(prop: URIRef) -> None:
    assert any((s, SH.maxCount, Literal(1)) in shapes() for s in constraints_on(prop))


def iris_in_queries() -> set[URIRef]:
    out = set()
    for query in shapes().objects(None, SH.select):
        for prefix, local in re.findall(r"\b(cg|rdf|owl|xsd):([A-Za-z][A-Za-z0-9]*)", str(query)):
            out.add(URIRef(PREFIXES[prefix] + local))
    return out


def test_every_term_the_shapes_use_is_defined() -> None:
    """Terms of the ontology, or of a standard vocabulary that rdflib knows term by term."""
    defined = {s for s in ontology().subjects() if isinstance(s, URIRef)}
    used = {n for triple in shapes() for n in triple if isinstance(n, URIRef)} | iris_in_queries()
    unknown = []
    for iri in sorted(used):
        text = str(iri)
        if text.startswith(CGSH) or iri == SHAPES_HEADER:
            continue
        if text.startswith((str(CG), CGID)):
            if iri not in defined:
                unknown.append(text)
        elif not any(text.startswith(str(ns)) and iri in ns for ns in (getattr(vocab, n) for n in STANDARD)):
            unknown.append(text)
    assert unknown == []


def test_every_shape_named_in_the_shapes_is_defined() -> None:
    declared = {s for s in shapes().subjects() if isinstance(s, URIRef) and str(s).startswith(CGSH)}
    referenced = {o for o in shapes().objects() if isinstance(o, URIRef) and str(o).startswith(CGSH)}
    assert referenced - declared == set()


_PARAMETERS = {
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["class"],
    SH.nodeKind,
    SH.pattern,
    SH["in"],
    SH["or"],
    SH.uniqueLang,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.languageIn,
    SH["not"],
    SH.minInclusive,
}


def test_every_constraint_has_a_message_and_a_severity() -> None:
    """A contributor reads the message; a shape without one would report pySHACL's generic text."""
    silent = []
    for shape in node_shapes():
        for part in [shape, *property_shapes(shape)]:
            params = {p for p in shapes().predicates(part) if p in _PARAMETERS}
            if params and (
                shapes().value(part, SH.message) is None or shapes().value(part, SH.severity) is None
            ):
                silent.append(f"{curie(shape)} {sorted(curie(p) for p in params)}")
            rule_without_severity = shapes().value(part, SH.severity) is None
            if (part, SH.sparql, None) in shapes() and part != shape and rule_without_severity:
                silent.append(f"{curie(shape)} sh:sparql without severity")
    for rule in shapes().subjects(RDF.type, SH.SPARQLConstraint):
        message = shapes().value(rule, SH.message)
        if message is None or message.language != "en":
            silent.append(curie(rule))
    assert silent == []


def test_sparql_rules_are_named_and_used() -> None:
    rules = set(shapes().subjects(RDF.type, SH.SPARQLConstraint))
    assert all(isinstance(r, URIRef) for r in rules)
    assert rules == set(shapes().objects(None, SH.sparql))


_UNBOUNDED = re.compile(r"[*+]|\{\d+,\}")


def unbounded_group_with_quantifier(pattern: str) -> str | None:
    """The first group repeated without bound that holds a quantifier itself (a cause of slow matching)."""
    stack: list[int] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = pattern.index("]", i + 2) + 1
            continue
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            start = stack.pop()
            inner = pattern[start + 1 : i]
            after = pattern[i + 1 : i + 8]
            if _UNBOUNDED.match(after) and re.search(r"[*+?]|\{\d", inner):
                return pattern[start : i + 2]
        i += 1
    return None


def test_patterns_are_valid_and_linear() -> None:
    patterns = [str(p) for p in shapes().objects(None, SH.pattern)]
    assert len(patterns) >= 8
    for pattern in patterns:
        re.compile(pattern)
        assert _UNBOUNDED.search(pattern) is None or unbounded_group_with_quantifier(pattern) is None, pattern
    assert unbounded_group_with_quantifier("^(a+)+$") == "(a+)+"
    assert unbounded_group_with_quantifier("^(/[a-z]{1,3})?$") is None


# ----------------------------------------------------------------------------- the example graphs


def test_every_shape_has_a_passing_and_a_failing_example() -> None:
    expected = {f"{curie(s)[5:]}_{kind}" for s in node_shapes() for kind in ("PASS", "XFAIL")}
    assert set(cases()) == expected


def test_examples_describe_only_their_own_entities() -> None:
    """Their subjects stay under the case's base IRI, so that one run can validate them all."""
    strays = [
        (stem, str(s))
        for stem, case in cases().items()
        for s in set(case.graph.subjects())
        if not str(s).startswith(case_base(stem))
    ]
    assert strays == []


@pytest.mark.parametrize("stem", sorted(cases()))
def test_example_gives_exactly_the_expected_findings(
    stem: str, case_results: dict[str, list[Result]]
) -> None:
    case = cases()[stem]
    found = {r.finding(stem) for r in case_results.get(stem, [])}
    if case.kind == "PASS":
        assert case.expected == frozenset()
        assert found == set()
    else:
        assert case.expected, "an XFAIL example must list the findings it expects"
        assert found == set(case.expected)


@pytest.mark.parametrize("stem", sorted(s for s in cases() if s.endswith("_XFAIL")))
def test_failing_example_is_caught_by_its_own_shape(stem: str, case_results: dict[str, list[Result]]) -> None:
    """A shape's XFAIL shows that shape at work; a shape with no rule of its own shows that its class is
    reached through rdfs:subClassOf by the shapes above it."""
    case = cases()[stem]
    results = case_results.get(stem, [])
    if has_constraint(case.shape):
        own = {case.shape} | property_shapes(case.shape)
        assert any(r.shape in own for r in results)
    else:
        (kind, cls), *_ = targets(case.shape)
        assert kind == SH.targetClass
        assert any((r.focus, RDF.type, cls) in case.graph for r in results)


@pytest.mark.parametrize("stem", sorted(s for s in cases() if s.endswith("_PASS")))
def test_passing_example_reaches_its_shape(stem: str) -> None:
    case = cases()[stem]
    if case.shape == URIRef(CGSH + "StatusShape"):
        pytest.skip("the statuses are the ontology's own individuals; data can only refer to them")
    reached = False
    for kind, target in targets(case.shape):
        if kind == SH.targetClass:
            classes = set(ontology().transitive_subjects(RDFS.subClassOf, target))
            reached |= any(o in classes for o in case.graph.objects(None, RDF.type))
        elif kind == SH.targetSubjectsOf:
            reached |= any(case.graph.subjects(target, None))
    assert reached


def test_every_sparql_rule_fires_in_some_example(case_results: dict[str, list[Result]]) -> None:
    fired = {r.constraint for results in case_results.values() for r in results}
    rules = set(shapes().subjects(RDF.type, SH.SPARQLConstraint))
    assert rules - fired == set()


# ----------------------------------------------------------------------------- the project's own data


def read_known_warnings() -> dict[Finding, str]:
    known = {}
    for number, line in enumerate(KNOWN_WARNINGS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        finding, _, reason = line.partition(" -- ")
        parts = finding.split()
        assert len(parts) == 3 and reason.strip(), (
            f"known-warnings.txt:{number}: FOCUS PATH COMPONENT -- reason"
        )
        known[(parts[0], parts[1], parts[2], "sh:Warning")] = reason.strip()
    return known


def test_the_project_data_conforms_with_no_unexplained_warning(pyshacl_project: Graph) -> None:
    found = results(pyshacl_project)
    violations = sorted(r.finding() for r in found if r.severity == SH.Violation)
    assert violations == []
    warnings = {r.finding() for r in found if r.severity == SH.Warning}
    known = set(read_known_warnings())
    assert sorted(warnings - known) == [], (
        "fix the data, or explain the warning in tests/shapes/known-warnings.txt"
    )
    assert sorted(known - warnings) == [], "no longer found: remove these lines from known-warnings.txt"


# What pySHACL, given the ontology as `ont_graph`, does not bring into the data graph: the statuses are not
# owl:NamedIndividual (see the next test), so they are not validated themselves; their findings are these.
NOT_MIXED_IN = {
    (f"cgid:{status}", "dcterms:description", "sh:MinCountConstraintComponent", "sh:Warning")
    for status in ("status-in-preparation", "status-planned", "status-proposed", "status-scheduled")
}


def test_pyshacl_given_the_ontology_as_ont_graph_finds_no_more_than_the_plain_run(
    built: Dataset, pyshacl_project: Graph
) -> None:
    """The usual pySHACL pattern, `validate(data, ont_graph=ontology)`, copies into the data graph the
    ontology's classes, properties and owl:NamedIndividual nodes, no other individual: before the concept
    schemes were declared owl:NamedIndividual, every skos:inScheme and cg:status value was a false violation
    of sh:class (187 of them). Now it finds what the plain run (data and ontology in one graph) finds."""
    # The asserted data alone: not the ontology, not the inferred triples, not the default graph (which
    # holds every fact once, ontology and inferred ones included).
    skip = {ONTOLOGY_GRAPH, URIRef(INFERRED_GRAPH), DATASET_DEFAULT_GRAPH_ID}
    data = Graph()
    for context in built.graphs():
        if context.identifier not in skip:
            for triple in context:
                data.add(triple)
    _, report, _ = pyshacl.validate(
        data,
        shacl_graph=shapes(),
        ont_graph=ontology(),
        inference="none",
        advanced=False,
        allow_warnings=True,
    )
    mixed = {r.finding() for r in results(report)}
    plain = {r.finding() for r in results(pyshacl_project)}
    assert sorted(mixed - plain) == []
    assert plain - mixed == NOT_MIXED_IN


def clone_steps(
    graph: Graph, node: object, depth: int = 0, memo: dict[tuple[object, int], int] | None = None
) -> int:
    """How many nodes pySHACL's deep copy of a named individual visits: every path of outgoing triples, ten
    levels deep, without remembering what it has visited (pyshacl.rdfutil.clone.clone_node)."""
    memo = {} if memo is None else memo
    if depth >= 10 or not isinstance(node, URIRef):
        return 1
    if (node, depth) not in memo:
        memo[(node, depth)] = 1 + sum(
            clone_steps(graph, o, depth + 1, memo) for o in graph.objects(node, None)
        )
    return memo[(node, depth)]


def test_pyshacl_copies_every_named_individual_of_the_ontology_quickly() -> None:
    """A named individual is copied with every path that leaves it. From an instance of a subclass of
    cg:Concept those paths reach the owl:disjointWith pairs, stated on both classes, that link the kinds
    of thing: about 20 million steps per status (pySHACL ran for over ten minutes). So the statuses are
    not declared owl:NamedIndividual (cgsh:statusValues checks them with sh:in, not sh:class); the
    concept schemes are, and each costs a few steps."""
    individuals = sorted(ontology().subjects(RDF.type, OWL.NamedIndividual))
    assert {curie(i) for i in individuals} >= {"cgid:topics", "cgid:statuses", "cgid:offence-types"}
    steps = {curie(i): clone_steps(ontology(), i) for i in individuals}
    assert max(steps.values()) < 1000, steps
    assert clone_steps(ontology(), URIRef(CGID + "status-planned")) > 1_000_000


def entities_without_source(store: ox.Store) -> list[str]:
    query = SOURCE_QUERY.read_text(encoding="utf-8")
    return [row["entity"].value for row in store.query(query, use_default_graph_as_union=True)]  # type: ignore[union-attr]


def test_every_entity_of_the_project_has_a_source(store: ox.Store) -> None:
    assert entities_without_source(store) == []


def test_an_entity_stated_outside_the_source_graphs_has_no_source() -> None:
    ids = Namespace(CGID)
    section, other = ids["some-section"], URIRef("https://w3id.org/cybergraph/graph/discrepancies")
    graphs = {
        ONTOLOGY_GRAPH: [(ids["status-planned"], RDF.type, CG.Status)],
        URIRef("https://w3id.org/cybergraph/graph/sources"): [(section, RDF.type, CG.SourceSection)],
        section: [(ids.itu, RDF.type, CG.UNAgency), (ids.itu, CG.hasMember, ids.france)],
        other: [(ids.france, RDF.type, CG.State), (ids.unsourced, RDF.type, CG.Organization)],
    }
    store = ox.Store()
    for name, triples in graphs.items():
        store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(name))) for s, p, o in triples)
    assert entities_without_source(store) == [CGID + "unsourced"]

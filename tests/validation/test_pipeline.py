"""`validate()` on contributions to a small fixture graph: the exact findings of each check, in order.

The fixture (tests/validation/data) is one source with two sections and a few entities; contributions are
written as data/facts files of its second section, `test-report-s2.ttl`, unless a test says otherwise.
The graph is built once for the module and passed to validate(), which then runs in this process.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cybergraph.graph.build import BuiltGraph, build
from cybergraph.rdf.terms import PREFIXES, curie
from cybergraph.validation.findings import Check, Finding, Report, Severity
from cybergraph.validation.pipeline import validate
from cybergraph.validation.violations import COMPONENT

FIXTURE = Path(__file__).parent / "data"
CGV = "https://w3id.org/cybergraph/validation#"
HEADER = """@prefix cg: <https://w3id.org/cybergraph/def#> .
@prefix cgid: <https://w3id.org/cybergraph/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

"""  # 7 lines: the first statement of a contribution is on line 8
RESOLUTION = """cgid:a-res-58-199 a cg:Resolution ;
    rdfs:label "UN General Assembly resolution 58/199"@en ;
    dcterms:description "General Assembly resolution on critical information infrastructures."@en ;
    cg:adoptedBy cgid:un-general-assembly ;
    cg:adoptionDate "2003-12-23"^^xsd:date ;
    cg:documentSymbol "A/RES/58/199" .
"""


@pytest.fixture(scope="module")
def graph() -> BuiltGraph:
    return build(data=FIXTURE)


def contribute(
    tmp_path: Path, graph: BuiltGraph, body: str, *, name: str = "test-report-s2.ttl", header: str = HEADER
) -> Report:
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return validate([path], data=FIXTURE, graph=graph, timeout=None)


def short(iri: str | None) -> str | None:
    """An IRI of a finding as the tests write it: its prefixed name, or the IRI itself."""
    if iri is None:
        return None
    return curie(iri, {**PREFIXES, "cgv": CGV}) or iri


Key = tuple[str, str | None, str | None, str | None]


def keys(report: Report) -> set[Key]:
    """What was found, whatever the wording: (check, focus node, path, constraint component)."""
    return {(f.check.value, short(f.entity), short(f.property), short(f.component)) for f in report.findings}


def places(report: Report) -> set[tuple[str | None, int | None, str | None]]:
    """Where the findings are: (file name, line, focus node)."""
    return {(Path(f.file).name if f.file else None, f.line, short(f.entity)) for f in report.findings}


def positions(report: Report) -> list[tuple[str, int | None, int | None]]:
    """The syntax errors' (file name, line, column), in report order."""
    return [(Path(f.file or "").name, f.line, f.column) for f in report.findings]


def test_a_good_contribution_conforms(tmp_path: Path, graph: BuiltGraph) -> None:
    report = contribute(tmp_path, graph, RESOLUTION)
    assert report.findings == []
    assert report.checks_run == list(Check)
    assert report.exit_code() == 0
    # The new resolution and the existing entity it points to.
    assert report.focus_nodes == 2


def test_every_syntax_error_of_every_file_is_reported_with_line_and_column(
    tmp_path: Path, graph: BuiltGraph
) -> None:
    first = tmp_path / "first.ttl"
    first.write_text(
        HEADER
        + 'cgid:x a cg:State ;\n    rdfs:label "X"@en\n    cg:memberOf cgid:itu .\n\n'
        + 'cgid:y a cg:State ;\n    rdfs:label "Y .\n\ncgid:z cg:memberOf cgid:itu, .\n',
        encoding="utf-8",
    )
    second = tmp_path / "second.ttl"
    second.write_text(HEADER + "cgid:w a cg:State ; rdfs:label 'W'@en ; foo:bar 1 .\n", encoding="utf-8")
    report = validate([first, second], data=FIXTURE, graph=graph, timeout=None)
    # Line 10 starts with a predicate where the statement needed its `;` (the parser then reads
    # `cg:memberOf cgid:itu .` as a statement of its own: that second problem is not reported); the
    # string opened on line 13, column 16 is never closed, which hides the error of line 15.
    assert positions(report) == [("first.ttl", 10, 5), ("first.ttl", 13, 16), ("second.ttl", 8, 41)]
    assert report.findings[1].message.endswith("the string that opens here is never closed")
    assert {f.check for f in report.findings} == {Check.SYNTAX}
    assert report.stopped_after is Check.SYNTAX and report.checks_run == [Check.SYNTAX]
    assert report.unusable and report.exit_code() == 2


def test_errors_of_separate_statements_are_all_reported(tmp_path: Path, graph: BuiltGraph) -> None:
    body = (
        "cgid:x a cg:State ; cg:memberOf foo:itu .\n"
        "<https://w3id.org/cybergraph/id/a b> a cg:State .\n"
        'cgid:y a cg:State ; rdfs:label "Y"@1 .\n'
        "cgid:z cg:memberOf cgid:itu, .\n"
    )
    report = contribute(tmp_path, graph, body)
    assert positions(report) == [
        ("test-report-s2.ttl", 8, 33),
        ("test-report-s2.ttl", 9, 1),
        ("test-report-s2.ttl", 10, 36),
        ("test-report-s2.ttl", 11, 30),
    ]


def test_a_string_left_open_is_reported_where_its_line_ends(tmp_path: Path, graph: BuiltGraph) -> None:
    """The first error is exact; the parser cannot read on reliably after it, so the next one waits."""
    body = RESOLUTION.replace('58/199"@en', "58/199@en").replace(
        "un-general-assembly ;", "un-general-assembly"
    )
    report = contribute(tmp_path, graph, body)
    assert positions(report) == [("test-report-s2.ttl", 9, 59)]


def test_an_iri_with_a_space_is_a_syntax_error(tmp_path: Path, graph: BuiltGraph) -> None:
    report = contribute(tmp_path, graph, "<https://w3id.org/cybergraph/id/a b> a cg:State .\n")
    assert [(f.line, f.column, f.message) for f in report.findings] == [
        (8, 1, "Turtle syntax error: Invalid IRI code point ' '")
    ]


@pytest.mark.parametrize("name", ["my file.ttl", "a{b}.ttl", "100%.ttl"])
def test_a_file_name_that_is_no_iri_is_validated(tmp_path: Path, graph: BuiltGraph, name: str) -> None:
    """A space, braces or a stray % in a file name are percent-encoded where the name becomes an IRI."""
    report = contribute(tmp_path, graph, RESOLUTION, name=name)
    assert keys(report) == {("shapes", "cgid:a-res-58-199", None, "cgv:ViolationQueryComponent")}
    assert places(report) == {(name, 8, "cgid:a-res-58-199")}


def test_unknown_terms_come_with_a_suggestion(tmp_path: Path, graph: BuiltGraph) -> None:
    body = RESOLUTION.replace("a cg:Resolution", "a cg:Resolutoin").replace("cg:adoptedBy", "cg:adoptedby")
    report = contribute(tmp_path, graph, body + 'cgid:a-res-58-199 rdfs:lable "x"@en .\n')
    assert keys(report) == {
        ("unknown-term", "cgid:a-res-58-199", "rdf:type", None),
        ("unknown-term", "cgid:a-res-58-199", "rdfs:lable", None),
        ("unknown-term", "cgid:a-res-58-199", "cg:adoptedby", None),
    }
    assert places(report) == {("test-report-s2.ttl", 8, "cgid:a-res-58-199")}
    # The suggestion is the behaviour here.
    assert {f.message for f in report.findings} == {
        "cg:Resolutoin is not a class of the ontology; did you mean cg:Resolution?",
        "rdfs:lable is not a term of <http://www.w3.org/2000/01/rdf-schema#>; did you mean rdfs:label?",
        "cg:adoptedby is not a property of the ontology; did you mean cg:adoptedBy?",
    }
    assert report.stopped_after is Check.UNKNOWN_TERM


def test_a_member_of_a_standard_vocabulary_is_known(tmp_path: Path, graph: BuiltGraph) -> None:
    """Terms outside the generated lists that rdflib also knew: RDF's container memberships."""
    header = HEADER + "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
    report = contribute(
        tmp_path,
        graph,
        RESOLUTION.replace("cg:documentSymbol", "rdf:_1 cgid:itu ;\n    cg:documentSymbol"),
        header=header,
    )
    assert Check.UNKNOWN_TERM not in {f.check for f in report.findings}
    assert report.checks_run == list(Check)


def test_a_class_used_as_a_property_is_named_as_such(tmp_path: Path, graph: BuiltGraph) -> None:
    report = contribute(tmp_path, graph, "cgid:itu cg:State cgid:united-nations .\n")
    assert keys(report) == {("unknown-term", "cgid:itu", "cg:State", None)}
    assert [f.message for f in report.findings] == ["cg:State is a class of the ontology, not a property"]


def test_a_reference_to_an_entity_described_nowhere_is_dangling(tmp_path: Path, graph: BuiltGraph) -> None:
    body = RESOLUTION.replace("cg:adoptedBy cgid:un-general-assembly", "cg:adoptedBy cgid:un-general-asembly")
    report = contribute(tmp_path, graph, body)
    assert keys(report) == {("dangling-reference", "cgid:a-res-58-199", "cg:adoptedBy", None)}
    assert places(report) == {("test-report-s2.ttl", 8, "cgid:a-res-58-199")}
    assert report.findings[0].value == "<https://w3id.org/cybergraph/id/un-general-asembly>"


@pytest.mark.parametrize(
    ("label", "path", "severity"),
    [
        ('rdfs:label "international telecommunication union"@en', "rdfs:label", Severity.VIOLATION),
        ('rdfs:label "Internátional Telecommunication-Union!"@en', "rdfs:label", Severity.VIOLATION),
        ('rdfs:label "ITU sector"@en ; skos:altLabel "I.T.U."@en', "skos:altLabel", Severity.WARNING),
    ],
    ids=["case", "accents-and-punctuation", "acronym"],
)
def test_a_new_entity_labelled_like_an_existing_one_is_a_likely_duplicate(
    tmp_path: Path, graph: BuiltGraph, label: str, path: str, severity: Severity
) -> None:
    body = f'cgid:itu-2 a cg:UNAgency ;\n    {label} ;\n    dcterms:description "A copy."@en .\n'
    report = contribute(tmp_path, graph, body)
    duplicates = [f for f in report.findings if f.check is Check.DUPLICATE]
    assert [(f.line, short(f.entity), short(f.property), f.severity) for f in duplicates] == [
        (8, "cgid:itu-2", path, severity)
    ]


def test_a_new_entity_with_an_existing_document_symbol_is_a_likely_duplicate(
    tmp_path: Path, graph: BuiltGraph
) -> None:
    report = contribute(tmp_path, graph, RESOLUTION.replace("A/RES/58/199", "A/RES/57/239"))
    assert keys(report) == {("duplicate", "cgid:a-res-58-199", "cg:documentSymbol", None)}
    assert places(report) == {("test-report-s2.ttl", 8, "cgid:a-res-58-199")}
    # Naming the entity to use instead is the behaviour here.
    assert report.findings[0].message == (
        "likely the same as cgid:a-res-57-239, which has the same cg:documentSymbol;"
        " use cgid:a-res-57-239 instead of a new IRI"
    )


SCHEMA = """cg:Treaty a owl:Class ;
    rdfs:subClassOf cg:LegalInstrument .

<https://w3id.org/cybergraph/shapes/mine> a sh:NodeShape ;
    sh:targetClass cg:Resolution .

<https://w3id.org/cybergraph/def> owl:imports <https://example.org/other.ttl> .
"""


def test_a_contribution_that_changes_the_schema_is_rejected(tmp_path: Path, graph: BuiltGraph) -> None:
    header = (
        HEADER
        + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
    )
    report = contribute(tmp_path, graph, SCHEMA, header=header)
    assert keys(report) == {
        ("schema-change", "cg:Treaty", "rdf:type", None),
        ("schema-change", "cg:Treaty", "rdfs:subClassOf", None),
        ("schema-change", "https://w3id.org/cybergraph/shapes/mine", "rdf:type", None),
        ("schema-change", "https://w3id.org/cybergraph/shapes/mine", "sh:targetClass", None),
        ("schema-change", "https://w3id.org/cybergraph/def", "owl:imports", None),
    }
    assert places(report) == {
        ("test-report-s2.ttl", 10, "cg:Treaty"),
        ("test-report-s2.ttl", 13, "https://w3id.org/cybergraph/shapes/mine"),
        ("test-report-s2.ttl", 16, "https://w3id.org/cybergraph/def"),
    }
    assert report.exit_code() == 1


USES_NAMED_INDIVIDUALS = """cgid:cyber-hygiene a cg:Topic ;
    rdfs:label "cyber hygiene"@en ;
    dcterms:description "Everyday practices that keep systems and data safe."@en ;
    skos:inScheme cgid:topics .

cgid:a-res-58-199 a cg:Resolution ;
    rdfs:label "UN General Assembly resolution 58/199"@en ;
    dcterms:description "General Assembly resolution on critical information infrastructures."@en ;
    cg:status cgid:status-planned ;
    cg:addresses cgid:cyber-hygiene .

cgid:topics a owl:NamedIndividual .
"""


def test_a_contribution_may_use_the_named_individuals_of_the_ontology(
    tmp_path: Path, graph: BuiltGraph
) -> None:
    """The concept schemes are declared owl:NamedIndividual in the ontology (so that pySHACL's ont_graph
    brings them into the data graph): using them, or saying the same of them, changes no schema."""
    header = HEADER + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    report = contribute(tmp_path, graph, USES_NAMED_INDIVIDUALS, header=header)
    assert report.findings == []
    assert report.checks_run == list(Check) and report.exit_code() == 0


def test_owl_same_as_between_entities_is_rejected(tmp_path: Path, graph: BuiltGraph) -> None:
    header = HEADER + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    report = contribute(tmp_path, graph, "cgid:itu owl:sameAs cgid:united-nations .\n", header=header)
    assert keys(report) == {("schema-change", "cgid:itu", "owl:sameAs", None)}
    assert places(report) == {("test-report-s2.ttl", 9, "cgid:itu")}


def test_an_adoption_date_that_is_not_a_date_violates_the_shapes(tmp_path: Path, graph: BuiltGraph) -> None:
    report = contribute(tmp_path, graph, RESOLUTION.replace('"2003-12-23"^^xsd:date', '"20 Dec 2002"'))
    assert keys(report) == {("shapes", "cgid:a-res-58-199", "cg:adoptionDate", "sh:OrConstraintComponent")}
    assert places(report) == {("test-report-s2.ttl", 8, "cgid:a-res-58-199")}
    assert report.findings[0].value == '"20 Dec 2002"'
    assert report.stopped_after is None and report.checks_run == list(Check)


def test_an_ill_typed_date_is_inconsistent_with_the_ontology(tmp_path: Path, graph: BuiltGraph) -> None:
    report = contribute(tmp_path, graph, RESOLUTION.replace('"2003-12-23"', '"20 Dec 2002"'))
    assert keys(report) == {("consistency", "cgid:a-res-58-199", "cg:adoptionDate", None)}
    assert places(report) == {("test-report-s2.ttl", 8, "cgid:a-res-58-199")}
    # How to write a date is the behaviour here.
    assert report.findings[0].message == (
        '"20 Dec 2002" is not a valid xsd:date: write a date as 2002-12-20 (xsd:date),'
        " 2002-12 (xsd:gYearMonth) or 2002 (xsd:gYear)"
    )
    assert report.stopped_after is Check.CONSISTENCY


def test_an_entity_in_a_file_of_no_source_has_no_source(tmp_path: Path, graph: BuiltGraph) -> None:
    report = contribute(tmp_path, graph, RESOLUTION, name="my-facts.ttl")
    assert keys(report) == {("shapes", "cgid:a-res-58-199", None, "cgv:ViolationQueryComponent")}
    assert places(report) == {("my-facts.ttl", 8, "cgid:a-res-58-199")}
    assert report.findings[0].component == COMPONENT
    assert (report.findings[0].shape or "").endswith("/shapes/entity-without-source-violation.rq")


def test_a_contribution_that_breaks_an_existing_entity_is_reported(tmp_path: Path, graph: BuiltGraph) -> None:
    report = contribute(tmp_path, graph, 'cgid:a-res-57-239 cg:adoptionDate "2002-12"^^xsd:gYearMonth .\n')
    assert keys(report) == {
        ("shapes", "cgid:a-res-57-239", "cg:adoptionDate", "sh:MaxCountConstraintComponent")
    }
    assert places(report) == {("test-report-s2.ttl", 8, "cgid:a-res-57-239")}


def test_a_triple_in_two_files_is_reported_in_each(tmp_path: Path, graph: BuiltGraph) -> None:
    """Checks of statements look at each file alone, so each file that states a wrong triple is marked."""
    header = HEADER + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    first, second = tmp_path / "test-report-s2.ttl", tmp_path / "other.ttl"
    first.write_text(header + "cgid:itu owl:sameAs cgid:united-nations .\n", encoding="utf-8")
    second.write_text(header + "\ncgid:itu owl:sameAs cgid:united-nations .\n", encoding="utf-8")
    report = validate([first, second], data=FIXTURE, graph=graph, timeout=None)
    assert places(report) == {("test-report-s2.ttl", 9, "cgid:itu"), ("other.ttl", 10, "cgid:itu")}


def test_blank_nodes_of_two_files_are_distinct(tmp_path: Path, graph: BuiltGraph) -> None:
    """`_:b` of one file is not `_:b` of another: each holds a label of its own, and neither is wrong."""
    first, second = tmp_path / "test-report-s2.ttl", tmp_path / "other.ttl"
    first.write_text(HEADER + RESOLUTION + '_:b cg:p1 "one" .\n', encoding="utf-8")
    second.write_text(HEADER + '_:b cg:p1 "two" .\n', encoding="utf-8")
    report = validate([first, second], data=FIXTURE, graph=graph, timeout=None)
    values = {(Path(f.file or "").name, f.value) for f in report.findings}
    assert values == {("test-report-s2.ttl", '"one"'), ("other.ttl", '"two"')}
    entities = {f.entity for f in report.findings}
    assert len(entities) == 2 and all(e and e.startswith("_:") for e in entities)


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the fixture data with a problem that was there before any contribution."""
    data = tmp_path_factory.mktemp("planted") / "data"
    shutil.copytree(FIXTURE, data)
    with (data / "facts" / "test-report-s1.ttl").open("a", encoding="utf-8") as out:
        out.write('\ncgid:itu cg:foundingDate "a long time ago" .\n')
    return data


CLEAN = """cgid:itu-d a cg:OrganizationalUnit ;
    rdfs:label "ITU Telecommunication Development Sector"@en ;
    dcterms:description "The sector of ITU that helps developing countries."@en ;
    cg:subOrganizationOf cgid:itu .
"""


def test_a_clean_contribution_is_not_blamed_for_an_existing_finding(tmp_path: Path, planted: Path) -> None:
    whole = validate(data=planted, timeout=None)
    existing = [f for f in whole.findings if f.severity is Severity.VIOLATION]
    assert [(Path(f.file or "").name, f.line, short(f.entity), short(f.property)) for f in existing] == [
        ("test-report-s1.ttl", 19, "cgid:itu", "cg:foundingDate")
    ]
    path = tmp_path / "test-report-s2.ttl"
    path.write_text(HEADER + CLEAN, encoding="utf-8")
    report = validate([path], data=planted, timeout=None)
    assert report.focus_nodes == 2  # the new unit and cgid:itu, whose existing problem is not reported
    assert report.findings == [] and report.exit_code() == 0


def test_a_changed_data_file_is_validated_without_its_old_version(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    changed = data / "facts" / "test-report-s2.ttl"
    changed.write_text(HEADER + RESOLUTION.replace("A/RES/58/199", "A/RES/57/239"), encoding="utf-8")
    report = validate([changed], data=data, timeout=None)
    assert keys(report) == {("duplicate", "cgid:a-res-58-199", "cg:documentSymbol", None)}
    assert places(report) == {("test-report-s2.ttl", 8, "cgid:a-res-58-199")}


def test_the_whole_graph_reports_the_syntax_errors_of_every_data_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    for path, old, new in (
        (data / "sources.ttl", "cg:partOf cgid:test-report .", "cg:partOf foo:test-report ."),
        (data / "facts" / "test-report-s1.ttl", '"UN"@en ;', '"UN"@en'),
    ):
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    report = validate(data=data, timeout=None)
    assert positions(report) == [("test-report-s1.ttl", 12, 5), ("sources.ttl", 19, 15)]
    assert [Path(f).name for f in report.files] == ["test-report-s1.ttl", "sources.ttl"]
    assert report.checks_run == [Check.SYNTAX] and report.exit_code() == 2


def test_an_ill_typed_literal_in_the_data_is_an_inconsistency_at_its_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    facts = data / "facts" / "test-report-s1.ttl"
    text = facts.read_text(encoding="utf-8").replace('"2002-12-20"^^xsd:date', '"2002-12-32"^^xsd:date')
    facts.write_text(text, encoding="utf-8")
    report = validate(data=data, timeout=None)
    assert keys(report) == {("consistency", "cgid:a-res-57-239", "cg:adoptionDate", None)}
    assert places(report) == {("test-report-s1.ttl", 25, "cgid:a-res-57-239")}
    assert report.stopped_after is Check.CONSISTENCY


def test_a_finding_in_the_whole_graph_points_at_the_data_file_and_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    facts = data / "facts" / "test-report-s1.ttl"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace('"UN"@en', '"UN"@en , "ITU"@en'), encoding="utf-8"
    )
    report = validate(data=data, timeout=None)
    duplicates = [f for f in report.findings if f.check is Check.DUPLICATE]
    assert [(Path(f.file or "").name, f.line, short(f.entity), f.value, f.severity) for f in duplicates] == [
        ("test-report-s1.ttl", 9, "cgid:united-nations", '"ITU"', Severity.WARNING)
    ]
    assert duplicates[0].message.startswith("likely the same as cgid:itu: ")


def test_findings_are_grouped_by_file_then_entity() -> None:
    report = Report(files=["b.ttl", "a.ttl"])
    report.findings = [
        Finding(Check.SHAPES, Severity.WARNING, "m", file="a.ttl", line=3, entity="x"),
        Finding(Check.SHAPES, Severity.VIOLATION, "m", file="b.ttl", line=9, entity="y"),
        Finding(Check.DANGLING, Severity.VIOLATION, "m", file="b.ttl", line=2, entity="z"),
    ]
    report.sort()
    assert [(f.file, f.line) for f in report.findings] == [("b.ttl", 2), ("b.ttl", 9), ("a.ttl", 3)]

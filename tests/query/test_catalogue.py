"""Stored queries: headers read and checked, every query valid against the ontology, golden results.

After the data or a stored query changes, regenerate the golden results with
`.venv/bin/python -m pytest tests/query/test_catalogue.py --update-golden` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from cybergraph.core.errors import InputError, UsageError
from cybergraph.query.catalogue import StoredQuery, check, example_args, find, folder, load_file, names, parse
from cybergraph.query.engine import Embedded
from cybergraph.query.formats import SUFFIX, render
from cybergraph.query.params import ParamSpec, ParamType
from cybergraph.query.run import prepare, run_query
from tests.golden import check_golden

GOLDEN = Path(__file__).parent / "golden"

HEADER = """\
# title: Timeline of instruments and events
# question: What was adopted or held,
#   in date order?
# param: from (integer, default 1980, example 2000) first year
# param: label (literal, default "a, (b)", optional) a label
# param: body (entity, optional) the body
# example: cybergraph query timeline --param from=2000 --param "label=x y"
#
# Free comments follow a line holding only '#': # title: here is not a key.
SELECT ?from ?label ?body WHERE { } ORDER BY ?from
"""


def read(text: str, *, stored: bool = True) -> StoredQuery:
    return parse(text, name="timeline", origin="queries/timeline.rq", stored=stored)


def test_header_is_read() -> None:
    q = read(HEADER)
    assert (q.title, q.question) == (
        "Timeline of instruments and events",
        "What was adopted or held, in date order?",
    )
    assert q.params == (
        ParamSpec("from", ParamType.INTEGER, default="1980", example="2000", description="first year"),
        ParamSpec("label", ParamType.LITERAL, default="a, (b)", optional=True, description="a label"),
        ParamSpec("body", ParamType.ENTITY, optional=True, description="the body"),
    )
    assert q.examples == ('cybergraph query timeline --param from=2000 --param "label=x y"',)
    assert q.example_params() == {"from": "2000", "label": "x y"}


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (("# question:", "# qestion:"), 2, "unknown header key 'qestion'"),
        (("#   in date order?", "# in date order?"), 3, "unknown header line"),
        (("(integer, default 1980", "(int, default 1980"), 4, "parameter from: unknown type 'int'"),
        (
            ("default 1980", "default nineteen"),
            4,
            "parameter from: the default is not integer: 'nineteen' is not a",
        ),
        (("example 2000", "exemple 2000"), 4, "parameter from: unknown option 'exemple 2000'"),
        (('default "a, (b)"', 'default "a, (b)'), 5, "parameter label: no closing parenthesis"),
        (("# param: body (entity", "# param: from (entity"), 6, "parameter from is declared twice"),
        (
            ("# param: body (entity, optional)", "# param: body entity"),
            6,
            "bad parameter 'body entity the body'",
        ),
        (("query timeline --param", "query timelines --param"), 7, "the example does not run this query"),
        (("--param from=2000", "--param fro=2000"), 7, "the example gives an unknown parameter 'fro'"),
        (("--param from=2000", "--param from=MM"), 7, "the example's from is not integer"),
        (("# title: Timeline of instruments and events\n", ""), 1, "the header has no title"),
        (
            ('# example: cybergraph query timeline --param from=2000 --param "label=x y"\n', ""),
            1,
            "the header has no ex",
        ),
    ],
)
def test_malformed_header_is_reported_at_its_line(change: tuple[str, str], line: int, message: str) -> None:
    text = HEADER.replace(*change)
    assert text != HEADER
    with pytest.raises(InputError) as caught:
        read(text)
    assert caught.value.message.startswith(message)
    assert str(caught.value.position) == f"queries/timeline.rq:{line}:1"


def test_a_query_of_ones_own_needs_no_header() -> None:
    q = read("# my query\nSELECT * WHERE { ?s ?p ?o }", stored=False)
    assert q.params == () and q.title == ""


def test_unknown_stored_query_suggests_near_names() -> None:
    with pytest.raises(UsageError) as caught:
        find("timelin")
    assert caught.value.message == "no stored query 'timelin'"
    assert caught.value.hint is not None and caught.value.hint.startswith("did you mean timeline?")


def test_example_arguments() -> None:
    words, values = example_args("cybergraph query x --param a=1 --param=b=c=d -f csv", "x", origin="-")
    assert words[-2:] == ["-f", "csv"] and values == {"a": "1", "b": "c=d"}


# -- the catalogue


def test_check_finds_problems_at_their_position(tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    path.write_text(
        "# title: t\n# question: q?\n# param: who (entity, example itu) someone\n"
        "# example: cybergraph query bad\n"
        "PREFIX cg: <https://w3id.org/cybergraph/def#>\n"
        "SELECT ?x WHERE {\n  ?x a cg:Covention .\n  SERVICE <http://e/> { ?x ?p ?o }\n}\n"
    )
    problems = [f"{p.position}: {p.message}" for p in check([load_file(path)])]
    where = path.name
    assert [p.replace(str(tmp_path) + "/", "") for p in problems] == [
        f"{where}:8:3: a stored query may not use SERVICE (http://e/)",
        f"{where}:3:1: parameter who is not used in the query (no ?who)",
        f"{where}:6:1: the SELECT has no ORDER BY",
        f"{where}:7:8: cg:Covention is not defined by the ontology",
    ]


@pytest.mark.parametrize("name", names())
def test_stored_query_is_valid(name: str) -> None:
    """Header, syntax, parameters used, ORDER BY, and every cg: term defined by the ontology."""
    problems = check([load_file(folder() / f"{name}.rq")])
    assert [p.render() for p in problems] == []


def _golden_run(name: str, store: ox.Store) -> tuple[str, str]:
    query = find(name)
    words, params = example_args(query.examples[0], name, origin=query.origin)
    engine = Embedded(store)
    prepared = prepare(query, engine=engine, params=params, timeout=None)
    fmt = next((words[i + 1] for i, w in enumerate(words[:-1]) if w in ("--format", "-f")), None)
    fmt = fmt or ("turtle" if prepared.form in ("CONSTRUCT", "DESCRIBE") else "tsv")
    return render(prepared.run(), fmt), SUFFIX[fmt]


@pytest.mark.parametrize("name", names())
def test_golden_result_of_the_first_example(name: str, store: ox.Store, update_golden: bool) -> None:
    text, suffix = _golden_run(name, store)
    check_golden(GOLDEN / f"{name}.{suffix}", text, update=update_golden)


def test_a_parameter_the_query_sets_itself(tmp_path: Path) -> None:
    path = tmp_path / "twice.rq"
    path.write_text(
        "# title: t\n# question: q?\n# param: year (integer, default 2000) a year\n"
        "# example: cybergraph query twice\nSELECT ?year WHERE { BIND(1999 AS ?year) } ORDER BY ?year\n"
    )
    problems = check([load_file(path)])
    assert [(p.position.line, p.position.column, p.message) for p in problems if p.position] == [
        (5, 35, "parameter year is also set by the query (AS ?year)")
    ]
    with pytest.raises(InputError) as caught:
        run_query(load_file(path), store=ox.Store())
    assert caught.value.message == (
        "the query cannot take its parameters (?year) at the top of its WHERE clause"
    )


def test_golden_files_belong_to_stored_queries() -> None:
    """A golden file left behind by a renamed or removed query fails here."""
    assert sorted(p.stem for p in GOLDEN.iterdir() if p.stem not in names()) == []

"""Typed parameters: turned into RDF terms and checked before the query runs, with clear messages."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from cybergraph.core.errors import UsageError
from cybergraph.query.params import (
    EntityName,
    ParamError,
    ParamSpec,
    ParamType,
    bind,
    convert,
    parse_assignments,
)

XSD = "http://www.w3.org/2001/XMLSchema#"
SPECS = (
    ParamSpec("from", ParamType.INTEGER, default="1980", example="2000"),
    ParamSpec("body", ParamType.ENTITY, example="itu"),
    ParamSpec("topic", ParamType.ENTITY, optional=True),
    ParamSpec("when", ParamType.DATE, default="2001"),
    ParamSpec("text", ParamType.LITERAL, default=""),
)


def typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


@pytest.mark.parametrize(
    ("raw", "term"),
    [
        ("2001", typed("2001", "gYear")),
        ("2001-11", typed("2001-11", "gYearMonth")),
        ("2001-11-23", typed("2001-11-23", "date")),
        ("2004-02-29", typed("2004-02-29", "date")),
    ],
)
def test_dates_keep_their_precision(raw: str, term: ox.Literal) -> None:
    assert convert(SPECS[3], raw) == term


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2001-13", "'2001-13' has no month 13"),
        ("2001-02-29", "'2001-02-29' is not a calendar date: day is out of range for month"),
        ("23/11/2001", "'23/11/2001' is not a date"),
        ("20011", "'20011' is not a date"),
    ],
)
def test_bad_dates(raw: str, message: str) -> None:
    with pytest.raises(ParamError) as caught:
        convert(SPECS[3], raw)
    assert str(caught.value) == message


def test_integers_are_canonical() -> None:
    assert convert(SPECS[0], "+0042") == typed("42", "integer")
    with pytest.raises(ParamError, match="'42a' is not a whole number"):
        convert(SPECS[0], "42a")


def test_literals_are_taken_as_they_are() -> None:
    assert convert(SPECS[4], ' a "b" }\n') == ox.Literal(' a "b" }\n')


def test_bind_fills_defaults_and_leaves_optional_parameters_unbound() -> None:
    values = bind(SPECS, {"body": "International Telecommunication Union"})
    assert values == {
        "from": typed("1980", "integer"),
        "body": EntityName("International Telecommunication Union"),
        "when": typed("2001", "gYear"),
        "text": ox.Literal(""),
    }


def test_bind_takes_terms_as_given() -> None:
    node = ox.NamedNode("https://w3id.org/cybergraph/id/itu")
    assert bind(SPECS, {"body": node})["body"] == node


def test_unknown_parameter_lists_the_known_ones() -> None:
    with pytest.raises(UsageError) as caught:
        bind(SPECS, {"form": "2000", "body": "itu"}, query="query 'timeline'")
    assert caught.value.message == "query 'timeline' has no parameter 'form'"
    assert caught.value.hint == (
        "its parameters: from (integer, default 1980), body (entity, required), topic (entity, optional),"
        " when (date, default 2001), text (literal, default )"
    )


def test_a_query_without_parameters_says_so() -> None:
    with pytest.raises(UsageError) as caught:
        bind((), {"x": "1"})
    assert caught.value.hint == "its parameters: none"


def test_wrong_type_says_what_was_expected() -> None:
    with pytest.raises(UsageError) as caught:
        bind(SPECS, {"from": "two thousand", "body": "itu"})
    assert caught.value.message == "parameter from is integer, but 'two thousand' is not a whole number"
    assert caught.value.hint == "expected a whole number such as 2005"


def test_missing_required_parameter() -> None:
    with pytest.raises(UsageError) as caught:
        bind(SPECS, {})
    assert caught.value.message.startswith("the query needs the parameter body: an entity")
    assert caught.value.hint == "give it with --param body=VALUE (for example --param body=itu)"


def test_assignments_split_at_the_first_equals_sign() -> None:
    assert parse_assignments(["text=a=b", "from=2000"]) == {"text": "a=b", "from": "2000"}
    with pytest.raises(UsageError, match="--param from is given twice"):
        parse_assignments(["from=1", "from=2"])
    with pytest.raises(UsageError, match="is not NAME=VALUE"):
        parse_assignments(["from"])

"""The triple index: a graph's few lookups over pyoxigraph triples, in a stable order."""

from __future__ import annotations

import doctest

import pyoxigraph as ox
import pytest

import cybergraph.rdf.index
from cybergraph.rdf.index import TripleIndex
from cybergraph.rdf.read import parse_turtle

EX = "http://example.org/"


def n(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


def index_of(text: str) -> TripleIndex:
    parsed = parse_turtle(f"@prefix : <{EX}> .\n{text}".encode())
    assert not parsed.problems
    return TripleIndex(parsed.triples)


def test_doctest() -> None:
    assert doctest.testmod(cybergraph.rdf.index).failed == 0


def test_lookups_answer_in_the_order_triples_were_given() -> None:
    g = index_of(':a :p :c , :b , "x" . :d :p :b . :a :q :b . :a :p :c .')
    assert len(g) == 5  # the repeated triple counts once
    assert g.objects(n("a"), n("p")) == [n("c"), n("b"), ox.Literal("x")]
    assert g.subjects(n("p"), n("b")) == [n("a"), n("d")]
    assert g.subjects(n("p")) == [n("a"), n("d")]
    assert g.subjects(None, n("b")) == [n("a"), n("d")]
    assert g.subjects() == [n("a"), n("d")]
    assert g.value(n("a"), n("p")) == n("c") and g.value(n("b"), n("p")) is None
    assert g.predicate_objects(n("a")) == [(n("p"), n("c")), (n("p"), n("b")), (n("p"), ox.Literal("x")),
                                           (n("q"), n("b"))]  # fmt: skip
    assert g.subject_objects(n("q")) == [(n("a"), n("b"))]
    assert ox.Triple(n("d"), n("p"), n("b")) in g and ox.Triple(n("d"), n("p"), n("c")) not in g


def test_transitive_objects_start_with_the_subject_and_survive_a_cycle() -> None:
    g = index_of(":a :sub :b , :c . :b :sub :d . :d :sub :a . :c :sub :e .")
    assert g.transitive_objects(n("a"), n("sub")) == [n("a"), n("b"), n("d"), n("c"), n("e")]
    assert g.transitive_objects(n("e"), n("sub")) == [n("e")]


def test_items_of_an_rdf_list() -> None:
    g = index_of(":x :members ( :one :two :three ) . :y :members () .")
    head = g.value(n("x"), n("members"))
    assert head is not None and g.items(head) == [n("one"), n("two"), n("three")]
    empty = g.value(n("y"), n("members"))
    assert empty is not None and g.items(empty) == []


def test_a_triple_term_is_refused() -> None:
    triple = ox.Triple(n("a"), n("p"), ox.Triple(n("a"), n("p"), n("b")))
    with pytest.raises(ValueError, match="triple term"):
        TripleIndex([triple])

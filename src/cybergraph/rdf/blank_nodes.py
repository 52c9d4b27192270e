"""Blank-node labels that depend on the graph's content only, so that exports are the same bytes every run.

Parsers give blank nodes random labels. Here each one is named by a hash of where it hangs (graph, parent
and predicate) and of what it holds (its triples, recursively). The project's blank nodes are trees (the
canonical Turtle form only has `[ ... ]` and `( ... )`), where two nodes with the same parent, predicate
and content are interchangeable: which of them gets the `n2` suffix does not change the output.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence

from rdflib import BNode, URIRef
from rdflib.term import Node

from cybergraph.rdf.quads import Quad


class UnsupportedBlankNodes(ValueError):
    """A blank node that is shared by two triples or in a cycle; exports need an IRI there."""


class _Labeller:
    def __init__(self, quads: Sequence[Quad]) -> None:
        self.outgoing: dict[BNode, list[tuple[URIRef, Node, URIRef | None]]] = defaultdict(list)
        self.incoming: dict[BNode, list[tuple[Node, URIRef, URIRef | None]]] = defaultdict(list)
        self.nodes: set[BNode] = set()
        for s, p, o, g in quads:
            if isinstance(s, BNode):
                self.outgoing[s].append((p, o, g))
                self.nodes.add(s)
            if isinstance(o, BNode):
                self.incoming[o].append((s, p, g))
                self.nodes.add(o)
        for node, parents in self.incoming.items():
            if len(parents) > 1:
                raise UnsupportedBlankNodes(
                    f"blank node {node.n3()} is the object of {len(parents)} triples; give it an IRI"
                )
        self.contents: dict[BNode, str] = {}
        self.labels: dict[BNode, str] = {}
        self.taken: dict[str, int] = defaultdict(int)

    def content(self, node: BNode, path: frozenset[BNode] = frozenset()) -> str:
        if node in self.contents:
            return self.contents[node]
        if node in path:
            raise UnsupportedBlankNodes("blank nodes in a cycle; give one of them an IRI")
        parts = []
        for p, o, g in self.outgoing[node]:
            value = self.content(o, path | {node}) if isinstance(o, BNode) else o.n3()
            parts.append(f"{g.n3() if g else ''} {p.n3()} {value}")
        self.contents[node] = "[" + ";".join(sorted(parts)) + "]"
        return self.contents[node]

    def label(self, node: BNode, path: frozenset[BNode] = frozenset()) -> str:
        if node in self.labels:
            return self.labels[node]
        if node in path:
            raise UnsupportedBlankNodes("blank nodes in a cycle; give one of them an IRI")
        where = ""
        for s, p, g in self.incoming[node]:
            parent = "_:" + self.label(s, path | {node}) if isinstance(s, BNode) else s.n3()
            where = f"{g.n3() if g else ''} {parent} {p.n3()}"
        digest = hashlib.sha256(f"{where}|{self.content(node)}".encode()).hexdigest()[:16]
        self.taken[digest] += 1
        count = self.taken[digest]
        self.labels[node] = f"b{digest}" if count == 1 else f"b{digest}n{count}"
        return self.labels[node]


def stable_labels(quads: Sequence[Quad]) -> list[Quad]:
    """The quads with every blank node renamed to a label derived from its place and content.

    Raises UnsupportedBlankNodes for a blank node that is the object of two triples or part of a cycle.
    """
    labeller = _Labeller(quads)
    if not labeller.nodes:
        return list(quads)
    mapping = {node: BNode(labeller.label(node)) for node in labeller.nodes}

    def rename(term: Node) -> Node:
        return mapping[term] if isinstance(term, BNode) else term

    return [(rename(s), p, rename(o), g) for s, p, o, g in quads]  # type: ignore[misc]

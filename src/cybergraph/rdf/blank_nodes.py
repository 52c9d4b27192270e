"""Blank-node labels that depend on the graph's content only, so that exports are the same bytes every run.

Parsers give blank nodes random labels. Here each one is named by a hash of where it hangs (graph, parent
and predicate) and of what it holds (its triples, recursively). The project's blank nodes are trees (the
canonical Turtle form writes them as `[ ... ]` and `( ... )`), where two nodes with the same parent,
predicate and content are interchangeable: which of them gets the `n2` suffix does not change the output.
A graph whose blank nodes are not trees (one shared by two triples, or a cycle) has no such labels:
`UnsupportedBlankNodes`; RDF canonicalisation (`canonical_triples`) names those.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from cybergraph.rdf.terms import GraphName, n3, ntriples


class UnsupportedBlankNodes(ValueError):
    """A blank node that is shared by two triples or in a cycle; exports need an IRI there."""


def _text(term: object) -> str:
    """A term as rdflib's n3() writes it (the text the labels have always been hashed from)."""
    if isinstance(term, ox.Triple):
        return ntriples(term)
    return n3(term)  # type: ignore[arg-type]


def _graph_text(graph: GraphName) -> str:
    return "" if isinstance(graph, ox.DefaultGraph) else _text(graph)


class _Labeller:
    def __init__(self, quads: Sequence[ox.Quad]) -> None:
        self.outgoing: dict[ox.BlankNode, list[ox.Quad]] = defaultdict(list)
        self.incoming: dict[ox.BlankNode, list[ox.Quad]] = defaultdict(list)
        self.nodes: dict[ox.BlankNode, None] = {}  # insertion order, so the labelling order is the quads'
        blank = ox.BlankNode
        for quad in quads:
            s, o = quad.subject, quad.object
            if type(s) is blank:
                self.outgoing[s].append(quad)
                self.nodes[s] = None
            if type(o) is blank:
                self.incoming[o].append(quad)
                self.nodes[o] = None
        for node, parents in self.incoming.items():
            if len(parents) > 1:
                raise UnsupportedBlankNodes(
                    f"blank node _:{node.value} is the object of {len(parents)} triples; give it an IRI"
                )
        self.contents: dict[ox.BlankNode, str] = {}
        self.labels: dict[ox.BlankNode, str] = {}
        self.taken: dict[str, int] = defaultdict(int)

    def content(self, node: ox.BlankNode) -> str:
        """The node's triples, nested blank nodes by their content (depth first, without recursion: a long
        list nests deeply)."""
        contents = self.contents
        if node in contents:
            return contents[node]
        path: set[ox.BlankNode] = set()
        stack: list[tuple[ox.BlankNode, bool]] = [(node, False)]
        while stack:
            current, done = stack.pop()
            if done:
                path.discard(current)
                parts = []
                for quad in self.outgoing[current]:
                    o = quad.object
                    value = contents[o] if isinstance(o, ox.BlankNode) else _text(o)
                    parts.append(f"{_graph_text(quad.graph_name)} {_text(quad.predicate)} {value}")
                contents[current] = "[" + ";".join(sorted(parts)) + "]"
                continue
            if current in contents:
                continue
            if current in path:
                raise UnsupportedBlankNodes("blank nodes in a cycle; give one of them an IRI")
            path.add(current)
            stack.append((current, True))
            for quad in self.outgoing[current]:
                o = quad.object
                if isinstance(o, ox.BlankNode) and o not in contents:
                    if o in path:
                        raise UnsupportedBlankNodes("blank nodes in a cycle; give one of them an IRI")
                    stack.append((o, False))
        return contents[node]

    def label(self, node: ox.BlankNode) -> str:
        """`b` + a hash of where the node hangs (its parent's label, the predicate) and of its content."""
        chain: list[ox.BlankNode] = []
        seen: set[ox.BlankNode] = set()
        current = node
        while current not in self.labels:  # up to the first ancestor that has a label or is not blank
            if current in seen:
                raise UnsupportedBlankNodes("blank nodes in a cycle; give one of them an IRI")
            chain.append(current)
            seen.add(current)
            parents = self.incoming[current]
            if not parents or not isinstance(parents[-1].subject, ox.BlankNode):
                break
            current = parents[-1].subject
        for current in reversed(chain):
            where = ""
            for quad in self.incoming[current]:
                s = quad.subject
                parent = "_:" + self.labels[s] if isinstance(s, ox.BlankNode) else _text(s)
                where = f"{_graph_text(quad.graph_name)} {parent} {_text(quad.predicate)}"
            digest = hashlib.sha256(f"{where}|{self.content(current)}".encode()).hexdigest()[:16]
            self.taken[digest] += 1
            count = self.taken[digest]
            self.labels[current] = f"b{digest}" if count == 1 else f"b{digest}n{count}"
        return self.labels[node]


def stable_labels(quads: Sequence[ox.Quad]) -> list[ox.Quad]:
    """The quads with every blank node renamed to a label derived from its place and content.

    Raises UnsupportedBlankNodes for a blank node that is the object of two triples or part of a cycle.
    (Blank nodes inside RDF 1.2 triple terms are not renamed: the project's data has none.)
    """
    labeller = _Labeller(quads)
    if not labeller.nodes:
        return list(quads)
    mapping = {node: ox.BlankNode(labeller.label(node)) for node in labeller.nodes}
    blank = ox.BlankNode
    out = []
    for quad in quads:
        s, o = quad.subject, quad.object
        if type(s) is blank or type(o) is blank:
            quad = ox.Quad(
                mapping[s] if type(s) is blank else s,
                quad.predicate,
                mapping[o] if type(o) is blank else o,
                quad.graph_name,
            )
        out.append(quad)
    return out


def stable_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """`stable_labels` for the triples of one graph."""
    return [q.triple for q in stable_labels([ox.Quad(t.subject, t.predicate, t.object) for t in triples])]


def canonical_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples with their blank nodes named by RDF canonicalisation (RDFC-1.0), any shape of graph."""
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return [quad.triple for quad in dataset]


def has_blank_nodes(triple: ox.Triple) -> bool:
    """Whether a blank node occurs in the triple (also inside a triple term)."""
    for term in (triple.subject, triple.object):
        if isinstance(term, ox.BlankNode) or (isinstance(term, ox.Triple) and has_blank_nodes(term)):
            return True
    return False

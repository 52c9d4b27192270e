"""The one canonical Turtle (and TriG) form of the project: same graph, same bytes.

rdflib's serialiser is not stable across versions and orders objects by its own rules, so committed
files and exports are written here instead: prefixes in a fixed table (only those used), subjects sorted
(the ontology header first), `rdf:type` then labels and descriptions first in each block, other
predicates and objects sorted, blank nodes inlined as `[ ... ]` or `( ... )` lists.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from cybergraph.rdf.legacy_vocab import PREFIXES

_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCT = "http://purl.org/dc/terms/"

# Predicates a reader looks for first, in this order; the rest follow alphabetically.
_LEADING = [
    str(RDF.type),
    str(RDFS.label),
    _SKOS + "prefLabel",
    _SKOS + "altLabel",
    _DCT + "title",
    _DCT + "description",
    _SKOS + "definition",
    str(RDFS.comment),
]
_LEAD_RANK = {iri: i for i, iri in enumerate(_LEADING)}

_LOCAL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_PLAIN_INTEGER = re.compile(r"^-?(0|[1-9][0-9]*)$")
_PLAIN_DECIMAL = re.compile(r"^[+-]?[0-9]*\.[0-9]+$")


class UnsupportedGraph(ValueError):
    """The graph has a shape the canonical form does not write (a shared or cyclic blank node)."""


def _escape(text: str, *, long: bool = False) -> str:
    out = []
    for i, ch in enumerate(text):
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            # In a long string a quote needs escaping only where it could end the string.
            bare = long and 0 < i < len(text) - 1 and text[i + 1] != '"'
            out.append('"' if bare else '\\"')
        elif ch == "\n":
            out.append("\n" if long else "\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


class _Writer:
    def __init__(self, graph: Graph, prefixes: Mapping[str, str]) -> None:
        self.graph = graph
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.used: set[str] = set()
        self.bnode_refs: dict[BNode, int] = defaultdict(int)
        for _, _, o in graph:
            if isinstance(o, BNode):
                self.bnode_refs[o] += 1

    # -- terms

    def iri(self, node: URIRef) -> str:
        text = str(node)
        for prefix, ns in self.prefixes:
            if text.startswith(ns):
                local = text[len(ns) :]
                if local == "" or _LOCAL.match(local):
                    self.used.add(prefix)
                    return f"{prefix}:{local}"
        return f"<{_escape(text)}>"

    def literal(self, lit: Literal) -> str:
        lex = str(lit)
        # Text of several lines (a SPARQL query in a shape, a long comment) stays readable as a long string.
        quote = '"""' if "\n" in lex else '"'
        text = quote + _escape(lex, long=quote == '"""') + quote
        if lit.language:
            return f"{text}@{lit.language}"
        dt = lit.datatype
        if dt is None or dt == XSD.string:
            return text
        if dt == XSD.integer and _PLAIN_INTEGER.match(lex):
            return lex
        if dt == XSD.decimal and _PLAIN_DECIMAL.match(lex):
            return lex
        if dt == XSD.boolean and lex in ("true", "false"):
            return lex
        return f"{text}^^{self.iri(URIRef(dt))}"

    def sort_key(self, node: Node) -> tuple[int, str, str, str]:
        if isinstance(node, URIRef):
            return (0, str(node), "", "")
        if isinstance(node, Literal):
            return (1, str(node), str(node.datatype or ""), node.language or "")
        # Blank nodes sort by their content, so the order does not depend on their random labels.
        return (2, self.bnode_signature(node), "", "")

    def bnode_signature(self, node: Node, depth: int = 0) -> str:
        if depth > 20:
            raise UnsupportedGraph("blank nodes nested too deeply or in a cycle")
        parts = []
        for p, o in sorted(self.graph.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            value = self.bnode_signature(o, depth + 1) if isinstance(o, BNode) else o.n3()
            parts.append(f"{p.n3()} {value}")
        return "[" + ";".join(parts) + "]"

    def term(self, node: Node, indent: int) -> str:
        if isinstance(node, URIRef):
            return self.iri(node)
        if isinstance(node, Literal):
            return self.literal(node)
        if isinstance(node, BNode):
            if self.bnode_refs[node] != 1:
                raise UnsupportedGraph("a blank node used more than once; give it an IRI")
            items = self.as_list(node)
            if items is not None:
                return "( " + " ".join(self.term(i, indent) for i in items) + " )"
            body = self.predicates(node, indent + 4)
            pad = " " * indent
            return "[\n" + body + f"\n{pad}]"
        raise UnsupportedGraph(f"cannot write {node!r}")

    def as_list(self, node: BNode) -> list[Node] | None:
        items: list[Node] = []
        current: Node = node
        seen: set[Node] = set()
        while current != RDF.nil:
            if not isinstance(current, BNode) or current in seen:
                return None
            seen.add(current)
            props = list(self.graph.predicate_objects(current))
            if sorted(str(p) for p, _ in props) != sorted([str(RDF.first), str(RDF.rest)]):
                return None
            if current is not node and self.bnode_refs[current] != 1:
                return None
            first = self.graph.value(current, RDF.first)
            rest = self.graph.value(current, RDF.rest)
            if first is None or rest is None:
                return None
            items.append(first)
            current = rest
        return items

    # -- blocks

    def predicates(self, subject: Node, indent: int) -> str:
        by_pred: dict[URIRef, list[Node]] = defaultdict(list)
        for p, o in self.graph.predicate_objects(subject):
            by_pred[URIRef(str(p))].append(o)
        preds = sorted(by_pred, key=lambda p: (_LEAD_RANK.get(str(p), len(_LEADING)), self.iri(p)))
        pad = " " * indent
        lines = []
        for p in preds:
            objects = [self.term(o, indent) for o in sorted(by_pred[p], key=self.sort_key)]
            joined = ", ".join(objects)
            if len(joined) > 100 and len(objects) > 1:
                joined = (",\n" + pad + "    ").join(objects)
            verb = "a" if p == RDF.type else self.iri(p)
            lines.append(f"{pad}{verb} {joined}")
        return " ;\n".join(lines)

    def subjects(self) -> list[Node]:
        roots = [
            s for s in set(self.graph.subjects()) if not (isinstance(s, BNode) and self.bnode_refs[s] == 1)
        ]
        if any(isinstance(s, BNode) and self.bnode_refs[s] > 1 for s in roots):
            raise UnsupportedGraph("a blank node that is the object of several triples; give it an IRI")
        headers = set(self.graph.subjects(RDF.type, OWL.Ontology))
        # Named subjects first (the ontology header leading), then unreferenced blank nodes by content.
        return sorted(roots, key=lambda s: (isinstance(s, BNode), s not in headers, self.sort_key(s)))

    def blocks(self, indent: int = 0) -> list[str]:
        pad = " " * indent
        out = []
        for subject in self.subjects():
            body = self.predicates(subject, indent + 4)
            if isinstance(subject, BNode):
                # A blank node nothing points to is written as a statement of its own: `[ p o ] .`
                out.append(f"{pad}[\n{body}\n{pad}] .")
            else:
                out.append(f"{pad}{self.term(subject, indent)} " + body.lstrip() + " .")
        return out


def _prefix_lines(writer: _Writer, prefixes: Mapping[str, str]) -> str:
    return "".join(f"@prefix {p}: <{prefixes[p]}> .\n" for p in sorted(writer.used))


def to_turtle(graph: Graph, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """The canonical Turtle text of `graph`."""
    writer = _Writer(graph, prefixes)
    blocks = writer.blocks()
    return _prefix_lines(writer, prefixes) + "\n" + "\n\n".join(blocks) + "\n"


def to_trig(graphs: Iterable[tuple[URIRef | None, Graph]], prefixes: Mapping[str, str] = PREFIXES) -> str:
    """Canonical TriG: the default graph's triples first, then each named graph in IRI order."""
    used: set[str] = set()
    sections = []
    for name, graph in sorted(graphs, key=lambda ng: (ng[0] is not None, str(ng[0] or ""))):
        if len(graph) == 0:
            continue
        writer = _Writer(graph, prefixes)
        if name is None:
            sections.append("\n\n".join(writer.blocks()))
        else:
            label = writer.iri(name)
            sections.append(f"{label} {{\n" + "\n\n".join(writer.blocks(indent=4)) + "\n}")
        used |= writer.used
    header = "".join(f"@prefix {p}: <{prefixes[p]}> .\n" for p in sorted(used))
    return header + "\n" + "\n\n".join(sections) + "\n"

"""The one canonical Turtle (and TriG) form of the project: same graph, same bytes.

Committed files, exports, query answers and validation reports are all written here: prefixes from a
fixed table (only those used), subjects sorted (the ontology header first), `rdf:type` then labels and
descriptions first in each block, other predicates and objects sorted, long texts as long strings.

Any graph can be written. A blank node that is the object of exactly one triple is written inline, as
`[ ... ]` or, for a well-formed RDF list, `( ... )`; one that is the object of no triple is a statement
of its own, `[ ... ] .`. Every other blank node (the object of several triples, one in a cycle, one
inside a triple term) is written with a label, `_:c14n0`, chosen by RDF canonicalisation (RDFC-1.0), so
the labels depend on the graph's content only.

Blank nodes sort by their content (rdflib's n3() text of their triples, the order the project's files
have always had). Where two nested blank nodes hang from the same predicate, the content labels of
`blank_nodes.stable_labels` break the tie, so the input's (random) labels never change a byte.
"""

from __future__ import annotations

import gc
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager

import pyoxigraph as ox

from cybergraph.rdf.blank_nodes import (
    UnsupportedBlankNodes,
    canonical_triples,
    stable_triples,
)
from cybergraph.rdf.quads import leading_rank
from cybergraph.rdf.terms import (
    OWL,
    PREFIXES,
    RDF,
    TURTLE_LOCAL,
    XSD,
    XSD_STRING,
    GraphName,
    Term,
    curie,
    datatype_of,
    n3,
    ntriples,
)

_RDF_TYPE = RDF + "type"
_RDF_FIRST = RDF + "first"
_RDF_REST = RDF + "rest"
_RDF_NIL = RDF + "nil"
_OWL_ONTOLOGY = OWL + "Ontology"
_TYPE_NODE = ox.NamedNode(_RDF_TYPE)
_XSD_INTEGER = XSD + "integer"
_XSD_DECIMAL = XSD + "decimal"
_XSD_BOOLEAN = XSD + "boolean"

_PLAIN_INTEGER = re.compile(r"^-?(0|[1-9][0-9]*)$")
_PLAIN_DECIMAL = re.compile(r"^[+-]?[0-9]*\.[0-9]+$")
_SPECIAL = re.compile(r'[\\"\x00-\x1f\x7f]')
_WRAP = 100  # objects of one predicate longer than this together go one per line


class UnsupportedGraph(ValueError):
    """A term the canonical form cannot write (not an RDF term)."""


def _escape(text: str, *, long: bool = False) -> str:
    if not _SPECIAL.search(text):
        return text
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


def _deterministic(distinct: list[ox.Triple]) -> tuple[list[ox.Triple], bool]:
    """The triples with blank nodes named by content; True when some need a label in the text (then
    every label is RDFC-1.0's)."""
    if not any(type(t.object) is ox.Triple for t in distinct):
        try:
            return stable_triples(distinct), False
        except UnsupportedBlankNodes:
            pass
    return canonical_triples(distinct), True


class _Writer:
    def __init__(self, triples: Iterable[ox.Triple | ox.Quad], prefixes: Mapping[str, str]) -> None:
        self.prefixes = prefixes
        self.iris: dict[str, str] = {}  # IRI -> its text
        self.prefixes_used: set[str] = set()  # the prefixes the texts of `iri` use
        self.texts: dict[Term, str] = {}  # IRIs and literals -> their text
        self.predicate_keys: dict[ox.NamedNode, tuple[int, str, str]] = {}
        self.signatures: dict[ox.BlankNode, str] = {}
        self.labelled: set[Term] = set()
        self.canonicalised = False
        if self._index(triples):
            # Blank nodes: named by content first, so that no byte depends on the input's labels.
            distinct = [
                ox.Triple(s, p, o)  # type: ignore[arg-type]
                for s, by_p in self.props.items()
                for p, objects in by_p.items()
                for o in objects
            ]
            ordered, self.canonicalised = _deterministic(distinct)
            self._index(ordered)
            in_terms: set[Term] = {
                b for t in ordered if type(t.object) is ox.Triple for b in _blank_nodes_in(t.object)
            }
            if self.canonicalised:
                self.labelled = self._labelled(in_terms)

    def _index(self, triples: Iterable[ox.Triple | ox.Quad]) -> bool:
        """subject -> predicate -> objects (each once), in the order first seen, and how many times each
        blank node is an object; True when the graph has blank nodes."""
        props: dict[Term, dict[ox.NamedNode, dict[Term, None]]] = {}
        refs: dict[Term, int] = {}
        blank, named = ox.BlankNode, ox.NamedNode
        special = False
        for t in triples:
            s, p, o = t.subject, t.predicate, t.object
            by_p = props.get(s)
            if by_p is None:
                by_p = props[s] = {}
                if type(s) is blank:
                    special = True
            objects = by_p.get(p)
            if objects is None:
                objects = by_p[p] = {}
            elif o in objects:
                continue
            objects[o] = None
            kind = type(o)
            if kind is not named and kind is not ox.Literal:
                special = True
                if kind is blank:
                    refs[o] = refs.get(o, 0) + 1
        self.props = props
        self.refs = refs
        return special

    def _labelled(self, labelled: set[Term]) -> set[Term]:
        """The blank nodes written with a label: those not the object of exactly one triple (except roots,
        the object of none), those in triple terms, and in each cycle of otherwise inline nodes the one with
        the least label."""
        labelled |= {b for b, n in self.refs.items() if n > 1}
        parent: dict[ox.BlankNode, Term] = {}
        for s, by_p in self.props.items():
            for objects in by_p.values():
                for o in objects:
                    if isinstance(o, ox.BlankNode) and self.refs[o] == 1:
                        parent[o] = s
        resolved: set[ox.BlankNode] = set()
        for start in sorted(parent, key=lambda b: b.value):
            path: list[ox.BlankNode] = []
            on_path: set[ox.BlankNode] = set()
            node: Term = start
            while isinstance(node, ox.BlankNode) and node in parent and node not in labelled:
                if node in resolved:
                    break
                if node in on_path:  # a cycle: the rest hangs inline from its least-labelled node
                    cycle = path[path.index(node) :]
                    labelled.add(min(cycle, key=lambda b: (len(b.value), b.value)))
                    break
                path.append(node)
                on_path.add(node)
                node = parent[node]
            resolved |= on_path
        return labelled

    # -- terms

    @property
    def used(self) -> set[str]:
        """The prefixes the text uses: every IRI given to `iri` is written (rdf:type as `a` too: the
        canonical form has always declared `rdf:` then)."""
        return set(self.prefixes_used)

    def iri(self, value: str) -> str:
        text = self.iris.get(value)
        if text is None:
            name = curie(value, self.prefixes, local=TURTLE_LOCAL)
            if name:
                text = name
                self.prefixes_used.add(name.partition(":")[0])
            else:
                text = f"<{_escape(value)}>"
            self.iris[value] = text
        return text

    def literal(self, lit: ox.Literal) -> str:
        lex = lit.value
        # Text of several lines (a SPARQL query in a shape, a long comment) stays readable as a long string.
        quote = '"""' if "\n" in lex else '"'
        text = quote + _escape(lex, long=quote == '"""') + quote
        language = lit.language
        if language:
            return f"{text}@{language}"
        datatype = lit.datatype.value
        if (
            (datatype == _XSD_INTEGER and _PLAIN_INTEGER.match(lex))
            or (datatype == _XSD_DECIMAL and _PLAIN_DECIMAL.match(lex))
            or (datatype == _XSD_BOOLEAN and lex in ("true", "false"))
        ):
            return lex  # numbers and booleans in Turtle's short form
        if datatype != XSD_STRING:
            return f"{text}^^{self.iri(datatype)}"
        return text

    def sort_key(self, node: Term) -> tuple[int, str, str, str]:
        if type(node) is ox.NamedNode:
            return (0, node.value, "", "")
        if type(node) is ox.Literal:
            return (1, node.value, datatype_of(node) or "", node.language or "")
        if type(node) is ox.BlankNode:
            # Blank nodes sort by their content, so the order does not depend on their labels.
            if node in self.labelled:
                return (2, "_:" + node.value, "", "")
            return (2, self.signature(node), "", "")
        return (3, ntriples(node), "", "")

    def signature(self, node: ox.BlankNode) -> str:
        """rdflib's n3() text of the blank node's triples, nested blank nodes by theirs (without recursion:
        a long list nests deeply)."""
        done = self.signatures
        if node in done:
            return done[node]
        stack = [node]
        while stack:
            current = stack[-1]
            pending = [
                o
                for objects in self.props.get(current, {}).values()
                for o in objects
                if type(o) is ox.BlankNode and o not in self.labelled and o not in done
            ]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            if current in done:
                continue
            parts = []
            for p, objects in self.props.get(current, {}).items():
                for o in objects:
                    parts.append((p.value, _str(o), p, o))
            parts.sort(key=lambda part: (part[0], part[1]))
            texts = []
            for _, _, p, o in parts:
                if type(o) is ox.BlankNode:
                    value = "_:" + o.value if o in self.labelled else done[o]
                elif type(o) is ox.Triple:
                    value = ntriples(o)
                else:
                    value = n3(o)
                texts.append(f"<{p.value}> {value}")
            done[current] = "[" + ";".join(texts) + "]"
        return done[node]

    def term(self, node: Term, indent: int) -> str:
        text = self.texts.get(node)
        if text is not None:
            return text
        if type(node) is ox.NamedNode:
            text = self.texts[node] = self.iri(node.value)
            return text
        if type(node) is ox.Literal:
            text = self.texts[node] = self.literal(node)
            return text
        if type(node) is ox.BlankNode:
            if node in self.labelled:
                return "_:" + node.value
            items = self.as_list(node)
            if items is not None:
                return "( " + " ".join(self.term(i, indent) for i in items) + " )"
            body = self.predicates(node, indent + 4)
            pad = " " * indent
            return "[\n" + body + f"\n{pad}]"
        if type(node) is ox.Triple:
            parts = [self.term(part, indent) for part in (node.subject, node.predicate, node.object)]
            return "<<( " + " ".join(parts) + " )>>"
        raise UnsupportedGraph(f"cannot write {node!r}")

    def as_list(self, node: ox.BlankNode) -> list[Term] | None:
        items: list[Term] = []
        current: Term = node
        seen: set[ox.BlankNode] = set()
        while not (type(current) is ox.NamedNode and current.value == _RDF_NIL):
            if type(current) is not ox.BlankNode or current in seen:
                return None
            seen.add(current)
            by_p = self.props.get(current, {})
            if sorted(p.value for p, objects in by_p.items() for _ in objects) != [_RDF_FIRST, _RDF_REST]:
                return None
            if current != node and (self.refs.get(current) != 1 or current in self.labelled):
                return None
            (first,) = by_p[ox.NamedNode(_RDF_FIRST)]
            (rest,) = by_p[ox.NamedNode(_RDF_REST)]
            items.append(first)
            current = rest
        return items

    # -- blocks

    def predicate_key(self, p: ox.NamedNode) -> tuple[int, str, str]:
        """Where a predicate goes in a block (type and labels first, the rest by their text), and its text
        there."""
        key = self.predicate_keys.get(p)
        if key is None:
            name = self.iri(p.value)
            key = self.predicate_keys[p] = (leading_rank(p), name, "a" if p.value == _RDF_TYPE else name)
        return key

    def predicates(self, subject: Term, indent: int) -> str:
        by_p = self.props[subject]
        pad = " " * indent
        lines = []
        # A predicate's text is unique to it: the sort never compares the predicates themselves.
        for (_, _, verb), p in sorted([(self.predicate_key(p), p) for p in by_p]):
            objects = by_p[p]
            if len(objects) == 1:
                lines.append(f"{pad}{verb} {self.term(next(iter(objects)), indent)}")
                continue
            texts = [self.term(o, indent) for o in sorted(objects, key=self.sort_key)]
            joined = ", ".join(texts)
            if len(joined) > _WRAP:
                joined = (",\n" + pad + "    ").join(texts)
            lines.append(f"{pad}{verb} {joined}")
        return " ;\n".join(lines)

    def subjects(self) -> list[Term]:
        refs, labelled = self.refs, self.labelled
        roots = [
            s for s in self.props if not (type(s) is ox.BlankNode and refs.get(s) == 1 and s not in labelled)
        ]
        headers = {
            s
            for s in roots
            if any(
                type(o) is ox.NamedNode and o.value == _OWL_ONTOLOGY
                for o in self.props[s].get(ox.NamedNode(_RDF_TYPE), ())
            )
        }

        def key(s: Term) -> tuple[bool, bool, bool, tuple[int, str, str, str]]:
            # Named subjects first (the ontology header leading), then unreferenced blank nodes by
            # content, then labelled blank nodes by label.
            if type(s) is ox.NamedNode:
                return (False, False, s not in headers, (0, s.value, "", ""))
            if isinstance(s, ox.BlankNode) and s in labelled:
                return (True, True, s not in headers, (2, f"{len(s.value):09d}{s.value}", "", ""))
            return (True, False, s not in headers, self.sort_key(s))

        return sorted(roots, key=key)

    def blocks(self, indent: int = 0) -> list[str]:
        pad = " " * indent
        out = []
        for subject in self.subjects():
            body = self.predicates(subject, indent + 4)
            if type(subject) is ox.BlankNode and subject not in self.labelled:
                # A blank node nothing points to is written as a statement of its own: `[ p o ] .`
                out.append(f"{pad}[\n{body}\n{pad}] .")
            else:
                out.append(f"{pad}{self.term(subject, indent)} " + body.lstrip() + " .")
        return out


def _str(term: object) -> str:
    """The text rdflib's str() gives a term: what ties between a blank node's triples are sorted by."""
    if isinstance(term, ox.Triple):
        return ntriples(term)
    return term.value  # type: ignore[attr-defined, no-any-return]


def _blank_nodes_in(triple: ox.Triple) -> set[ox.BlankNode]:
    found: set[ox.BlankNode] = set()
    for term in (triple.subject, triple.object):
        if isinstance(term, ox.BlankNode):
            found.add(term)
        elif isinstance(term, ox.Triple):
            found |= _blank_nodes_in(term)
    return found


def _prefix_lines(used: Iterable[str], prefixes: Mapping[str, str]) -> str:
    return "".join(f"@prefix {p}: <{prefixes[p]}> .\n" for p in sorted(used))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a writer builds its index: the collector would scan the growing
    index again and again (a third of the time at a million triples); nothing here makes cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def to_turtle(triples: Iterable[ox.Triple | ox.Quad], prefixes: Mapping[str, str] = PREFIXES) -> str:
    """The canonical Turtle text of the graph made of `triples` (repeated triples count once; quads are
    taken as their triples, named graphs merged)."""
    with _gc_paused():
        writer = _Writer(triples, prefixes)
        blocks = writer.blocks()
    return _prefix_lines(writer.used, prefixes) + "\n" + "\n\n".join(blocks) + "\n"


def to_trig(
    graphs: Iterable[tuple[GraphName | None, Iterable[ox.Triple | ox.Quad]]],
    prefixes: Mapping[str, str] = PREFIXES,
) -> str:
    """Canonical TriG: the default graph's triples first, then each named graph in IRI order.

    `graphs` pairs a graph name (`ox.DefaultGraph()` or None for the default graph) with its triples.
    """

    def is_named(name: GraphName | None) -> bool:
        return name is not None and not isinstance(name, ox.DefaultGraph)

    used: set[str] = set()
    sections = []
    ordered = sorted(graphs, key=lambda ng: (is_named(ng[0]), ng[0].value if is_named(ng[0]) else ""))  # type: ignore[union-attr]
    for name, triples in ordered:
        with _gc_paused():
            writer = _Writer(triples, prefixes)
            if not writer.props:
                continue
            if not is_named(name):
                sections.append("\n\n".join(writer.blocks()))
            else:
                label = writer.term(name, 0)  # type: ignore[arg-type]
                sections.append(f"{label} {{\n" + "\n\n".join(writer.blocks(indent=4)) + "\n}")
        used |= writer.used
    return _prefix_lines(used, prefixes) + "\n" + "\n\n".join(sections) + "\n"


# -- streamed: graphs without blank nodes whose triples come in subject order, in bounded memory

#: How many IRIs and literals the streamed writer keeps the text of before it starts afresh: enough for
#: the vocabulary, bounded for the data.
_CACHE = 65_536
#: How much of the body the streamed writer keeps in memory before it goes to an anonymous temporary file.
_SPOOL = 8 << 20


class _Streamed(_Writer):
    """The writer of one subject's block at a time, in the bytes `to_turtle` writes for it."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        super().__init__((), prefixes)

    def block(self, subject: Term, by_p: dict[ox.NamedNode, dict[Term, None]], indent: int) -> str:
        if type(subject) is not ox.NamedNode:
            raise UnsupportedGraph(f"cannot stream the blank node or term {subject!r} as a subject")
        if len(self.texts) > _CACHE or len(self.iris) > _CACHE:
            self.texts.clear()
            self.iris.clear()
        self.props = {subject: by_p}
        body = self.predicates(subject, indent + 4)
        return f"{' ' * indent}{self.term(subject, indent)} " + body.lstrip() + " ."


def _is_header(by_p: dict[ox.NamedNode, dict[Term, None]]) -> bool:
    return any(type(o) is ox.NamedNode and o.value == _OWL_ONTOLOGY for o in by_p.get(_TYPE_NODE, ()))


def _by_subject(triples: Iterable[ox.Triple]) -> Iterator[tuple[Term, dict[ox.NamedNode, dict[Term, None]]]]:
    """Each subject with its predicates and their objects (each once), for triples grouped by subject."""
    subject: Term | None = None
    by_p: dict[ox.NamedNode, dict[Term, None]] = {}
    for t in triples:
        s = t.subject
        if subject is None or s != subject:
            if subject is not None:
                yield subject, by_p
            subject, by_p = s, {}
        objects = by_p.get(t.predicate)
        if objects is None:
            objects = by_p[t.predicate] = {}
        objects[t.object] = None
    if subject is not None:
        yield subject, by_p


def write_sorted(
    graphs: Iterable[tuple[GraphName | None, Iterable[ox.Triple]]],
    write: Callable[[bytes], object],
    prefixes: Mapping[str, str] = PREFIXES,
) -> None:
    """Write, piece by piece, the bytes `to_trig` gives for `graphs` (or `to_turtle` for one graph, the
    default, alone), in memory that does not grow with the graphs.

    The graphs come in TriG's order (the default graph first, then the named ones by IRI), each once; a
    graph's triples come grouped by subject, the subjects in order of their IRIs; no blank nodes. The
    blocks wait in a spooled anonymous temporary file until the prefixes they use are known, then go out
    after them; the ontology's header, which leads its graph, is kept aside as its block goes by.
    """
    writer = _Streamed(prefixes)
    sections: list[tuple[str, str, list[str], int, int]] = []
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL) as body, _gc_paused():
        for name, triples in graphs:
            named = name is not None and not isinstance(name, ox.DefaultGraph)
            indent = 4 if named else 0
            headers: list[str] = []
            start = body.tell()
            for subject, by_p in _by_subject(triples):
                text = writer.block(subject, by_p, indent)
                if _is_header(by_p):
                    headers.append(text)
                else:
                    body.write(text.encode("utf-8") + b"\n\n")
            if not headers and body.tell() == start:
                continue
            opening = f"{writer.term(name, 0)} {{\n" if named else ""  # type: ignore[arg-type]
            sections.append((opening, "\n}" if named else "", headers, start, body.tell()))
        write(_prefix_lines(writer.used, prefixes).encode("utf-8") + b"\n")
        for i, (opening, closing, headers, start, end) in enumerate(sections):
            head = ("\n\n" if i else "") + opening + "\n\n".join(headers)
            if headers and end > start:
                head += "\n\n"
            write(head.encode("utf-8"))
            body.seek(start)
            left = max(end - start - 2, 0)  # without the separator after the last block
            while left:
                data = body.read(min(left, _SPOOL))
                write(data)
                left -= len(data)
            if closing:
                write(closing.encode("utf-8"))
    write(b"\n")

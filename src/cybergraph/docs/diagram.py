"""An SVG diagram of the ontology's classes and the object properties between them, laid out by hand.

Classes are boxes in a tree by `rdfs:subClassOf` (a child indented under its superclass, like a file
tree), so the diagram reads top to bottom without crossing subclass lines. Each object property whose
domain and range are both our classes is an arrow from the domain box to the range box, routed through
a vertical lane of its own to the right of the tree and labelled along that lane; lanes are reused
where arrows do not overlap. Of a pair of inverse properties only the one that does not declare
`owl:inverseOf` is drawn, its label naming the inverse. No graphviz: the layout is a few lines of
arithmetic, and the output is the same bytes on every run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

import pyoxigraph as ox

from cybergraph.rdf.index import TripleIndex
from cybergraph.rdf.terms import OWL, RDF_TYPE, RDFS, RDFS_LABEL, TERMS

_SUBCLASS_OF = ox.NamedNode(RDFS + "subClassOf")
_DOMAIN = ox.NamedNode(RDFS + "domain")
_RANGE = ox.NamedNode(RDFS + "range")
_CLASS = ox.NamedNode(OWL + "Class")
_OBJECT_PROPERTY = ox.NamedNode(OWL + "ObjectProperty")
_INVERSE_OF = ox.NamedNode(OWL + "inverseOf")

_FONT = 12
_CHAR = 7.3  # width of one character of the monospace font at _FONT px
_LABEL_CHAR = 6.1  # at the 10 px of arrow labels
_ROW = 26
_BOX = 18
_INDENT = 22
_TOP = 70
_LEFT = 12
_LANE = 16
_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")


@dataclass(frozen=True)
class Box:
    iri: ox.NamedNode
    name: str
    label: str
    depth: int
    row: int
    parent: ox.NamedNode | None

    @property
    def x(self) -> float:
        return _LEFT + self.depth * _INDENT

    @property
    def y(self) -> float:
        return _TOP + self.row * _ROW

    @property
    def width(self) -> float:
        return len(self.name) * _CHAR + 12

    @property
    def middle(self) -> float:
        return self.y + _BOX / 2


@dataclass(frozen=True)
class Arrow:
    domain: ox.NamedNode
    range: ox.NamedNode
    label: str


def _local(iri: ox.NamedNode) -> str:
    return iri.value[len(TERMS) :]


def _by_iri(terms: Iterable[ox.NamedNode]) -> list[ox.NamedNode]:
    return sorted(terms, key=lambda t: t.value)


def _label(ontology: TripleIndex, term: ox.NamedNode) -> str:
    labels = sorted(v.value for v in ontology.objects(term, RDFS_LABEL))
    return labels[0] if labels else _local(term)


def classes(ontology: TripleIndex) -> list[ox.NamedNode]:
    """The ontology's own classes, sorted by IRI."""
    return _by_iri(
        c
        for c in ontology.subjects(RDF_TYPE, _CLASS)
        if isinstance(c, ox.NamedNode) and c.value.startswith(TERMS)
    )


def _own_objects(
    ontology: TripleIndex, subject: ox.NamedNode, predicate: ox.NamedNode, own: set[ox.NamedNode]
) -> set[ox.NamedNode]:
    return {o for o in ontology.objects(subject, predicate) if isinstance(o, ox.NamedNode) and o in own}


def layout_tree(ontology: TripleIndex) -> list[Box]:
    """One box per class, depth-first: roots and siblings by name, each class under its first superclass."""
    own = set(classes(ontology))
    parents = {c: _by_iri(_own_objects(ontology, c, _SUBCLASS_OF, own) - {c}) for c in own}
    children: dict[ox.NamedNode, list[ox.NamedNode]] = {c: [] for c in own}
    roots = []
    for c in _by_iri(own):
        if parents[c]:
            children[parents[c][0]].append(c)
        else:
            roots.append(c)
    boxes: list[Box] = []
    placed: set[ox.NamedNode] = set()

    def walk(c: ox.NamedNode, depth: int, parent: ox.NamedNode | None) -> None:
        if c in placed:  # a cycle of subClassOf: draw each class once
            return
        placed.add(c)
        boxes.append(Box(c, _local(c), _label(ontology, c), depth, len(boxes), parent))
        for child in sorted(children[c], key=lambda k: _local(k).lower()):
            walk(child, depth + 1, c)

    for root in sorted(roots, key=lambda k: _local(k).lower()):
        walk(root, 0, None)
    for c in _by_iri(own - placed):  # classes only reachable through a cycle
        walk(c, 0, None)
    return boxes


def arrows(ontology: TripleIndex) -> list[Arrow]:
    """Object properties between two of our classes, one arrow per inverse pair, sorted."""
    own = set(classes(ontology))
    inverse_of: dict[ox.NamedNode, ox.NamedNode] = {}
    for p, q in ontology.subject_objects(_INVERSE_OF):
        if isinstance(p, ox.NamedNode) and isinstance(q, ox.NamedNode):
            inverse_of[q] = p
    out = []
    properties = {p for p in ontology.subjects(RDF_TYPE, _OBJECT_PROPERTY) if isinstance(p, ox.NamedNode)}
    for p in _by_iri(properties):
        if not p.value.startswith(TERMS):
            continue
        if any(isinstance(q, ox.NamedNode) for q in ontology.objects(p, _INVERSE_OF)):
            continue  # drawn as its inverse's arrow
        name = _local(p) + (f" ⇄ {_local(inverse_of[p])}" if p in inverse_of else "")
        for d in _by_iri(_own_objects(ontology, p, _DOMAIN, own)):
            for r in _by_iri(_own_objects(ontology, p, _RANGE, own)):
                out.append(Arrow(d, r, name))
    return out


def _lanes(spans: list[tuple[float, float]]) -> list[int]:
    """The lane of each vertical span: the first lane free over the whole span (interval colouring)."""
    ends: list[float] = []
    lanes = [0] * len(spans)
    for i in sorted(range(len(spans)), key=lambda k: (spans[k][0], spans[k][1], k)):
        start, end = spans[i]
        for lane, last in enumerate(ends):
            if last + 6 < start:
                ends[lane] = end
                lanes[i] = lane
                break
        else:
            ends.append(end)
            lanes[i] = len(ends) - 1
    return lanes


def render_svg(ontology: TripleIndex, *, title: str = "cybergraph ontology: classes and relations") -> str:
    """The diagram as SVG text."""
    boxes = layout_tree(ontology)
    where = {b.iri: b for b in boxes}
    edges = arrows(ontology)
    tree_right = max((b.x + b.width for b in boxes), default=_LEFT) + 24
    geometry = []
    spans = []
    for e in edges:
        d, r = where[e.domain], where[e.range]
        y1, y2 = d.middle - 3, r.middle + 3
        half = len(e.label) * _LABEL_CHAR / 2 + 4
        # Centred on the lane's segment, but never above the first row (the title is there).
        mid = max((y1 + y2) / 2, _TOP - 6 + half)
        geometry.append((d, r, y1, y2, mid))
        spans.append((min(y1, y2, mid - half), max(y1, y2, mid + half)))
    lanes = _lanes(spans)
    lane_count = max(lanes, default=-1) + 1
    width = max(tree_right + lane_count * _LANE + 24, 560)
    height = max(_TOP + len(boxes) * _ROW, max((s[1] for s in spans), default=0)) + 16
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="{_FONT}">',
        f"<title>{escape(title)}</title>",
        "<defs>",
    ]
    for i, colour in enumerate(_COLOURS):
        out.append(
            f'<marker id="arrow{i}" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" '
            f'orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="{colour}"/></marker>'
        )
    out += [
        "</defs>",
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{_LEFT}" y="20" font-size="14" font-weight="bold">{escape(title)}</text>',
        f'<text x="{_LEFT}" y="36" font-size="11" fill="#444">'
        "Boxes: classes, indented under their superclass.</text>",
        f'<text x="{_LEFT}" y="50" font-size="11" fill="#444">Arrows: object properties, domain to range'
        " (⇄ names the inverse).</text>",
        '<g id="subclass-lines" stroke="#999" fill="none">',
    ]
    for b in boxes:
        if b.parent is not None:
            parent = where[b.parent]
            out.append(f'<path d="M{parent.x + 8:.1f},{parent.y + _BOX:.1f} V{b.middle:.1f} H{b.x:.1f}"/>')
    out.append("</g>")
    out.append('<g id="classes">')
    for b in boxes:
        out.append(
            f'<a xlink:href="index.html#{escape(b.name)}"><g id="class-{escape(b.name)}">'
            f"<title>{escape(b.label)} ({escape(b.iri.value)})</title>"
            f'<rect x="{b.x:.1f}" y="{b.y:.1f}" width="{b.width:.1f}" height="{_BOX}" rx="3" '
            'fill="#eef3fb" stroke="#4a6fa5"/>'
            f'<text x="{b.x + 6:.1f}" y="{b.y + 13:.1f}">{escape(b.name)}</text></g></a>'
        )
    out.append("</g>")
    out.append('<g id="properties" fill="none" stroke-width="1.2">')
    for i, (e, (d, r, y1, y2, mid), lane) in enumerate(zip(edges, geometry, lanes, strict=True)):
        colour = _COLOURS[i % len(_COLOURS)]
        x = tree_right + lane * _LANE
        out.append(
            f"<g><title>{escape(e.label)}: {escape(_local(e.domain))} → {escape(_local(e.range))}</title>"
            f'<path d="M{d.x + d.width:.1f},{y1:.1f} H{x:.1f} V{y2:.1f} H{r.x + r.width + 1:.1f}" '
            f'stroke="{colour}" marker-end="url(#arrow{i % len(_COLOURS)})"/>'
            f'<text transform="translate({x - 3:.1f},{mid:.1f}) rotate(-90)" text-anchor="middle" '
            f'font-size="10" fill="{colour}" stroke="none">{escape(e.label)}</text></g>'
        )
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"

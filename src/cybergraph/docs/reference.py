"""The ontology's reference documentation: one HTML page with an anchor per term, and a class diagram.

Every subject of the ontology file is documented: classes, object, datatype and annotation properties,
and the concept schemes and concepts it defines. A term of ours links to its anchor (`index.html#Event`,
matching the term IRI `cg:Event`); a term of a standard vocabulary links to its IRI. The alignment to
those vocabularies (our terms' superclasses and superproperties outside `cg:`) has its own table.
Written by this module rather than pyLODE, which needs many dependencies for one page, so that the
output is the same bytes on every run and the build works offline.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pyoxigraph as ox

from cybergraph.core.errors import InputError, UsageError
from cybergraph.core.files import output_error, recover_folder, replace_folder
from cybergraph.core.positions import Position, display_path
from cybergraph.docs import diagram
from cybergraph.rdf import terms
from cybergraph.rdf.index import TripleIndex
from cybergraph.rdf.read import read_triples
from cybergraph.rdf.terms import DCTERMS, ENTITIES, OWL, RDF, RDFS, SKOS, TERMS, Object, Subject

IDS = ENTITIES
MARKER = ".cybergraph-docs"


def _iri(namespace: str, name: str) -> ox.NamedNode:
    return ox.NamedNode(namespace + name)


RDF_TYPE = _iri(RDF, "type")
LABEL = _iri(RDFS, "label")
COMMENT = _iri(RDFS, "comment")
SUBCLASS_OF = _iri(RDFS, "subClassOf")
SUBPROPERTY_OF = _iri(RDFS, "subPropertyOf")
DOMAIN = _iri(RDFS, "domain")
RANGE = _iri(RDFS, "range")
INVERSE_OF = _iri(OWL, "inverseOf")
EQUIVALENT_CLASS = _iri(OWL, "equivalentClass")
EQUIVALENT_PROPERTY = _iri(OWL, "equivalentProperty")
UNION_OF = _iri(OWL, "unionOf")
DEFINITION = _iri(SKOS, "definition")
IN_SCHEME = _iri(SKOS, "inScheme")
PREF_LABEL = _iri(SKOS, "prefLabel")
ONTOLOGY = _iri(OWL, "Ontology")
CLASS = _iri(OWL, "Class")
OBJECT_PROPERTY = _iri(OWL, "ObjectProperty")
DATATYPE_PROPERTY = _iri(OWL, "DatatypeProperty")

_SECTIONS = (
    ("classes", "Classes", CLASS),
    ("object-properties", "Object properties", OBJECT_PROPERTY),
    ("datatype-properties", "Datatype properties", DATATYPE_PROPERTY),
    ("annotation-properties", "Annotation properties", _iri(OWL, "AnnotationProperty")),
)
_CHARACTERISTICS = tuple(
    _iri(OWL, name + "Property")
    for name in ("Transitive", "Symmetric", "Functional", "InverseFunctional", "Asymmetric", "Reflexive",
                 "Irreflexive")
)  # fmt: skip
# Predicates shown in their own rows; any other statement about a term goes under "other".
_SHOWN = {
    RDF_TYPE,
    LABEL,
    COMMENT,
    SUBCLASS_OF,
    SUBPROPERTY_OF,
    DOMAIN,
    RANGE,
    INVERSE_OF,
    EQUIVALENT_CLASS,
    EQUIVALENT_PROPERTY,
    DEFINITION,
    IN_SCHEME,
}

_CSS = """body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.45}
code{font-size:.95em}a{color:#1a4f8b}h2{border-bottom:1px solid #ccc;margin-top:2em}
section.term{border-left:3px solid #4a6fa5;padding:.2em 1em;margin:1.2em 0}section.term h3{margin:.2em 0}
table{border-collapse:collapse}td,th{vertical-align:top;text-align:left;padding:.15em .8em .15em 0}
th{font-weight:600;white-space:nowrap}.iri{color:#555;font-size:.9em}nav li{display:inline;margin-right:.6em}
img{max-width:100%;border:1px solid #ddd}"""


def anchor(term: ox.NamedNode) -> str:
    """The fragment identifier of a term on the page: the local name for `cg:` terms."""
    text = term.value
    if text.startswith(TERMS):
        return text[len(TERMS) :]
    if text.startswith(IDS):
        return "id-" + text[len(IDS) :]
    return "t-" + "".join(c if c.isalnum() or c in "-_." else "-" for c in text)


def curie(term: ox.NamedNode) -> str:
    """The term's prefixed name, else its IRI (as the page shows it)."""
    return terms.curie(term.value) or term.value


def _order(node: Object) -> str:
    # IRIs by prefixed name; literals by their text; blank nodes by label (the order of rdflib's str()).
    return curie(node) if isinstance(node, ox.NamedNode) else node.value


@dataclass(frozen=True)
class Term:
    iri: ox.NamedNode
    section: str


class _Page:
    def __init__(self, ontology: TripleIndex) -> None:
        self.g = ontology
        headers = sorted(
            (h for h in ontology.subjects(RDF_TYPE, ONTOLOGY) if isinstance(h, ox.NamedNode)),
            key=lambda h: h.value,
        )
        self.header = headers[0] if headers else None
        self.terms = documented_terms(ontology)
        self.known = {t.iri for t in self.terms}

    def label(self, term: Subject) -> str:
        labels = sorted(v.value for v in self.g.objects(term, LABEL))
        labels += sorted(v.value for v in self.g.objects(term, PREF_LABEL))
        return labels[0] if labels else (curie(term) if isinstance(term, ox.NamedNode) else "")

    def link(self, node: Object) -> str:
        if isinstance(node, ox.NamedNode):
            if node in self.known:
                title, name = escape(self.label(node)), escape(curie(node))
                return f'<a href="#{escape(anchor(node))}" title="{title}"><code>{name}</code></a>'
            return f'<a href="{escape(node.value)}"><code>{escape(curie(node))}</code></a>'
        if isinstance(node, ox.Literal):
            text = escape(node.value)
            return f"{text} <small>@{escape(node.language)}</small>" if node.language else text
        members = self.g.value(node, UNION_OF)
        if members is not None:
            return " or ".join(self.link(m) for m in self.g.items(members))
        return "(an anonymous class)"

    def links(self, nodes: Iterable[Object]) -> str:
        return ", ".join(self.link(n) for n in sorted(set(nodes), key=_order))

    def rows(self, term: ox.NamedNode, section: str) -> list[tuple[str, str]]:
        g = self.g
        rows: list[tuple[str, str]] = []

        def add(name: str, nodes: Iterable[Object]) -> None:
            nodes = list(nodes)
            if nodes:
                rows.append((name, self.links(nodes)))

        types = [t for t in g.objects(term, RDF_TYPE) if t not in (CLASS, OBJECT_PROPERTY, DATATYPE_PROPERTY)]
        if section == "classes":
            supers = g.objects(term, SUBCLASS_OF)
            add("superclasses", [s for s in supers if s in self.known or isinstance(s, ox.BlankNode)])
            add("subclasses", g.subjects(SUBCLASS_OF, term))
            add("equivalent to", g.objects(term, EQUIVALENT_CLASS))
            add("domain of", g.subjects(DOMAIN, term))
            add("range of", g.subjects(RANGE, term))
            add("aligned with", [s for s in supers if isinstance(s, ox.NamedNode) and s not in self.known])
            add("instances in the ontology", g.subjects(RDF_TYPE, term))
        elif section.endswith("properties"):
            add("characteristics", [t for t in types if t in _CHARACTERISTICS])
            add("domain", g.objects(term, DOMAIN))
            add("range", g.objects(term, RANGE))
            supers = g.objects(term, SUBPROPERTY_OF)
            add("superproperties", [s for s in supers if s in self.known])
            add("subproperties", g.subjects(SUBPROPERTY_OF, term))
            add("inverse of", {*g.objects(term, INVERSE_OF), *g.subjects(INVERSE_OF, term)})
            add("equivalent to", g.objects(term, EQUIVALENT_PROPERTY))
            add("aligned with", [s for s in supers if isinstance(s, ox.NamedNode) and s not in self.known])
        else:
            add("type", g.objects(term, RDF_TYPE))
            add("in scheme", g.objects(term, IN_SCHEME))
            add("concepts", g.subjects(IN_SCHEME, term))
        if section != "other":
            add("other types", [t for t in types if t not in _CHARACTERISTICS])
        others = {p for p, _ in g.predicate_objects(term) if p not in _SHOWN}
        for p in sorted(others, key=lambda p: p.value):
            add(curie(p), g.objects(term, p))
        return rows

    def term_html(self, term: Term) -> str:
        iri = term.iri
        descriptions = [
            *sorted(self.g.objects(iri, DEFINITION), key=lambda d: d.value),
            *sorted(self.g.objects(iri, COMMENT), key=lambda d: d.value),
        ]
        parts = [
            f'<section class="term" id="{escape(anchor(iri))}">',
            f"<h3>{escape(self.label(iri))} <code>{escape(curie(iri))}</code></h3>",
            f'<div class="iri">{escape(iri.value)}</div>',
        ]
        parts += [f"<p>{escape(d.value)}</p>" for d in descriptions]
        rows = self.rows(iri, term.section)
        if rows:
            parts.append("<table>")
            parts += [f"<tr><th>{escape(name)}</th><td>{value}</td></tr>" for name, value in rows]
            parts.append("</table>")
        parts.append("</section>")
        return "\n".join(parts)

    def alignment_html(self) -> str:
        rows = []
        for t in self.terms:
            for p in (SUBCLASS_OF, SUBPROPERTY_OF, EQUIVALENT_CLASS, EQUIVALENT_PROPERTY):
                external = [
                    o for o in self.g.objects(t.iri, p) if isinstance(o, ox.NamedNode) and o not in self.known
                ]
                if external:
                    rows.append(
                        f"<tr><td>{self.link(t.iri)}</td><td><code>{escape(curie(p))}</code></td>"
                        f"<td>{self.links(external)}</td></tr>"
                    )
        if not rows:
            return ""
        return (
            '<h2 id="alignment">Alignment to standard vocabularies</h2>\n'
            "<p>Our terms as specialisations of terms of W3C ORG, PROV-O, Dublin Core, SKOS, FOAF and "
            "schema.org: after inference, data can be queried in those vocabularies' terms.</p>\n"
            "<table><tr><th>term</th><th>relation</th><th>standard terms</th></tr>\n"
            + "\n".join(rows)
            + "\n</table>"
        )

    def render(self) -> str:
        g, h = self.g, self.header
        title = self.label(h) if h is not None else "cybergraph ontology"
        titles = sorted(t.value for t in g.objects(h, _iri(DCTERMS, "title"))) if h is not None else []
        head = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="generator" content="cybergraph docs">',
            f"<title>{escape(titles[0] if titles else title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            f"<h1>{escape(titles[0] if titles else title)}</h1>",
        ]
        body: list[str] = []
        if h is not None:
            for p in (_iri(DCTERMS, "description"), COMMENT):
                body += [f"<p>{escape(d.value)}</p>" for d in sorted(g.objects(h, p), key=lambda d: d.value)]
            meta = []
            meta.append(("IRI", self.link(h)))
            for name, p in (
                ("version", _iri(OWL, "versionInfo")),
                ("version IRI", _iri(OWL, "versionIRI")),
                ("licence", _iri(DCTERMS, "license")),
                ("creator", _iri(DCTERMS, "creator")),
                ("created", _iri(DCTERMS, "created")),
                ("modified", _iri(DCTERMS, "modified")),
            ):
                values = g.objects(h, p)
                if values:
                    meta.append((name, self.links(values)))
            body.append("<table>")
            body += [f"<tr><th>{escape(n)}</th><td>{v}</td></tr>" for n, v in meta]
            body.append("</table>")
        counts = {key: sum(1 for t in self.terms if t.section == key) for key, _, _ in _SECTIONS}
        counts["other"] = sum(1 for t in self.terms if t.section == "other")
        nav = [
            f'<li><a href="#{key}">{name} ({counts[key]})</a></li>'
            for key, name, _ in _SECTIONS
            if counts[key]
        ]
        if counts["other"]:
            nav.append(f'<li><a href="#other">Concept schemes and individuals ({counts["other"]})</a></li>')
        nav += ['<li><a href="#diagram">Diagram</a></li>', '<li><a href="#alignment">Alignment</a></li>']
        body.append("<nav><ul>" + "".join(nav) + "</ul></nav>")
        body.append('<h2 id="diagram">Classes and relations</h2>')
        body.append(
            '<p><a href="classes.svg"><img src="classes.svg" '
            'alt="diagram of the classes and the object properties between them"></a></p>'
        )
        sections = [
            *((key, name) for key, name, _ in _SECTIONS),
            ("other", "Concept schemes and individuals"),
        ]
        for key, name in sections:
            chosen = [t for t in self.terms if t.section == key]
            if not chosen:
                continue
            body.append(f'<h2 id="{key}">{escape(name)}</h2>')
            body.append("<p>" + ", ".join(self.link(t.iri) for t in chosen) + "</p>")
            body += [self.term_html(t) for t in chosen]
        body.append(self.alignment_html())
        return "\n".join(head + body + ["</body>", "</html>"]) + "\n"


def documented_terms(ontology: TripleIndex) -> list[Term]:
    """Every term the ontology defines (each IRI subject but the ontology header), with its section."""
    headers = set(ontology.subjects(RDF_TYPE, ONTOLOGY))
    named = {s for s in ontology.subjects() if isinstance(s, ox.NamedNode)} - headers
    out = []
    for subject in sorted(named, key=lambda s: s.value):
        types = set(ontology.objects(subject, RDF_TYPE))
        section = next((key for key, _, kind in _SECTIONS if kind in types), "other")
        out.append(Term(subject, section))
    order = {key: i for i, (key, _, _) in enumerate(_SECTIONS)}
    return sorted(out, key=lambda t: (order.get(t.section, len(order)), curie(t.iri).lower(), t.iri.value))


def read_ontology(path: Path) -> TripleIndex:
    """The ontology file's triples, indexed; an InputError with file, line and column if it is not Turtle."""
    try:
        return TripleIndex(read_triples(path))
    except ValueError as exc:
        raise InputError(str(exc), position=Position(display_path(path)), hint="state it as RDF 1.1") from exc


def render_html(ontology: TripleIndex) -> str:
    """The reference page as HTML text."""
    return _Page(ontology).render()


def write_docs(ontology: TripleIndex, out_dir: Path) -> list[Path]:
    """Write index.html and classes.svg into `out_dir`, replacing it as a whole; the files written.

    The pages are written into a new folder beside `out_dir` and renamed into place, so a failure leaves
    the previous documentation as it was. An existing `out_dir` is replaced only if it is empty or was
    written by this function (it holds the marker file), never a folder of the user's own files.
    """
    out_dir = Path(out_dir)
    if out_dir.exists():
        if not out_dir.is_dir():
            raise UsageError(
                f"{display_path(out_dir)} exists and is not a folder", hint="choose another -o DIR"
            )
        if any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
            raise UsageError(
                f"{display_path(out_dir)} holds files that cybergraph did not write; not replacing it",
                hint="choose a new or empty folder",
            )
    parent = out_dir.resolve().parent
    if not parent.is_dir():
        code = errno.ENOTDIR if parent.exists() else errno.ENOENT
        raise output_error(out_dir, OSError(code, os.strerror(code)))
    files = {
        "index.html": render_html(ontology),
        "classes.svg": diagram.render_svg(ontology),
        MARKER: "cybergraph docs\n",
    }

    def fill(work: Path) -> None:
        for name, text in files.items():
            (work / name).write_text(text, encoding="utf-8")

    try:
        recover_folder(out_dir)  # the folders of a run that was killed, by the next run
        replace_folder(out_dir, fill)
    except OSError as exc:
        raise output_error(out_dir, exc) from exc
    return [out_dir / name for name in ("index.html", "classes.svg")]

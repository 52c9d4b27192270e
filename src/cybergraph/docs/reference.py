"""The ontology's reference documentation: one HTML page with an anchor per term, and a class diagram.

Every subject of the ontology file is documented: classes, object, datatype and annotation properties,
and the concept schemes and concepts it defines. A term of ours links to its anchor (`index.html#Event`,
matching the term IRI `cg:Event`); a term of a standard vocabulary links to its IRI. The alignment to
those vocabularies (our terms' superclasses and superproperties outside `cg:`) has its own table.
Written by this module rather than pyLODE, which needs many dependencies for one page, so that the
output is the same bytes on every run and the build works offline.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from cybergraph.core.errors import UsageError
from cybergraph.core.positions import display_path
from cybergraph.rdf.legacy_vocab import PREFIXES

TERMS = PREFIXES["cg"]
IDS = PREFIXES["cgid"]
MARKER = ".cybergraph-docs"
SKOS = PREFIXES["skos"]
DCTERMS = PREFIXES["dcterms"]

_SECTIONS = (
    ("classes", "Classes", OWL.Class),
    ("object-properties", "Object properties", OWL.ObjectProperty),
    ("datatype-properties", "Datatype properties", OWL.DatatypeProperty),
    ("annotation-properties", "Annotation properties", OWL.AnnotationProperty),
)
_CHARACTERISTICS = (
    OWL.TransitiveProperty,
    OWL.SymmetricProperty,
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
    OWL.AsymmetricProperty,
    OWL.ReflexiveProperty,
    OWL.IrreflexiveProperty,
)
# Predicates shown in their own rows; any other statement about a term goes under "other".
_SHOWN = {
    RDF.type,
    RDFS.label,
    RDFS.comment,
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    RDFS.domain,
    RDFS.range,
    OWL.inverseOf,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    URIRef(SKOS + "definition"),
    URIRef(SKOS + "inScheme"),
}

_CSS = """body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.45}
code{font-size:.95em}a{color:#1a4f8b}h2{border-bottom:1px solid #ccc;margin-top:2em}
section.term{border-left:3px solid #4a6fa5;padding:.2em 1em;margin:1.2em 0}section.term h3{margin:.2em 0}
table{border-collapse:collapse}td,th{vertical-align:top;text-align:left;padding:.15em .8em .15em 0}
th{font-weight:600;white-space:nowrap}.iri{color:#555;font-size:.9em}nav li{display:inline;margin-right:.6em}
img{max-width:100%;border:1px solid #ddd}"""


def anchor(term: URIRef) -> str:
    """The fragment identifier of a term on the page: the local name for `cg:` terms."""
    text = str(term)
    if text.startswith(TERMS):
        return text[len(TERMS) :]
    if text.startswith(IDS):
        return "id-" + text[len(IDS) :]
    return "t-" + "".join(c if c.isalnum() or c in "-_." else "-" for c in text)


def curie(term: URIRef) -> str:
    text = str(term)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns) :]}"
    return text


@dataclass(frozen=True)
class Term:
    iri: URIRef
    section: str


class _Page:
    def __init__(self, ontology: Graph) -> None:
        self.g = ontology
        headers = sorted(h for h in ontology.subjects(RDF.type, OWL.Ontology) if isinstance(h, URIRef))
        self.header = headers[0] if headers else None
        self.terms = documented_terms(ontology)
        self.known = {t.iri for t in self.terms}

    def label(self, term: Node) -> str:
        labels = sorted(str(v) for v in self.g.objects(term, RDFS.label))
        labels += sorted(str(v) for v in self.g.objects(term, URIRef(SKOS + "prefLabel")))
        return labels[0] if labels else (curie(term) if isinstance(term, URIRef) else "")

    def link(self, node: Node) -> str:
        if isinstance(node, URIRef):
            if node in self.known:
                title, name = escape(self.label(node)), escape(curie(node))
                return f'<a href="#{escape(anchor(node))}" title="{title}"><code>{name}</code></a>'
            return f'<a href="{escape(str(node))}"><code>{escape(curie(node))}</code></a>'
        if isinstance(node, Literal):
            text = escape(str(node))
            return f"{text} <small>@{escape(node.language)}</small>" if node.language else text
        if isinstance(node, BNode):
            members = self.g.value(node, OWL.unionOf)
            if members is not None:
                return " or ".join(self.link(m) for m in self.g.items(members))
            return "(an anonymous class)"
        return escape(str(node))

    def links(self, nodes: Iterable[Node]) -> str:
        return ", ".join(
            self.link(n)
            for n in sorted(set(nodes), key=lambda n: curie(n) if isinstance(n, URIRef) else str(n))
        )

    def rows(self, term: URIRef, section: str) -> list[tuple[str, str]]:
        g = self.g
        rows: list[tuple[str, str]] = []

        def add(name: str, nodes: Iterable[Node]) -> None:
            nodes = list(nodes)
            if nodes:
                rows.append((name, self.links(nodes)))

        types = [
            t
            for t in g.objects(term, RDF.type)
            if t not in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        ]
        if section == "classes":
            supers = list(g.objects(term, RDFS.subClassOf))
            add("superclasses", [s for s in supers if s in self.known or isinstance(s, BNode)])
            add("subclasses", g.subjects(RDFS.subClassOf, term))
            add("equivalent to", g.objects(term, OWL.equivalentClass))
            add("domain of", g.subjects(RDFS.domain, term))
            add("range of", g.subjects(RDFS.range, term))
            add("aligned with", [s for s in supers if isinstance(s, URIRef) and s not in self.known])
            add("instances in the ontology", g.subjects(RDF.type, term))
        elif section.endswith("properties"):
            add("characteristics", [t for t in types if t in _CHARACTERISTICS])
            add("domain", g.objects(term, RDFS.domain))
            add("range", g.objects(term, RDFS.range))
            supers = list(g.objects(term, RDFS.subPropertyOf))
            add("superproperties", [s for s in supers if s in self.known])
            add("subproperties", g.subjects(RDFS.subPropertyOf, term))
            add("inverse of", {*g.objects(term, OWL.inverseOf), *g.subjects(OWL.inverseOf, term)})
            add("equivalent to", g.objects(term, OWL.equivalentProperty))
            add("aligned with", [s for s in supers if isinstance(s, URIRef) and s not in self.known])
        else:
            add("type", g.objects(term, RDF.type))
            add("in scheme", g.objects(term, URIRef(SKOS + "inScheme")))
            add("concepts", g.subjects(URIRef(SKOS + "inScheme"), term))
        if section != "other":
            add("other types", [t for t in types if t not in _CHARACTERISTICS])
        for p in sorted({p for p in g.predicates(term) if p not in _SHOWN}, key=str):
            add(curie(p), g.objects(term, p))  # type: ignore[arg-type]
        return rows

    def term_html(self, term: Term) -> str:
        iri = term.iri
        descriptions = [
            *sorted(self.g.objects(iri, URIRef(SKOS + "definition")), key=str),
            *sorted(self.g.objects(iri, RDFS.comment), key=str),
        ]
        parts = [
            f'<section class="term" id="{escape(anchor(iri))}">',
            f"<h3>{escape(self.label(iri))} <code>{escape(curie(iri))}</code></h3>",
            f'<div class="iri">{escape(str(iri))}</div>',
        ]
        parts += [f"<p>{escape(str(d))}</p>" for d in descriptions]
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
            for p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty):
                external = [
                    o for o in self.g.objects(t.iri, p) if isinstance(o, URIRef) and o not in self.known
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
        titles = sorted(str(t) for t in g.objects(h, URIRef(DCTERMS + "title"))) if h is not None else []
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
            for p in (URIRef(DCTERMS + "description"), RDFS.comment):
                body += [f"<p>{escape(str(d))}</p>" for d in sorted(g.objects(h, p), key=str)]
            meta = []
            meta.append(("IRI", self.link(h)))
            for name, p in (
                ("version", OWL.versionInfo),
                ("version IRI", OWL.versionIRI),
                ("licence", URIRef(DCTERMS + "license")),
                ("creator", URIRef(DCTERMS + "creator")),
                ("created", URIRef(DCTERMS + "created")),
                ("modified", URIRef(DCTERMS + "modified")),
            ):
                values = list(g.objects(h, p))
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


def documented_terms(ontology: Graph) -> list[Term]:
    """Every term the ontology defines (each IRI subject but the ontology header), with its section."""
    headers = set(ontology.subjects(RDF.type, OWL.Ontology))
    out = []
    for subject in sorted({s for s in ontology.subjects() if isinstance(s, URIRef)} - headers, key=str):
        types = set(ontology.objects(subject, RDF.type))
        section = next((key for key, _, kind in _SECTIONS if kind in types), "other")
        out.append(Term(subject, section))
    order = {key: i for i, (key, _, _) in enumerate(_SECTIONS)}
    return sorted(out, key=lambda t: (order.get(t.section, len(order)), curie(t.iri).lower(), str(t.iri)))


def render_html(ontology: Graph) -> str:
    """The reference page as HTML text."""
    return _Page(ontology).render()


def write_docs(ontology: Graph, out_dir: Path) -> list[Path]:
    """Write index.html and classes.svg into `out_dir`, replacing it as a whole; the files written.

    The pages are written into a new folder beside `out_dir` and renamed into place, so a failure leaves
    the previous documentation as it was. An existing `out_dir` is replaced only if it is empty or was
    written by this function (it holds the marker file), never a folder of the user's own files.
    """
    from cybergraph.docs.diagram import render_svg

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
        raise UsageError(f"the folder {display_path(parent)} does not exist", hint="create it first")
    files = {
        "index.html": render_html(ontology),
        "classes.svg": render_svg(ontology),
        MARKER: "cybergraph docs\n",
    }
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=parent))
    old: Path | None = None
    try:
        for name, text in files.items():
            (work / name).write_text(text, encoding="utf-8")
        os.chmod(work, 0o755)
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".old", dir=parent))
            os.replace(out_dir, old / "previous")
        try:
            os.replace(work, out_dir)
        except BaseException:
            if old is not None:
                os.replace(old / "previous", out_dir)
            raise
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return [out_dir / name for name in ("index.html", "classes.svg")]

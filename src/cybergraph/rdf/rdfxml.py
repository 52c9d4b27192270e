"""RDF/XML written in one order: the same graph gives the same bytes, and it reads like the canonical Turtle.

One `rdf:Description` per subject, subjects sorted (the ontology header first), `rdf:type` and labels
first in each, then predicates and objects sorted. Named graphs are merged: RDF/XML has none.

Why the project keeps its own writer rather than pyoxigraph's RDF/XML serialiser: Oxigraph's output is
different bytes (typed node elements such as `<cg:Organization rdf:about=...>` instead of
`rdf:Description` + `rdf:type`, tab indentation, an extra `xmlns:its` declaration, `encoding="UTF-8"`),
so switching would change every published RDF/XML export; and it writes the triples in the order it is
given them, so even sorted input would not give the canonical Turtle's order of predicates (type and
labels first). This writer is deterministic, refuses what RDF/XML cannot express (with the reason),
and follows the Turtle export subject for subject.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from cybergraph.rdf.quads import leading_rank
from cybergraph.rdf.terms import OWL, PREFIXES, RDF, Term, curie, datatype_of, sort_key

_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_RDF = RDF
_RDF_TYPE = RDF + "type"
_OWL_ONTOLOGY = ox.NamedNode(OWL + "Ontology")
# Names the RDF/XML grammar reserves; they cannot be property elements.
_RESERVED = {
    _RDF + name
    for name in ("RDF", "ID", "about", "parseType", "resource", "nodeID", "datatype", "Description", "li")
}


class UnsupportedInRdfXml(ValueError):
    """A predicate or literal RDF/XML cannot express."""


def _text(value: str) -> str:
    if _XML_FORBIDDEN.search(value):
        raise UnsupportedInRdfXml(f"a literal holds a character XML 1.0 cannot carry: {value[:40]!r}")
    # A parser turns a raw carriage return into a newline; the character reference keeps it.
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


class _Names:
    """Qualified names for predicates: the project's prefixes first, `ns1`, `ns2`, ... for the rest."""

    def __init__(self, predicates: Iterable[str], prefixes: Mapping[str, str]) -> None:
        self.qnames: dict[str, tuple[str, str]] = {}
        extra: dict[str, tuple[str, str]] = {}
        for p in predicates:
            if p in _RESERVED:
                raise UnsupportedInRdfXml(f"{p} cannot be a property in RDF/XML")
            name = curie(p, prefixes, local=_NCNAME)
            if name:
                prefix, _, local = name.partition(":")
                self.qnames[p] = (prefix, local)
            else:
                match = re.match(r"^(.*?)([A-Za-z_][A-Za-z0-9_.-]*)$", p)
                if not match or not match.group(1):
                    raise UnsupportedInRdfXml(f"cannot split {p} into a namespace and an XML name")
                extra[p] = (match.group(1), match.group(2))
        generated = {ns: f"ns{i}" for i, ns in enumerate(sorted({ns for ns, _ in extra.values()}), start=1)}
        self.namespaces = {prefix: prefixes[prefix] for prefix, _ in self.qnames.values()}
        for p, (ns, local) in extra.items():
            self.qnames[p] = (generated[ns], local)
            self.namespaces[generated[ns]] = ns

    def qname(self, p: str) -> str:
        prefix, local = self.qnames[p]
        return f"{prefix}:{local}"


def _node_attr(node: Term, about: bool) -> str:
    if isinstance(node, ox.BlankNode):
        return f'rdf:nodeID="{node.value}"'
    if isinstance(node, ox.NamedNode):
        return f'rdf:{"about" if about else "resource"}="{_attr(node.value)}"'
    raise UnsupportedInRdfXml(f"RDF/XML has no triple terms: {node}")


def to_rdfxml(quads: Iterable[ox.Quad | ox.Triple], prefixes: Mapping[str, str] = PREFIXES) -> str:
    """The triples of every graph, merged, as RDF/XML in a fixed order."""
    by_subject: dict[Term, dict[tuple[str, Term], None]] = {}
    for statement in quads:
        by_subject.setdefault(statement.subject, {})[(statement.predicate.value, statement.object)] = None
    names = _Names({p for props in by_subject.values() for p, _ in props} | {_RDF_TYPE}, prefixes)
    headers = {s for s, props in by_subject.items() if (_RDF_TYPE, _OWL_ONTOLOGY) in props}
    subjects = sorted(by_subject, key=lambda s: (s not in headers, *sort_key(s)))
    lines: list[str] = []
    for subject in subjects:
        lines.append(f"  <rdf:Description {_node_attr(subject, about=True)}>")
        props = sorted(by_subject[subject], key=lambda po: (_rank(po[0]), po[0], sort_key(po[1])))
        for p, o in props:
            name = names.qname(p)
            if isinstance(o, ox.Literal):
                datatype = datatype_of(o)
                if o.language:
                    attrs = f' xml:lang="{_attr(o.language)}"'
                elif datatype is not None:
                    attrs = f' rdf:datatype="{_attr(datatype)}"'
                else:
                    attrs = ""
                lines.append(f"    <{name}{attrs}>{_text(o.value)}</{name}>")
            else:
                lines.append(f"    <{name} {_node_attr(o, about=False)}/>")
        lines.append("  </rdf:Description>")
    declarations = "".join(
        f'\n    xmlns:{prefix}="{_attr(ns)}"' for prefix, ns in sorted(names.namespaces.items())
    )
    if "rdf" not in names.namespaces:
        declarations = f'\n    xmlns:rdf="{_RDF}"' + declarations
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        + f"<rdf:RDF{declarations}>\n"
        + "\n".join(lines)
        + ("\n</rdf:RDF>\n")
    )


def _rank(predicate: str) -> int:
    return leading_rank(ox.NamedNode(predicate))

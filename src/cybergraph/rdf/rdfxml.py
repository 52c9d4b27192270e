"""RDF/XML written in one order (rdflib's serialiser follows its store's hash order, which changes per run).

One `rdf:Description` per subject, subjects sorted (the ontology header first), `rdf:type` and labels
first in each, then predicates and objects sorted: the same graph gives the same bytes, and it reads
like the canonical Turtle. Named graphs are merged: RDF/XML has none.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from rdflib import OWL, RDF, XSD, BNode, Literal, URIRef
from rdflib.term import Node

from cybergraph.rdf.legacy_vocab import PREFIXES
from cybergraph.rdf.quads import Quad, leading_rank

_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_RDF = str(RDF)
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

    def __init__(self, predicates: Iterable[URIRef], prefixes: Mapping[str, str]) -> None:
        known = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.qnames: dict[URIRef, tuple[str, str]] = {}
        extra: dict[URIRef, tuple[str, str]] = {}
        for p in predicates:
            if str(p) in _RESERVED:
                raise UnsupportedInRdfXml(f"{p} cannot be a property in RDF/XML")
            for prefix, ns in known:
                local = str(p)[len(ns) :]
                if str(p).startswith(ns) and _NCNAME.match(local):
                    self.qnames[p] = (prefix, local)
                    break
            else:
                match = re.match(r"^(.*?)([A-Za-z_][A-Za-z0-9_.-]*)$", str(p))
                if not match or not match.group(1):
                    raise UnsupportedInRdfXml(f"cannot split {p} into a namespace and an XML name")
                extra[p] = (match.group(1), match.group(2))
        generated = {ns: f"ns{i}" for i, ns in enumerate(sorted({ns for ns, _ in extra.values()}), start=1)}
        self.namespaces = {prefix: prefixes[prefix] for prefix, _ in self.qnames.values()}
        for p, (ns, local) in extra.items():
            self.qnames[p] = (generated[ns], local)
            self.namespaces[generated[ns]] = ns

    def qname(self, p: URIRef) -> str:
        prefix, local = self.qnames[p]
        return f"{prefix}:{local}"


def _node_attr(node: Node, about: bool) -> str:
    if isinstance(node, BNode):
        return f'rdf:nodeID="{node}"'
    return f'rdf:{"about" if about else "resource"}="{_attr(str(node))}"'


def _sort_key(node: Node) -> tuple[int, str, str, str]:
    if isinstance(node, URIRef):
        return (0, str(node), "", "")
    if isinstance(node, Literal):
        return (1, str(node), str(node.datatype or ""), node.language or "")
    return (2, str(node), "", "")


def to_rdfxml(quads: Iterable[Quad], prefixes: Mapping[str, str] = PREFIXES) -> str:
    """The triples of every graph, merged, as RDF/XML in a fixed order."""
    by_subject: dict[Node, set[tuple[URIRef, Node]]] = defaultdict(set)
    for s, pred, obj, _ in quads:
        by_subject[s].add((pred, obj))
    names = _Names({p for props in by_subject.values() for p, _ in props} | {RDF.type}, prefixes)
    headers = {s for s, props in by_subject.items() if (RDF.type, OWL.Ontology) in props}
    subjects = sorted(by_subject, key=lambda s: (s not in headers, *_sort_key(s)))
    lines: list[str] = []
    for subject in subjects:
        lines.append(f"  <rdf:Description {_node_attr(subject, about=True)}>")
        props = sorted(
            by_subject[subject], key=lambda po: (leading_rank(po[0]), str(po[0]), _sort_key(po[1]))
        )
        for p, o in props:
            name = names.qname(p)
            if isinstance(o, Literal):
                if o.language:
                    attrs = f' xml:lang="{_attr(o.language)}"'
                elif o.datatype is not None and o.datatype != XSD.string:
                    attrs = f' rdf:datatype="{_attr(str(o.datatype))}"'
                else:
                    attrs = ""
                lines.append(f"    <{name}{attrs}>{_text(str(o))}</{name}>")
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

"""Generates vocab.py, the closed namespace of the ontology's terms (`make namespace`)."""

from __future__ import annotations

import sys
from pathlib import Path

import rdflib
from rdflib import OWL, RDF, RDFS

TERMS = "https://w3id.org/cybergraph/def#"

_HEADER = '''"""Closed namespaces of cybergraph: CG for ontology terms, CGID for entities, GRAPH for graphs.

Generated from ontology/cybergraph.ttl by `make namespace`; do not edit by hand. Using a term that the
ontology does not define (`CG.Covention`) raises AttributeError at once.
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from cybergraph.rdf.terms import ENTITIES, GRAPHS, PREFIXES

__all__ = ["CG", "CGID", "GRAPH", "PREFIXES", "WD"]

CGID = Namespace(ENTITIES)
GRAPH = Namespace(GRAPHS)
WD = Namespace(PREFIXES["wd"])


class CG(DefinedNamespace):
    """The terms of the cybergraph ontology."""

    _NS = Namespace(TERMS_IRI)
    _fail = True

'''


def render(ontology: Path) -> str:
    """The text of vocab.py for the ontology at `ontology`."""
    graph = rdflib.Graph().parse(ontology, format="turtle")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
    terms: dict[str, str] = {}
    for kind in kinds:
        for subject in graph.subjects(RDF.type, kind):
            iri = str(subject)
            if iri.startswith(TERMS):
                label = graph.value(subject, RDFS.label)
                terms[iri[len(TERMS) :]] = str(label) if label is not None else ""
    lines = [
        f"    {name}: URIRef  # {terms[name]}" for name in sorted(terms, key=lambda n: (n[0].islower(), n))
    ]
    return _HEADER.replace("TERMS_IRI", f'"{TERMS}"') + "\n".join(lines) + "\n"


def main() -> int:
    from cybergraph.core.resources import ROOT

    target = Path(__file__).with_name("vocab.py")
    text = render(ROOT / "ontology" / "cybergraph.ttl")
    if "--check" in sys.argv:
        return 0 if target.read_text(encoding="utf-8") == text else 1
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

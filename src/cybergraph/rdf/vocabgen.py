"""Generates vocab.py: the closed namespace of the ontology's terms, and the terms of standard vocabularies.

`make namespace` (or `python -m cybergraph.rdf.vocabgen`) rewrites it; a test fails while it is stale.
The standard vocabularies' term lists are taken from rdflib's closed namespaces when the file is
generated, so that validation knows every term of RDF, RDFS, OWL, XSD, SKOS, Dublin Core, FOAF, PROV and
ORG without importing rdflib at run time.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

from cybergraph.rdf.terms import OWL, RDF, RDFS, TERMS

_HEADER = '''"""Closed namespaces of cybergraph, generated from ontology/cybergraph.ttl: do not edit by hand.

`CG` holds every term the ontology defines as a pyoxigraph NamedNode: a name it does not define
(`CG.Covention`) raises AttributeError at once, and mypy reports it. `STANDARD_TERMS` lists the terms of
the standard vocabularies the data may use. Regenerate with `make namespace`.
"""

from __future__ import annotations

from typing import Final

import pyoxigraph as ox

from cybergraph.rdf.terms import TERMS

__all__ = ["CG", "STANDARD_TERMS"]


class CG:
    """The terms of the cybergraph ontology."""

    __slots__ = ()

'''

_KINDS = (OWL + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty", RDF + "Property")


def _standard() -> dict[str, list[str]]:
    # Imported here: rdflib is needed to generate the file, never to use it.
    from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

    return {
        str(ns._NS): sorted(ns.__annotations__)
        for ns in (RDF, RDFS, OWL, XSD, SKOS, DCTERMS, FOAF, PROV, ORG)
    }


def render(ontology: Path) -> str:
    """The text of vocab.py for the ontology at `ontology`."""
    triples = [q.triple for q in ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE)]
    typed = {
        t.subject.value for t in triples if t.predicate.value == RDF + "type" and t.object.value in _KINDS
    }
    labels: dict[str, str] = {}
    for t in triples:
        if t.predicate.value == RDFS + "label" and isinstance(t.object, ox.Literal):
            labels.setdefault(t.subject.value, t.object.value)
    names = sorted(
        (iri[len(TERMS) :] for iri in typed if iri.startswith(TERMS)), key=lambda n: (n[0].islower(), n)
    )
    lines = []
    for name in names:
        lines += [
            f"    #: {labels.get(TERMS + name, '')}",
            f'    {name}: Final = ox.NamedNode(TERMS + "{name}")',
        ]
    standard = [
        "",
        "",
        "#: The terms of each standard vocabulary, by namespace.",
        "STANDARD_TERMS: Final[dict[str, frozenset[str]]] = {",
    ]
    for ns, terms in _standard().items():
        standard.append(f'    "{ns}": frozenset(')
        standard.append("        {")
        standard += [f'            "{t}",' for t in terms]
        standard.append("        }")
        standard.append("    ),")
    standard.append("}")
    return _HEADER + "\n".join(lines) + "\n" + "\n".join(standard) + "\n"


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

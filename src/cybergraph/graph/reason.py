"""The triples the ontology implies: subclass, subproperty, inverse, symmetric, transitive, domain and range.

owlrl computes the OWL 2 RL closure. Most of what it adds is bookkeeping that helps nobody (every
resource `owl:sameAs` itself, `rdf:type owl:Thing`, every class a subclass of itself), so only the
entailments a user queries are kept: types from our own and the aligned vocabularies, subclass and
subproperty links between distinct terms, and statements with an ordinary predicate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import owlrl
from owlrl.DatatypeHandling import AltXSDToPYTHON
from owlrl.XsdDatatypes import OWL_RL_Datatypes
from rdflib import OWL, RDF, RDFS, BNode, Dataset, Graph, Literal, Namespace, URIRef

from cybergraph.core.errors import CybergraphError
from cybergraph.rdf.rdflib_bridge import union

Triple = tuple[URIRef, URIRef, URIRef | Literal]

_ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
_META_NAMESPACES = (str(RDF), str(RDFS), str(OWL))
_KEPT_META_PREDICATES = {RDFS.subClassOf, RDFS.subPropertyOf}


class InconsistentGraph(CybergraphError):
    """The ontology's axioms and the data contradict each other."""


@dataclass
class Inference:
    """What the closure added, and the inconsistencies owlrl found (reported as data, not exceptions)."""

    triples: set[Triple] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)

    def raise_for_inconsistency(self) -> None:
        if self.errors:
            raise InconsistentGraph(
                "the graph is inconsistent under the ontology: " + "; ".join(sorted(self.errors)),
                hint="fix the facts that contradict the ontology's axioms",
            )


def _is_meta(node: object) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(_META_NAMESPACES)


def keep(triple: tuple[object, object, object]) -> bool:
    """Whether an entailed triple is one a user would query."""
    s, p, o = triple
    if not isinstance(s, URIRef) or _is_meta(s) or isinstance(o, BNode) or not isinstance(p, URIRef):
        return False
    if p == RDF.type:
        return isinstance(o, URIRef) and not _is_meta(o)
    if p in _KEPT_META_PREDICATES:
        return s != o and isinstance(o, URIRef) and not _is_meta(o)
    return not _is_meta(p)


def closure(graph: Graph) -> Inference:
    """The OWL 2 RL closure of `graph`, filtered to what users query."""
    work = Graph()
    for triple in graph:
        work.add(triple)
    before = set(work)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(work)
    result = Inference()
    for message in work.subjects(RDF.type, _ERR.ErrorMessage):
        result.errors.extend(str(text) for text in work.objects(message, _ERR.error))
    for triple in work:
        if triple not in before and keep(triple):
            result.triples.add(triple)  # type: ignore[arg-type]
    return result


def infer(dataset: Dataset) -> Inference:
    """Run the closure over every asserted triple of `dataset` (all its graphs together)."""
    return closure(union(dataset, include_inferred=False))


_RL_DATATYPES = frozenset(OWL_RL_Datatypes)


def ill_typed(literals: Iterable[Literal]) -> list[str]:
    """owlrl's rule dt-not-type on the literals, in owlrl's words, without computing the closure.

    owlrl checks each distinct literal of an OWL RL datatype with its own converter and reports a
    ValueError as an inconsistency (OWLRL._one_time_rules_datatypes): the literal alone decides, so this
    is what the closure of the literals finds, at a cost that follows their number (the closure of
    40,000 literals took 20 s). Any other error of a converter is an ill-typed literal too, where the
    closure stops on it ("1,5"^^xsd:decimal raises decimal.InvalidOperation).
    """
    out: list[str] = []
    for literal in literals:
        converter = AltXSDToPYTHON.get(literal.datatype) if literal.datatype in _RL_DATATYPES else None
        if converter is None:
            continue
        try:
            converter(str(literal))
        except Exception:  # owlrl catches ValueError only, and its decimal converter raises another
            out.append(
                f"Lexical value of the literal '{literal}' does not match its datatype ({literal.datatype})"
            )
    return out

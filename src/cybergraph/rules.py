"""The closure the ontology implies, computed by rules on a pyoxigraph store: fast at a million triples.

owlrl (reason.py) stays the reference: on any graph whose axioms are among the constructs below, the
triples added here are exactly those `reason.closure()` keeps. The constructs are rdfs:subClassOf,
owl:equivalentClass, rdfs:subPropertyOf, owl:equivalentProperty, owl:inverseOf, owl:SymmetricProperty,
owl:TransitiveProperty, rdfs:domain and rdfs:range (`unsupported_axioms()` names any others a graph uses).

Instead of applying owlrl's rules to every triple until nothing changes, the schema is compiled once:
which properties a triple of property r also implies, and in which direction (subproperty, inverse and
symmetry chains, followed through in Python); which classes a type implies. Then a handful of bulk SPARQL
queries derive the instance triples, and only transitive properties need a loop, run in Python over their
own (small) edge sets. Triples a user would not query (reason.keep() is false for them: blank-node
subjects or objects, owl:Thing types) are still needed as stepping stones, so they go to a scratch graph
that is dropped at the end.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from cybergraph.namespace import GRAPH

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_META = (_RDF, _RDFS, _OWL)

TYPE = ox.NamedNode(_RDF + "type")
SUBCLASS = ox.NamedNode(_RDFS + "subClassOf")
SUBPROPERTY = ox.NamedNode(_RDFS + "subPropertyOf")

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Resource = ox.NamedNode | ox.BlankNode
# A property and a direction: (p, False) holds p's pairs as stated, (p, True) holds them reversed.
Directed = tuple[ox.NamedNode, bool]

# The OWL 2 RL constructs with instance-level consequences that these rules do not implement.
_UNSUPPORTED = {
    _OWL + "sameAs": "owl:sameAs",
    _OWL + "propertyChainAxiom": "owl:propertyChainAxiom",
    _OWL + "hasKey": "owl:hasKey",
    _OWL + "someValuesFrom": "owl:someValuesFrom",
    _OWL + "allValuesFrom": "owl:allValuesFrom",
    _OWL + "hasValue": "owl:hasValue",
    _OWL + "intersectionOf": "owl:intersectionOf",
    _OWL + "unionOf": "owl:unionOf",
    _OWL + "oneOf": "owl:oneOf",
}
_UNSUPPORTED_TYPES = {
    _OWL + "FunctionalProperty": "owl:FunctionalProperty",
    _OWL + "InverseFunctionalProperty": "owl:InverseFunctionalProperty",
}


def _is_meta(term: object) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith(_META)


def keep(s: Term, p: Term, o: Term) -> bool:
    """reason.keep() for pyoxigraph terms: whether an entailed triple is one a user would query."""
    if not isinstance(s, ox.NamedNode) or _is_meta(s) or isinstance(o, ox.BlankNode):
        return False
    if not isinstance(p, ox.NamedNode):
        return False
    if p == TYPE:
        return isinstance(o, ox.NamedNode) and not _is_meta(o)
    if p in (SUBCLASS, SUBPROPERTY):
        return s != o and isinstance(o, ox.NamedNode) and not _is_meta(o)
    return not _is_meta(p)


def _closure(edges: dict[Resource, set[Resource]]) -> dict[Resource, set[Resource]]:
    """Every node's strict successors at any depth (a node is its own only through a cycle)."""
    result: dict[Resource, set[Resource]] = {}
    for start in edges:
        seen: set[Resource] = set()
        stack = list(edges[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(edges.get(node, ()))
        result[start] = seen
    return result


@dataclass
class Schema:
    """The axioms of a graph that the rules use, and what follows from them at the schema level."""

    superclasses: dict[Resource, set[Resource]] = field(default_factory=dict)
    superproperties: dict[Resource, set[Resource]] = field(default_factory=dict)
    #: for each property r: every (q, reversed) that a triple of r implies, r itself reversed included
    implied: dict[ox.NamedNode, set[Directed]] = field(default_factory=dict)
    transitive: set[ox.NamedNode] = field(default_factory=set)
    #: for each property: the classes its subjects (domain) or its objects (range) belong to, supers included
    domain: dict[ox.NamedNode, set[ox.NamedNode]] = field(default_factory=dict)
    range: dict[ox.NamedNode, set[ox.NamedNode]] = field(default_factory=dict)

    @classmethod
    def read(cls, store: ox.Store) -> Schema:
        def pairs(predicate: str) -> Iterator[tuple[Term, Term]]:
            query = f"SELECT DISTINCT ?a ?b WHERE {{ ?a <{predicate}> ?b }}"
            for row in store.query(query, use_default_graph_as_union=True):  # type: ignore[union-attr]
                yield row["a"], row["b"]

        def typed(klass: str) -> set[ox.NamedNode]:
            query = f"SELECT DISTINCT ?p WHERE {{ ?p a <{klass}> }}"
            rows = store.query(query, use_default_graph_as_union=True)
            return {row["p"] for row in rows if isinstance(row["p"], ox.NamedNode)}  # type: ignore[union-attr]

        sub_class: dict[Resource, set[Resource]] = defaultdict(set)
        sub_property: dict[Resource, set[Resource]] = defaultdict(set)
        for edges, direct, equivalent in (
            (sub_class, _RDFS + "subClassOf", _OWL + "equivalentClass"),
            (sub_property, _RDFS + "subPropertyOf", _OWL + "equivalentProperty"),
        ):
            for a, b in pairs(direct):
                if not isinstance(a, ox.Literal) and not isinstance(b, ox.Literal):
                    edges[a].add(b)
            for a, b in pairs(equivalent):
                if not isinstance(a, ox.Literal) and not isinstance(b, ox.Literal):
                    edges[a].add(b)
                    edges[b].add(a)

        schema = cls(superclasses=_closure(sub_class), superproperties=_closure(sub_property))

        # One step of every rule that turns a triple of one property into a triple of another.
        steps: dict[Directed, set[Directed]] = defaultdict(set)
        for p, supers in sub_property.items():
            if isinstance(p, ox.NamedNode):
                for q in supers:
                    if isinstance(q, ox.NamedNode):
                        steps[(p, False)].add((q, False))
                        steps[(p, True)].add((q, True))
        for a, b in pairs(_OWL + "inverseOf"):
            if isinstance(a, ox.NamedNode) and isinstance(b, ox.NamedNode):
                for flip in (False, True):
                    steps[(a, flip)].add((b, not flip))
                    steps[(b, flip)].add((a, not flip))
        for p in typed(_OWL + "SymmetricProperty"):
            steps[(p, False)].add((p, True))
            steps[(p, True)].add((p, False))
        reachable = _closure(steps)  # type: ignore[arg-type]
        for (r, flip), targets in reachable.items():
            if not flip:
                implied = {t for t in targets if t != (r, False)}
                if implied:
                    schema.implied[r] = implied  # type: ignore[assignment]
        schema.transitive = typed(_OWL + "TransitiveProperty")

        for target, predicate in ((schema.domain, "domain"), (schema.range, "range")):
            for p, c in pairs(_RDFS + predicate):
                if isinstance(p, ox.NamedNode) and not isinstance(c, ox.Literal):
                    classes = {c, *schema.superclasses.get(c, ())}
                    kept = {k for k in classes if isinstance(k, ox.NamedNode) and not _is_meta(k)}
                    if kept:
                        target.setdefault(p, set()).update(kept)
        return schema

    def schema_triples(self) -> Iterator[tuple[Resource, ox.NamedNode, Resource]]:
        """The subclass and subproperty links the closure adds (transitivity, equivalences)."""
        for closure, predicate in ((self.superclasses, SUBCLASS), (self.superproperties, SUBPROPERTY)):
            for a, supers in closure.items():
                for b in supers:
                    yield a, predicate, b


def unsupported_axioms(store: ox.Store) -> list[str]:
    """The OWL constructs the graph uses that these rules do not implement (owlrl would act on them)."""
    found = []
    for iri, name in sorted(_UNSUPPORTED.items()):
        if store.query(f"ASK {{ ?a <{iri}> ?b }}", use_default_graph_as_union=True):
            found.append(name)
    for iri, name in sorted(_UNSUPPORTED_TYPES.items()):
        if store.query(f"ASK {{ ?a a <{iri}> }}", use_default_graph_as_union=True):
            found.append(name)
    return found


def _values(rows: Iterable[tuple[ox.NamedNode, ox.NamedNode]]) -> str:
    return " ".join(f"({a} {b})" for a, b in rows)


class _Writer:
    """Adds derived triples: those a user queries to the inferred graph, stepping stones to scratch."""

    def __init__(self, store: ox.Store, inferred: ox.NamedNode | ox.BlankNode) -> None:
        self.store = store
        self.inferred = inferred
        self.scratch = ox.BlankNode()

    def add(self, triples: Iterable[ox.Triple | tuple[Term, Term, Term]]) -> None:
        quads = []
        for t in triples:
            s, p, o = (t.subject, t.predicate, t.object) if isinstance(t, ox.Triple) else t
            graph = self.inferred if keep(s, p, o) else self.scratch
            quads.append(ox.Quad(s, p, o, graph))  # type: ignore[arg-type]
        self.store.extend(quads)

    def construct(self, query: str) -> None:
        # Materialised before writing: the query must not see its own output half-way.
        self.add(list(self.store.query(query, use_default_graph_as_union=True)))  # type: ignore[arg-type]

    def exists(self, s: Term, p: ox.NamedNode, o: Term) -> bool:
        return next(iter(self.store.quads_for_pattern(s, p, o, None)), None) is not None  # type: ignore[arg-type]

    def drop_scratch(self) -> None:
        self.store.remove_graph(self.scratch)


def _graph_size(store: ox.Store, graph: ox.NamedNode | ox.BlankNode) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, graph))


def _propagate(writer: _Writer, schema: Schema) -> None:
    """Subproperty, inverse and symmetry: every triple of r as every (q, direction) that r implies."""
    forward = [(r, q) for r, targets in schema.implied.items() for q, flip in targets if not flip]
    backward = [(r, q) for r, targets in schema.implied.items() for q, flip in targets if flip]
    branches = []
    if forward:
        branches.append(f"{{ VALUES (?r ?q) {{ {_values(forward)} }} ?s ?r ?o }}")
    if backward:
        # A literal cannot be a subject: owlrl derives such triples, but reason.keep() drops them.
        branches.append(f"{{ VALUES (?r ?q) {{ {_values(backward)} }} ?o ?r ?s FILTER(!isLiteral(?s)) }}")
    if branches:
        body = " UNION ".join(branches)
        writer.construct(f"CONSTRUCT {{ ?s ?q ?o }} WHERE {{ {body} FILTER NOT EXISTS {{ ?s ?q ?o }} }}")


def _edges(store: ox.Store, p: ox.NamedNode) -> dict[Term, set[Term]]:
    edges: dict[Term, set[Term]] = defaultdict(set)
    for quad in store.quads_for_pattern(None, p, None, None):
        edges[quad.subject].add(quad.object)
    return edges


def _transitive(writer: _Writer, schema: Schema) -> None:
    """Close each transitive property, spread the new pairs through `implied`, repeat until stable."""
    if not schema.transitive:
        return
    edges = {t: _edges(writer.store, t) for t in schema.transitive}
    pending = set(schema.transitive)
    while pending:
        t = pending.pop()
        closed = _closure(edges[t])  # type: ignore[arg-type]
        new: list[tuple[Term, ox.NamedNode, Term]] = []
        for s, reached in closed.items():
            for o in reached - edges[t][s]:
                new.append((s, t, o))
        if not new:
            continue
        derived: set[tuple[Term, ox.NamedNode, Term]] = set(new)
        for s, _, o in new:
            for q, flip in schema.implied.get(t, ()):
                if flip and isinstance(o, ox.Literal):
                    continue
                derived.add((o, q, s) if flip else (s, q, o))
        fresh = [(s, q, o) for s, q, o in derived if not writer.exists(s, q, o)]
        writer.add(fresh)
        for s, q, o in fresh:
            if q in edges and o not in edges[q][s]:
                edges[q][s].add(o)
                pending.add(q)


def _types(writer: _Writer, schema: Schema) -> None:
    """Superclasses of every stated type, then the classes that domains and ranges give."""
    sub_super = [
        (c, d)
        for c, supers in schema.superclasses.items()
        if isinstance(c, ox.NamedNode)
        for d in supers
        if isinstance(d, ox.NamedNode) and not _is_meta(d) and d != c
    ]
    if sub_super:
        writer.construct(
            f"CONSTRUCT {{ ?x a ?d }} WHERE {{ VALUES (?c ?d) {{ {_values(sub_super)} }} "
            "?x a ?c FILTER(isIRI(?x)) FILTER NOT EXISTS { ?x a ?d } }"
        )
    for classes, pattern in ((schema.domain, "?x ?p ?y"), (schema.range, "?y ?p ?x")):
        rows = [(p, c) for p, cs in classes.items() for c in sorted(cs, key=str)]
        if rows:
            writer.construct(
                f"CONSTRUCT {{ ?x a ?c }} WHERE {{ SELECT DISTINCT ?x ?c WHERE {{ "
                f"VALUES (?p ?c) {{ {_values(rows)} }} {pattern} FILTER(isIRI(?x)) "
                "FILTER NOT EXISTS { ?x a ?c } } }"
            )


def infer_store(store: ox.Store, *, inferred_graph: ox.NamedNode | ox.BlankNode | None = None) -> int:
    """Add to `inferred_graph` (default graph:inferred) the closure of the store's triples; return how many.

    Reads the axioms from every graph of the store, so the ontology must be loaded in it.
    """
    inferred = inferred_graph if inferred_graph is not None else ox.NamedNode(str(GRAPH.inferred))
    before = _graph_size(store, inferred)
    schema = Schema.read(store)
    writer = _Writer(store, inferred)
    writer.add((s, p, o) for s, p, o in schema.schema_triples() if not writer.exists(s, p, o))
    _propagate(writer, schema)
    _transitive(writer, schema)
    _types(writer, schema)
    writer.drop_scratch()
    return _graph_size(store, inferred) - before

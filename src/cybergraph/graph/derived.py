"""What the stored queries would otherwise recompute for every entity, computed once by the build.

These facts, in the build's own named graph `graph:derived` and (like every named graph) in the default
graph, so that a standard load of the published dump (with `--inferred`) answers the rewritten queries
the same in any store:

- `cgb:mostSpecificClass`: each class of the ontology (`cg:`) that an entity has, among its stated and
  inferred types, with none of its other types below it: what "the kind of a thing" means in a table;
- `cgb:kind`: the label of the first of those classes by name (MIN of the labels), the one kind a
  table with one row per thing shows;
- `cgb:country`: for a place that something is located in, each state that following `cg:locatedIn` from
  it leads to, the place itself when it is a state (what `?place cg:locatedIn* ?state . ?state a
  cg:State` asks, which an engine may answer by walking from every node of the graph);
- `cgb:citation`: for a source section, its document's short name and its locator ("ITU GSR ch. 5
  5.9.1"), the text every query gives in its "source" column;
- `cgb:entityCount`: for a class of the ontology, how many things (IRIs) have it, stated or inferred;
- `cgb:tripleCount`: for each named graph of the dataset, graph:derived itself included, how many triples
  it holds (what `statistics` reports; counting every quad of the store took 3x a full scan).

A query that asked for these per row (a sub-SELECT over every entity with a NOT EXISTS over its types)
took minutes at a million triples; a lookup takes microseconds. The properties are an internal
vocabulary of the build (`BUILD`, declared with labels and comments in the same graph), not the
ontology's: they say nothing about the world that the ontology and the data do not already say.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from cybergraph.rdf.terms import GRAPHS, PREFIXES, RDF_TYPE, TERMS, Term

#: The named graph of what this module adds.
DERIVED_GRAPH = GRAPHS + "derived"
#: The internal vocabulary of the build.
BUILD = "https://w3id.org/cybergraph/build#"
MOST_SPECIFIC_CLASS = ox.NamedNode(BUILD + "mostSpecificClass")
KIND = ox.NamedNode(BUILD + "kind")
CITATION = ox.NamedNode(BUILD + "citation")
COUNTRY = ox.NamedNode(BUILD + "country")
ENTITY_COUNT = ox.NamedNode(BUILD + "entityCount")
TRIPLE_COUNT = ox.NamedNode(BUILD + "tripleCount")

_SUBCLASS = ox.NamedNode(PREFIXES["rdfs"] + "subClassOf")
_LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
_COMMENT = ox.NamedNode(PREFIXES["rdfs"] + "comment")
_PROPERTY = ox.NamedNode(PREFIXES["rdf"] + "Property")
_INTEGER = ox.NamedNode(PREFIXES["xsd"] + "integer")

_DECLARED = (
    (
        MOST_SPECIFIC_CLASS,
        "most specific class",
        "A class of the ontology that the thing has, stated or inferred, with none of its other classes "
        "below it. Computed by the build from the other graphs.",
    ),
    (
        KIND,
        "kind",
        "The label of the thing's most specific class of the ontology, the first by name when it has "
        "several. Computed by the build from the other graphs.",
    ),
    (
        COUNTRY,
        "country",
        "A state that the place is in, following located-in links from it, or the place itself when it "
        "is a state. Computed by the build from the other graphs.",
    ),
    (
        CITATION,
        "citation",
        "How the tables cite a source section: its document's short name, a space and its locator. "
        "Computed by the build from the source catalogue.",
    ),
    (
        ENTITY_COUNT,
        "entity count",
        "How many things (IRIs) have the class, stated or inferred. Computed by the build from the other "
        "graphs.",
    ),
    (
        TRIPLE_COUNT,
        "triple count",
        "How many triples the named graph of the dataset holds, this graph's own count included. Computed "
        "by the build.",
    ),
)

# A section's citation: the stored queries' own expression, so that the text is the same to the byte.
_CITATIONS = f"""
PREFIX cg: <{TERMS}>
PREFIX skos: <{PREFIXES["skos"]}>
SELECT DISTINCT ?section ?citation WHERE {{
  ?section cg:locator ?locator ; cg:partOf ?doc .
  ?doc a cg:Source ; skos:altLabel ?docname .
  BIND(CONCAT(?docname, " ", ?locator) AS ?citation)
  FILTER(BOUND(?citation))
}}
"""


def derive(store: ox.Store, graph: ox.NamedNode | None = None) -> int:
    """Add the derived facts of every graph of `store` (asserted and inferred) to `graph` (default
    graph:derived); return how many triples were added. Reads the named graphs (and the default graph,
    empty while the build runs this), so inference must have run first."""
    target = graph if graph is not None else ox.NamedNode(DERIVED_GRAPH)
    quads = [ox.Quad(p, RDF_TYPE, _PROPERTY, target) for p, _, _ in _DECLARED]
    for p, label, comment in _DECLARED:
        quads += [
            ox.Quad(p, _LABEL, ox.Literal(label, language="en"), target),
            ox.Quad(p, _COMMENT, ox.Literal(comment, language="en"), target),
        ]
    quads += _kinds(store, target)
    quads += _countries(store, target)
    for row in store.query(_CITATIONS, use_default_graph_as_union=True):  # type: ignore[union-attr]
        quads.append(ox.Quad(row["section"], CITATION, row["citation"], target))
    quads = _with_triple_counts(store, target, list(dict.fromkeys(quads)))
    before = len(store)
    store.bulk_extend(quads)
    return len(store) - before


def _with_triple_counts(store: ox.Store, target: ox.NamedNode, derived: list[ox.Quad]) -> list[ox.Quad]:
    """`derived` (no quad twice) and the number of triples of every named graph, `target` included.

    The count of `target` counts itself: one count triple for each graph that holds a triple, target's
    own among them, is added to what `target` holds besides. `target` must not be in `store` yet.
    """
    counts: dict[ox.NamedNode | ox.BlankNode, int] = {
        row["g"]: int(row["n"].value)
        for row in store.query(  # type: ignore[union-attr]
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        )
    }
    if target in counts:
        raise ValueError(f"{target} already holds triples: derive once, into a graph of its own")
    counts[target] = len(derived) + len(counts) + 1
    return derived + [
        ox.Quad(graph, TRIPLE_COUNT, ox.Literal(str(n), datatype=_INTEGER), target)
        for graph, n in counts.items()
    ]


def _kinds(store: ox.Store, target: ox.NamedNode) -> list[ox.Quad]:
    """Each thing's most specific classes of the ontology and the first of their labels; how many things
    (IRIs) each class of the ontology has."""
    types: dict[ox.NamedNode | ox.BlankNode, set[ox.NamedNode]] = defaultdict(set)
    for q in store.quads_for_pattern(None, RDF_TYPE, None, None):
        if isinstance(q.object, ox.NamedNode) and not isinstance(q.subject, ox.Triple):
            types[q.subject].add(q.object)
    above: dict[ox.NamedNode, set[Term]] = defaultdict(set)
    for q in store.quads_for_pattern(None, _SUBCLASS, None, None):
        if isinstance(q.subject, ox.NamedNode) and q.subject != q.object:
            above[q.subject].add(q.object)
    labels: dict[ox.NamedNode, list[str]] = {}

    def labels_of(k: ox.NamedNode) -> list[str]:
        if k not in labels:
            found = {
                q.object.value
                for q in store.quads_for_pattern(k, _LABEL, None, None)
                if isinstance(q.object, ox.Literal)
            }
            labels[k] = sorted(v for v in found)
        return labels[k]

    out = []
    entities: dict[ox.NamedNode, int] = defaultdict(int)
    for thing, classes in types.items():
        if isinstance(thing, ox.NamedNode):
            for k in classes:
                if k.value.startswith(TERMS):
                    entities[k] += 1
        narrowest = [
            k
            for k in classes
            if k.value.startswith(TERMS) and not any(n != k and k in above.get(n, ()) for n in classes)
        ]
        named = []
        for k in narrowest:
            out.append(ox.Quad(thing, MOST_SPECIFIC_CLASS, k, target))
            named += labels_of(k)
        if named:
            # MIN over strings in SPARQL compares them by code point, as Python does.
            out.append(ox.Quad(thing, KIND, ox.Literal(min(named)), target))
    out += [
        ox.Quad(k, ENTITY_COUNT, ox.Literal(str(n), datatype=_INTEGER), target) for k, n in entities.items()
    ]
    return out


def _countries(store: ox.Store, target: ox.NamedNode) -> list[ox.Quad]:
    """For every place something is located in: the states reached by cg:locatedIn*, itself included."""
    located_in = ox.NamedNode(TERMS + "locatedIn")
    state = ox.NamedNode(TERMS + "State")
    up: dict[Term, set[Term]] = defaultdict(set)
    for q in store.quads_for_pattern(None, located_in, None, None):
        if not isinstance(q.object, ox.Literal):  # a literal is no place to walk on from
            up[q.subject].add(q.object)
    states = {q.subject for q in store.quads_for_pattern(None, RDF_TYPE, state, None)}
    out = []
    for place in {o for targets in up.values() for o in targets}:
        seen: set[Term] = {place}
        todo = [place]
        while todo:  # a walk up the located-in links, cycles included
            for nxt in up.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        out += [
            ox.Quad(place, COUNTRY, s, target)
            for s in seen
            if s in states and not isinstance(place, ox.Literal)
        ]
    return out

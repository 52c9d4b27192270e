"""Check 5: consistency under the ontology's inference (owlrl, through cybergraph.graph.reason).

The reasoner sees the ontology's own axioms (schema protection has refused any of the contributor's)
and, for a contribution, the contribution and the neighbourhood of its focus nodes, never the whole
graph. An inconsistency the neighbourhood already had without the contribution is not blamed on it.

When the ontology uses only the constructs that cybergraph.graph.rules implements (subclass, subproperty,
equivalence, inverse, symmetric, transitive, domain, range; `rules.unsupported_axioms()` names any
other) and class disjointness (owl:disjointWith, owl:AllDisjointClasses), two things only can make the
data inconsistent. A literal that does not match its datatype (rule dt-not-type): that rule is applied as
owlrl applies it (its own datatype converters, its own message), once per distinct literal and without
the closure, so that its time follows the number of literals (the closure of 40,000 literals took 20 s).
And a node of two disjoint classes (rules cax-dw, cax-adc), which `Disjointness` finds directly from the
types the built graph already holds (asserted and inferred) and those the contribution gives. Any other
construct in the ontology (`needs_reasoner()` names it) brings the full reasoning back, and owlrl stays
the reference the direct checks are tested against.

This module is one of the two adapters to rdflib: its functions take and give pyoxigraph terms, and
only `_errors` hands the triples to owlrl as an rdflib graph.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph

from cybergraph.graph import reason
from cybergraph.graph.reason import closure
from cybergraph.graph.rules import Schema, unsupported_axioms
from cybergraph.rdf.rdflib_bridge import from_ox
from cybergraph.rdf.terms import INFERRED_GRAPH, OWL, RDF, RDF_TYPE, RDFS, Subject, short
from cybergraph.validation.findings import Check, Finding, Severity, term_key, term_value, text_of
from cybergraph.validation.locate import Place

_LITERAL = re.compile(
    r"^Lexical value of the literal '(.*)' does not match its datatype \((\S+)\)$", re.DOTALL
)
_ENTITY = re.compile(r"https://w3id\.org/cybergraph/id/[^\s,()'\"]+")
_IRI = re.compile(r"https?://[^\s,()'\"]+")
_DATE_TYPES = {"date", "gYearMonth", "gYear"}


def _errors(*parts: Iterable[ox.Triple]) -> list[str]:
    """owlrl's inconsistency messages for the triples of `parts` together."""
    graph = Graph()
    for part in parts:
        for t in part:
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return closure(graph).errors


def ill_typed(triples: Iterable[ox.Triple]) -> list[str]:
    """owlrl's messages for the literals of the triples that do not match their datatype (rule
    dt-not-type, see graph.reason.ill_typed), each distinct literal checked once, without the closure."""
    literals = {t.object for t in triples if isinstance(t.object, ox.Literal)}
    return reason.ill_typed(from_ox(literal) for literal in literals)  # type: ignore[misc]


def _sort_key(t: ox.Triple) -> tuple[str, str]:
    return text_of(t.subject), t.predicate.value


def explain(errors: Iterable[str], triples: Iterable[ox.Triple]) -> list[Finding]:
    """Findings for owlrl's error messages, attached to the triples they are about where that can be told."""
    # The triples of each literal, found at once for each message (not by a scan of all the literals).
    literals: dict[tuple[str, str], list[ox.Triple]] = {}
    for t in triples:
        if isinstance(t.object, ox.Literal):
            literals.setdefault((t.object.value, t.object.datatype.value), []).append(t)
    out: list[Finding] = []
    for error in sorted(set(errors)):
        literal = _LITERAL.match(error)
        if literal:
            lexical, datatype = literal.group(1), literal.group(2)
            message = f'"{lexical}" is not a valid {short(datatype)}'
            if datatype.rsplit("#", 1)[-1] in _DATE_TYPES:
                message += (
                    ": write a date as 2002-12-20 (xsd:date), 2002-12 (xsd:gYearMonth) or 2002 (xsd:gYear)"
                )
            hits = literals.get((lexical, datatype), [])
            for t in sorted(hits, key=_sort_key):
                out.append(
                    Finding(
                        Check.CONSISTENCY,
                        Severity.VIOLATION,
                        message,
                        entity=term_key(t.subject),
                        property=t.predicate.value,
                        value=term_value(t.object),
                    )
                )
            if hits:
                continue
        entity = _ENTITY.search(error)
        text = _IRI.sub(lambda m: short(m.group(0)), error)
        out.append(
            Finding(
                Check.CONSISTENCY,
                Severity.VIOLATION,
                f"inconsistent with the ontology: {text}",
                entity=entity.group(0) if entity else None,
            )
        )
    return out


def _literal_keys(triples: Iterable[ox.Triple]) -> set[tuple[str, str]]:
    """The lexical form and datatype of each literal of the triples, as owlrl's messages name them."""
    return {(t.object.value, t.object.datatype.value) for t in triples if isinstance(t.object, ox.Literal)}


def _brought(error: str, contribution: set[tuple[str, str]], around: set[tuple[str, str]]) -> bool:
    """Whether an ill-typed literal error is the contribution's alone (no second reasoning needed), given
    the literals (see `_literal_keys`) of the contribution and of its neighbourhood."""
    literal = _LITERAL.match(error)
    if not literal:
        return False
    key = (literal.group(1), literal.group(2))
    return key in contribution and key not in around


# Axioms that relate one term to another: reachable from the terms of the data, they are all a rule can
# use. Any other axiom (property chains, keys, class expressions, disjointness of many) is always kept.
_LINKS = {RDF_TYPE.value} | {RDFS + t for t in ("subClassOf", "subPropertyOf", "domain", "range")}
_LINKS |= {RDF + "first", RDF + "rest"}
# Links that work in both directions: an axiom on the far side of one applies to the near side.
_BOTH_WAYS = {
    OWL + t
    for t in ("inverseOf", "equivalentClass", "equivalentProperty", "disjointWith", "propertyDisjointWith")
}


def relevant(axioms: Iterable[ox.Triple], data: Iterable[ox.Triple]) -> set[ox.Triple]:
    """The axioms that can take part in reasoning about `data`: a module of the ontology for its terms.

    Starting from every IRI the data uses, follow the axioms about it to the terms they name (a class's
    superclasses, a property's domain, range, superproperties), and the symmetric links backwards (an
    inverse or equivalent declared on the other side). OWL RL's rules only chain through shared terms, so
    an axiom no path reaches cannot fire on the data: the conclusions about the data, inconsistencies
    included, are those of the whole ontology, in a quarter of the time.
    """
    axioms = list(axioms)
    by_subject: dict[object, list[ox.Triple]] = {}
    both_ways_by_object: dict[object, list[ox.Triple]] = {}
    for t in axioms:
        by_subject.setdefault(t.subject, []).append(t)
        if t.predicate.value in _BOTH_WAYS:
            both_ways_by_object.setdefault(t.object, []).append(t)
    seen: set[object] = {
        term for t in data for term in (t.subject, t.predicate, t.object) if isinstance(term, ox.NamedNode)
    }
    todo = list(seen)
    out: set[ox.Triple] = set()
    for t in axioms:
        if t.predicate.value not in _LINKS and t.predicate.value not in _BOTH_WAYS:
            out.add(t)
            todo.extend(n for n in (t.subject, t.object) if n not in seen)
            seen.update((t.subject, t.object))
    while todo:
        term = todo.pop()
        found = [(t, t.object) for t in by_subject.get(term, ())]
        found += [(t, t.subject) for t in both_ways_by_object.get(term, ())]
        for triple, other in found:
            out.add(triple)
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return out


def inconsistencies(axioms: Iterable[ox.Triple], data: set[ox.Triple], *, simple: bool) -> list[str]:
    """owlrl's inconsistency messages for `data` under the axioms (`simple`: only rules.py constructs)."""
    if simple:
        return ill_typed(data)
    return _errors(relevant(axioms, data), data)


def check_contribution(
    axioms: Iterable[ox.Triple],
    contribution: set[ox.Triple],
    around: set[ox.Triple] | Callable[[], set[ox.Triple]],
    *,
    simple: bool,
    clashes: Iterable[Clash] = (),
) -> list[Finding]:
    """Reason over the axioms, the neighbourhood and the contribution; report what the contribution brings.

    `around` is the neighbourhood, or a function that reads it: on the quick path (`simple`) it is read
    only when the contribution has an ill-typed literal (a hub's neighbourhood is tens of thousands of
    triples, read for nothing when every literal is well typed). `clashes` are the disjoint types already
    found directly (`Disjointness.in_contribution`): owlrl's message for the same node and classes is left
    out.
    """
    added = _literal_keys(contribution)
    if simple:
        errors = inconsistencies(axioms, contribution, simple=True)
        if not errors:
            return []
        near = _literal_keys(around() if callable(around) else around)
        return explain([e for e in errors if _brought(e, added, near)], contribution)
    around = around() if callable(around) else around
    near = _literal_keys(around)
    ontology = relevant(axioms, contribution | around)
    errors = unreported(_errors(ontology, around, contribution), clashes)
    unclear = [e for e in errors if not _brought(e, added, near)]
    # An inconsistency the neighbourhood had without the contribution is not the contributor's.
    before = set(_errors(ontology, around)) if unclear else set()
    return explain([e for e in errors if e not in before], contribution)


# The OWL RL rules that find nothing but an inconsistency, from axioms other than class disjointness (which
# `Disjointness` checks): differentFrom (eq-diff), irreflexive and asymmetric properties (prp-irp,
# prp-asyp), disjoint properties (prp-pdw, prp-adp), negative property assertions (prp-npa), owl:Nothing
# (cls-nothing2), complements (cls-com), maximum cardinality 0 (cls-maxc1, cls-maxqc1-2).
_CONTRADICTING = {
    OWL + "differentFrom": "owl:differentFrom",
    OWL + "propertyDisjointWith": "owl:propertyDisjointWith",
    OWL + "sourceIndividual": "owl:NegativePropertyAssertion",
    OWL + "complementOf": "owl:complementOf",
    OWL + "maxCardinality": "owl:maxCardinality",
    OWL + "maxQualifiedCardinality": "owl:maxQualifiedCardinality",
}
_CONTRADICTING_TYPES = {
    OWL + "AllDifferent": "owl:AllDifferent",
    OWL + "AllDisjointProperties": "owl:AllDisjointProperties",
    OWL + "AsymmetricProperty": "owl:AsymmetricProperty",
    OWL + "IrreflexiveProperty": "owl:IrreflexiveProperty",
}


def needs_reasoner(store: ox.Store) -> list[str]:
    """The constructs of the graph's axioms that only the full reasoning can check (none: the quick path).

    Those the rules do not implement (`rules.unsupported_axioms()`), and those whose only consequence is an
    inconsistency, but class disjointness, which is checked directly.
    """
    found = unsupported_axioms(store)
    for iri, name in sorted(_CONTRADICTING.items()):
        if store.query(f"ASK {{ ?a <{iri}> ?b }}", use_default_graph_as_union=True):
            found.append(name)
    for iri, name in sorted(_CONTRADICTING_TYPES.items()):
        if store.query(f"ASK {{ ?a a <{iri}> }}", use_default_graph_as_union=True):
            found.append(name)
    if store.query(f"ASK {{ ?a ?p <{OWL}Nothing> }}", use_default_graph_as_union=True):
        found.append("owl:Nothing")
    return found


# --- Class disjointness, checked directly -------------------------------------------------------------

_DISJOINT_WITH = ox.NamedNode(OWL + "disjointWith")
_ALL_DISJOINT = ox.NamedNode(OWL + "AllDisjointClasses")
_MEMBERS = ox.NamedNode(OWL + "members")
_FIRST = ox.NamedNode(RDF + "first")
_REST = ox.NamedNode(RDF + "rest")
_INFERRED = ox.NamedNode(INFERRED_GRAPH)
# owlrl's message for rules cax-dw and cax-adc.
_DISJOINT_ERROR = re.compile(r"^Disjoint classes (\S+) and (\S+) have a common individual (\S+)$")


@dataclass(frozen=True)
class Side:
    """What makes a node an instance of one of two disjoint classes, and where those statements are."""

    klass: ox.NamedNode
    statements: tuple[ox.Triple, ...]
    #: whether the statements are the contribution's (else the built graph's)
    contributed: bool


@dataclass(frozen=True)
class Clash:
    """A node of two classes that the ontology declares disjoint: an inconsistency."""

    node: Subject
    sides: tuple[Side, Side]

    @property
    def key(self) -> tuple[str, frozenset[str]]:
        return term_key(self.node), frozenset(s.klass.value for s in self.sides)


def _sorted_pair(a: ox.NamedNode, b: ox.NamedNode) -> tuple[ox.NamedNode, ox.NamedNode]:
    return (a, b) if a.value <= b.value else (b, a)


def _members(head: object, rest: Mapping[object, list[ox.Triple]]) -> list[ox.NamedNode]:
    """The named classes of an RDF list (a malformed or cyclic list ends where it goes wrong)."""
    out: list[ox.NamedNode] = []
    seen: set[object] = set()
    node = head
    while node not in seen and node != ox.NamedNode(RDF + "nil"):
        seen.add(node)
        firsts = [t.object for t in rest.get(node, ()) if t.predicate == _FIRST]
        nexts = [t.object for t in rest.get(node, ()) if t.predicate == _REST]
        out.extend(f for f in firsts if isinstance(f, ox.NamedNode))
        if len(nexts) != 1:
            break
        node = nexts[0]
    return out


@dataclass(frozen=True)
class Disjointness:
    """The classes the ontology declares disjoint, and the classes each statement gives a node.

    A node is of a class when it is typed with it or one of its subclasses, or when a property's domain
    or range gives it the class (through every property that property implies): `rules.Schema` compiles
    both. The built graph holds every type its own triples imply (asserted and inferred), so the clashes
    of a contribution are found from the store's types of the nodes it touches and the types its own
    statements give them, without reasoning; owlrl (rules cax-dw, cax-adc) finds the same.
    """

    #: each class declared disjoint, with the classes it is declared disjoint with
    partners: Mapping[ox.NamedNode, frozenset[ox.NamedNode]]
    schema: Schema

    @classmethod
    def of(cls, axioms: Iterable[ox.Triple], schema: Schema) -> Disjointness:
        """Read owl:disjointWith and owl:AllDisjointClasses (its owl:members) from the ontology's axioms."""
        by_subject: dict[object, list[ox.Triple]] = {}
        for t in axioms:
            by_subject.setdefault(t.subject, []).append(t)
        pairs: set[tuple[ox.NamedNode, ox.NamedNode]] = set()
        for triples in by_subject.values():
            for t in triples:
                if t.predicate == _DISJOINT_WITH:
                    if isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode):
                        pairs.add(_sorted_pair(t.subject, t.object))
                elif t.predicate == RDF_TYPE and t.object == _ALL_DISJOINT:
                    for group in (m.object for m in triples if m.predicate == _MEMBERS):
                        members = _members(group, by_subject)
                        pairs.update(
                            _sorted_pair(a, b)
                            for i, a in enumerate(members)
                            for b in members[i + 1 :]
                            if a != b
                        )
        partners: dict[ox.NamedNode, set[ox.NamedNode]] = {}
        for a, b in pairs:
            if a != b:  # a class disjoint with itself is owl:Nothing, which needs the reasoner
                partners.setdefault(a, set()).add(b)
                partners.setdefault(b, set()).add(a)
        return cls({c: frozenset(p) for c, p in partners.items()}, schema)

    def __bool__(self) -> bool:
        return bool(self.partners)

    def up(self, klass: ox.NamedNode) -> set[ox.NamedNode]:
        """The class and its superclasses."""
        supers = self.schema.superclasses.get(klass, set())
        return {klass} | {c for c in supers if isinstance(c, ox.NamedNode)}

    def given(self, t: ox.Triple) -> Iterator[tuple[Subject, set[ox.NamedNode]]]:
        """The classes the statement gives its subject (and its object), superclasses included."""
        if t.predicate == RDF_TYPE:
            if isinstance(t.object, ox.NamedNode):
                yield t.subject, self.up(t.object)  # type: ignore[misc]
            return
        subject = self.schema.subject_types.get(t.predicate)
        if subject:
            yield t.subject, subject  # type: ignore[misc]
        target = self.schema.object_types.get(t.predicate)
        if target and isinstance(t.object, ox.NamedNode | ox.BlankNode):
            yield t.object, target

    def _clashing(self, classes: set[ox.NamedNode]) -> list[tuple[ox.NamedNode, ox.NamedNode]]:
        """The pairs of declared disjoint classes among `classes`, sorted."""
        found = {_sorted_pair(a, b) for a in classes for b in self.partners.get(a, ()) if b in classes}
        return sorted(found, key=lambda p: (p[0].value, p[1].value))

    def _stated(self, store: ox.Store, node: Subject, klass: ox.NamedNode) -> tuple[ox.Triple, ...]:
        """The built graph's own statements (not the inferred ones) that make `node` a `klass`."""
        found = [
            q.triple
            for q in store.quads_for_pattern(node, RDF_TYPE, None, None)
            if q.graph_name != _INFERRED and isinstance(q.object, ox.NamedNode) and klass in self.up(q.object)
        ]
        if not found:
            for q in store.quads_for_pattern(node, None, None, None):
                if q.graph_name != _INFERRED and klass in self.schema.subject_types.get(q.predicate, ()):
                    found.append(q.triple)
            for q in store.quads_for_pattern(None, None, node, None):
                if q.graph_name != _INFERRED and klass in self.schema.object_types.get(q.predicate, ()):
                    found.append(q.triple)
        return tuple(sorted(set(found), key=_statement_key))

    def in_contribution(self, store: ox.Store, contribution: Iterable[ox.Triple]) -> list[Clash]:
        """The nodes the contribution gives a class disjoint with one they have: in the graph, or in it.

        A clash between two classes the node already had in the built graph is not the contribution's.
        """
        if not self:
            return []
        brought: dict[Subject, dict[ox.NamedNode, set[ox.Triple]]] = {}
        for t in contribution:
            for node, classes in self.given(t):
                at = brought.setdefault(node, {})
                for klass in classes:
                    at.setdefault(klass, set()).add(t)
        out: list[Clash] = []
        for node, new in brought.items():
            if not any(c in self.partners for c in new):
                continue
            old = {
                q.object
                for q in store.quads_for_pattern(node, RDF_TYPE, None, None)
                if isinstance(q.object, ox.NamedNode)
            }
            for a, b in self._clashing(old | set(new)):
                if a in old and b in old:
                    continue
                one, two = (
                    Side(k, self._stated(store, node, k), contributed=False)
                    if k in old
                    else Side(k, tuple(sorted(new[k], key=_statement_key)), contributed=True)
                    for k in (a, b)
                )
                # The contribution's side first: the finding goes there.
                out.append(Clash(node, (one, two) if one.contributed else (two, one)))
        return sorted(out, key=_clash_key)

    def in_graph(self, store: ox.Store) -> list[Clash]:
        """Every node of the built graph of two classes declared disjoint."""
        if not self:
            return []
        pairs = {_sorted_pair(a, b) for a, bs in self.partners.items() for b in bs}
        values = " ".join(f"({a} {b})" for a, b in sorted(pairs, key=lambda p: (p[0].value, p[1].value)))
        rows = store.query(
            f"SELECT DISTINCT ?x ?a ?b WHERE {{ VALUES (?a ?b) {{ {values} }} ?x a ?a . ?x a ?b }}",
            use_default_graph_as_union=True,
        )
        out = []
        for row in rows:  # type: ignore[union-attr]
            node, a, b = row["x"], row["a"], row["b"]
            sides = tuple(Side(k, self._stated(store, node, k), contributed=False) for k in (a, b))
            out.append(Clash(node, sides))  # type: ignore[arg-type]
        return sorted(out, key=_clash_key)


def _statement_key(t: ox.Triple) -> tuple[bool, str, str, str]:
    # Types first: a stated type is the clearest reason for a node's class.
    return t.predicate != RDF_TYPE, t.predicate.value, text_of(t.object), text_of(t.subject)


def _clash_key(c: Clash) -> tuple[str, str, str]:
    return text_of(c.node), c.sides[0].klass.value, c.sides[1].klass.value


def unreported(errors: Iterable[str], clashes: Iterable[Clash]) -> list[str]:
    """owlrl's messages but those about the clashes already found directly (the same node and classes)."""
    known = {c.key for c in clashes}
    out = []
    for error in errors:
        disjoint = _DISJOINT_ERROR.match(error)
        if disjoint and (disjoint.group(3), frozenset(disjoint.group(1, 2))) in known:
            continue
        out.append(error)
    return out


def _name(node: Subject) -> str:
    return short(node.value) if isinstance(node, ox.NamedNode) else "this node"


def _why(node: Subject, statement: ox.Triple, klass: ox.NamedNode) -> str:
    """How the statement makes `node` a `klass`, in words."""
    if statement.predicate == RDF_TYPE and isinstance(statement.object, ox.NamedNode):
        return f"a {short(statement.object.value)}"
    role = "subject" if statement.subject == node else "object"
    return f"the {role} of {short(statement.predicate.value)} (so a {short(klass.value)})"


def _where(place: Place) -> str:
    file, line = place
    return file if line is None else f"{file}:{line}"


def _place_key(place: Place) -> tuple[str, int]:
    return place[0], place[1] or 0


def _spots(side: Side, places: Callable[[Side, ox.Triple], list[Place]]) -> list[tuple[Place, ox.Triple]]:
    """Where each statement of the side is, first place first."""
    found = [(place, statement) for statement in side.statements for place in places(side, statement)]
    return sorted(found, key=lambda spot: (_place_key(spot[0]), _statement_key(spot[1])))


def clash_findings(
    clashes: Iterable[Clash], places: Callable[[Side, ox.Triple], list[Place]]
) -> list[Finding]:
    """One finding per clash, at a statement of one side, naming where the other side is stated.

    `places(side, statement)` says where a statement is: in the files checked, or in the data files.
    The finding goes to the contribution's side, or (both sides in the graph) to the side stated first.
    """
    out: list[Finding] = []
    for clash in clashes:
        (one, two), (at_one, at_two) = clash.sides, [_spots(side, places) for side in clash.sides]
        if (
            not one.contributed
            and at_two
            and (not at_one or _place_key(at_two[0][0]) < _place_key(at_one[0][0]))
        ):
            (one, two), (at_one, at_two) = (two, one), (at_two, at_one)
        out.append(_clash_finding(clash.node, one, at_one, two, at_two))
    return out


def _clash_finding(
    node: Subject,
    here: Side,
    at_here: list[tuple[Place, ox.Triple]],
    there: Side,
    at_there: list[tuple[Place, ox.Triple]],
) -> Finding:
    statement = at_here[0][1] if at_here else next(iter(here.statements), None)
    here_text = _why(node, statement, here.klass) if statement else f"a {short(here.klass.value)}"
    if at_there:
        others = len({place for place, _ in at_there}) - 1
        more = f" (and {others} other place{'s' if others > 1 else ''})" if others else ""
        there_text = f"{_why(node, at_there[0][1], there.klass)} in {_where(at_there[0][0])}{more}"
    elif there.statements:
        there_text = f"{_why(node, there.statements[0], there.klass)} in the graph"
    else:
        there_text = f"a {short(there.klass.value)} in the graph"
    message = (
        f"{_name(node)} is {here_text} here and {there_text}, but nothing can be both a"
        f" {short(here.klass.value)} and a {short(there.klass.value)} (the ontology declares them"
        " disjoint): remove the wrong statement, or give one of the two things an IRI of its own"
    )
    about = statement is not None and statement.subject == node
    finding = Finding(
        Check.CONSISTENCY,
        Severity.VIOLATION,
        message,
        entity=term_key(node),
        property=statement.predicate.value if about and statement else None,
        value=term_value(statement.object) if about and statement else None,
    )
    return finding.located(*at_here[0][0]) if at_here else finding

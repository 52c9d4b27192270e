"""A small read-only index over pyoxigraph triples: the few lookups code that walks one graph needs.

For a graph small enough to hold in Python (the ontology, the shapes), where a store and SPARQL would be
more machinery than the question: the objects of a subject's property, the subjects with a property
value, one value, a subject's statements, transitive closure along one property, an RDF list's members.
Triples are kept once each (a graph is a set; RDF 1.2 triple terms are refused), and answers follow the
order in which the triples were first given, never hash order, so that a caller that does not sort still
gets the same result on every run.

>>> ex = "http://example.org/"
>>> a, b, c, sub = (ox.NamedNode(ex + n) for n in ("a", "b", "c", "sub"))
>>> index = TripleIndex([ox.Triple(a, sub, b), ox.Triple(b, sub, c), ox.Triple(a, sub, b)])
>>> len(index), ox.Triple(a, sub, b) in index
(2, True)
>>> [t.value for t in index.objects(a, sub)], [t.value for t in index.subjects(sub, c)]
(['http://example.org/b'], ['http://example.org/b'])
>>> [t.value for t in index.transitive_objects(a, sub)]
['http://example.org/a', 'http://example.org/b', 'http://example.org/c']
>>> index.value(c, sub) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from cybergraph.rdf.terms import RDF, Object, Subject, ntriples

__all__ = ["TripleIndex"]

_FIRST = ox.NamedNode(RDF + "first")
_REST = ox.NamedNode(RDF + "rest")
_NIL = ox.NamedNode(RDF + "nil")


class TripleIndex:
    """The triples of one graph, indexed by subject and by predicate (read-only once built)."""

    __slots__ = ("_by_predicate", "_by_subject", "_triples")

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        # Dicts used as ordered sets: a triple given twice is one triple, kept where it was first given.
        self._triples: dict[ox.Triple, None] = {}
        self._by_subject: dict[Subject, dict[ox.NamedNode, dict[Object, None]]] = {}
        self._by_predicate: dict[ox.NamedNode, dict[Object, dict[Subject, None]]] = {}
        for triple in triples:
            if triple in self._triples:
                continue
            s, p, o = triple.subject, triple.predicate, triple.object
            if isinstance(s, ox.Triple) or isinstance(o, ox.Triple):
                raise ValueError(f"a triple term (RDF 1.2) is not supported here: {ntriples(triple)}")
            self._triples[triple] = None
            self._by_subject.setdefault(s, {}).setdefault(p, {})[o] = None
            self._by_predicate.setdefault(p, {}).setdefault(o, {})[s] = None

    def __len__(self) -> int:
        return len(self._triples)

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self._triples)

    def __contains__(self, triple: object) -> bool:
        return triple in self._triples

    def subjects(self, predicate: ox.NamedNode | None = None, object: Object | None = None) -> list[Subject]:
        """The subjects of triples with `predicate` and `object` (either left out: any); each once."""
        if predicate is None:
            if object is None:
                return list(self._by_subject)
            found: dict[Subject, None] = {}
            for by_object in self._by_predicate.values():
                found.update(by_object.get(object, {}))
            return list(found)
        by_object = self._by_predicate.get(predicate, {})
        if object is not None:
            return list(by_object.get(object, {}))
        found = {}
        for subjects in by_object.values():
            found.update(subjects)
        return list(found)

    def objects(self, subject: Subject, predicate: ox.NamedNode) -> list[Object]:
        """The objects of `subject`'s `predicate`."""
        return list(self._by_subject.get(subject, {}).get(predicate, {}))

    def value(self, subject: Subject, predicate: ox.NamedNode) -> Object | None:
        """One object of `subject`'s `predicate` (the first given), or None."""
        return next(iter(self._by_subject.get(subject, {}).get(predicate, {})), None)

    def predicate_objects(self, subject: Subject) -> list[tuple[ox.NamedNode, Object]]:
        """Every (predicate, object) stated of `subject`."""
        return [(p, o) for p, objects in self._by_subject.get(subject, {}).items() for o in objects]

    def subject_objects(self, predicate: ox.NamedNode) -> list[tuple[Subject, Object]]:
        """Every (subject, object) linked by `predicate`."""
        return [
            (s, o) for s, by_predicate in self._by_subject.items() for o in by_predicate.get(predicate, {})
        ]

    def transitive_objects(self, subject: Subject, predicate: ox.NamedNode) -> list[Object]:
        """`subject` and every term reachable from it along `predicate`, each once (as rdflib's
        `transitive_objects`, depth first)."""
        seen: dict[Object, None] = {}
        stack: list[Object] = [subject]
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen[node] = None
            if isinstance(node, ox.Literal):
                continue
            stack.extend(reversed(self.objects(node, predicate)))
        return list(seen)

    def transitive_subjects(self, predicate: ox.NamedNode, object: Object) -> list[Subject | Object]:
        """`object` and every term from which a chain of `predicate` leads to it, each once (as rdflib's
        `transitive_subjects`, breadth first)."""
        found: dict[Subject | Object, None] = {object: None}
        pending: list[Subject | Object] = [object]
        while pending:
            for s in self.subjects(predicate, pending.pop()):
                if s not in found:
                    found[s] = None
                    pending.append(s)
        return list(found)

    def items(self, head: Object) -> list[Object]:
        """The members of the RDF list starting at `head` (a cycle ends it)."""
        out: list[Object] = []
        seen: set[Object] = set()
        node: Object | None = head
        while isinstance(node, ox.NamedNode | ox.BlankNode) and node != _NIL and node not in seen:
            seen.add(node)
            first = self.value(node, _FIRST)
            if first is not None:
                out.append(first)
            node = self.value(node, _REST)
        return out

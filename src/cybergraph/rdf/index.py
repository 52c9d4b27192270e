"""A small in-memory index of triples, for the look-ups writers make in a graph they hold as a list.

>>> a, p, b = ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.NamedNode("http://e/b")
>>> index = TripleIndex([ox.Triple(a, p, b)])
>>> index.objects(a, p), index.subjects(p, b), index.value(b, p)
([<NamedNode value=http://e/b>], [<NamedNode value=http://e/a>], None)
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from cybergraph.rdf.terms import Term


class TripleIndex:
    """The triples by (subject, predicate) and by (predicate, object), each triple once, in input order."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self._objects: dict[tuple[Term, ox.NamedNode], dict[Term, None]] = {}
        self._subjects: dict[tuple[ox.NamedNode, Term], dict[Term, None]] = {}
        for t in triples:
            s, p, o = t.subject, t.predicate, t.object
            self._objects.setdefault((s, p), {})[o] = None
            self._subjects.setdefault((p, o), {})[s] = None

    def objects(self, subject: Term, predicate: ox.NamedNode) -> list[Term]:
        """The objects of (subject, predicate, ?)."""
        return list(self._objects.get((subject, predicate), ()))

    def subjects(self, predicate: ox.NamedNode, obj: Term) -> list[Term]:
        """The subjects of (?, predicate, obj)."""
        return list(self._subjects.get((predicate, obj), ()))

    def value(self, subject: Term, predicate: ox.NamedNode) -> Term | None:
        """One object of (subject, predicate, ?), or None."""
        return next(iter(self._objects.get((subject, predicate), ())), None)

    def transitive_subjects(self, predicate: ox.NamedNode, obj: Term) -> list[Term]:
        """`obj` and every term linked to it by a chain of `predicate` (as rdflib's transitive_subjects)."""
        found: dict[Term, None] = {obj: None}
        pending = [obj]
        while pending:
            for s in self.subjects(predicate, pending.pop()):
                if s not in found:
                    found[s] = None
                    pending.append(s)
        return list(found)

"""Checks 2 to 4: unknown terms, dangling references and likely duplicates.

These look only at the triples checked and at what the built graph already says about the IRIs and
labels they use, so that they cost as much as the contribution, not as the graph.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeGuard

import pyoxigraph as ox

from cybergraph.graph.dataset import NamedGraphsView
from cybergraph.rdf.terms import (
    DCTERMS,
    ENTITIES,
    INFERRED_GRAPH,
    ONTOLOGY_GRAPH,
    OWL,
    RDF,
    RDF_TYPE,
    RDFS,
    RDFS_LABEL,
    SKOS,
    TERMS,
    XSD,
    Object,
    Subject,
    escape,
    iri_ref,
    short,
)
from cybergraph.rdf.vocab import CG, STANDARD_TERMS
from cybergraph.validation.findings import Check, Finding, Severity, term_key, term_value, text_of

_PROPERTY_TYPES = {
    OWL + "ObjectProperty",
    OWL + "DatatypeProperty",
    OWL + "AnnotationProperty",
    RDF + "Property",
}
_CLASS_TYPES = {OWL + "Class", RDFS + "Class"}
_LABELS = (RDFS_LABEL, ox.NamedNode(SKOS + "altLabel"), ox.NamedNode(SKOS + "prefLabel"))
# Values that name one entity only: two entities sharing one are almost surely the same.
IDENTIFIERS = (
    CG.documentSymbol,
    CG.iso3166Alpha2,
    CG.iso3166Alpha3,
    CG.iso3166Numeric,
    CG.coeTreatyNumber,
    CG.wikidata,
)
_WHOLE_NUMBERS = ("integer", "positiveInteger", "nonNegativeInteger")
# Terms of the standard vocabularies that their lists of term names leave out: RDF's container
# membership properties (rdf:_1, rdf:_2, ...) and two encoding schemes of Dublin Core.
_MEMBERSHIP = re.compile(r"^_[0-9]+$")
_EXTRA_TERMS: Mapping[str, frozenset[str]] = {DCTERMS: frozenset({"ISO639-2", "ISO639-3"})}
# How many label keys go into one SPARQL IN list (see Existing.labels_like), and the two tests of its
# FILTER in Python: a character outside printable ASCII, and what the key of an ASCII label leaves out.
_FEW_KEYS = 64
_NOT_PRINTABLE_ASCII = re.compile(r"[^ -~]")
_NOT_KEY = re.compile(r"[^a-z0-9]")
_KEY = re.compile(r"[a-z0-9]*")
_TRUE = ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))


def standard_namespace(iri: str) -> str | None:
    """The standard vocabulary (of vocab.STANDARD_TERMS) whose namespace `iri` is in, if any."""
    return next((ns for ns in STANDARD_TERMS if iri.startswith(ns)), None)


def is_standard_term(iri: str, namespace: str) -> bool:
    """Whether `iri` is a term that the standard vocabulary `namespace` defines."""
    if not iri.startswith(namespace):
        return False
    name = iri[len(namespace) :]
    return (
        name in STANDARD_TERMS[namespace]
        or name in _EXTRA_TERMS.get(namespace, ())
        or (namespace == RDF and _MEMBERSHIP.match(name) is not None)
    )


@dataclass
class Vocabulary:
    """The ontology's own terms, by kind, and every IRI it mentions."""

    classes: set[ox.NamedNode] = field(default_factory=set)
    properties: set[ox.NamedNode] = field(default_factory=set)
    mentioned: set[ox.NamedNode] = field(default_factory=set)

    @classmethod
    def of(cls, store: ox.Store) -> Vocabulary:
        vocab = cls()
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH)):
            for term in (quad.subject, quad.predicate, quad.object):
                if isinstance(term, ox.NamedNode):
                    vocab.mentioned.add(term)
            if quad.predicate == RDF_TYPE and isinstance(quad.subject, ox.NamedNode):
                kind = text_of(quad.object)
                if kind in _CLASS_TYPES:
                    vocab.classes.add(quad.subject)
                elif kind in _PROPERTY_TYPES:
                    vocab.properties.add(quad.subject)
        return vocab

    def defines(self, term: ox.NamedNode) -> bool:
        return term in self.classes or term in self.properties or term in self.mentioned


def _suggest(term: str, candidates: Iterable[str]) -> str:
    """A "did you mean" clause: a case-insensitive match first, then the closest spellings."""
    pool = sorted(candidates)
    same_case = [c for c in pool if c.lower() == term.lower()]
    close = same_case or difflib.get_close_matches(term, pool, n=3, cutoff=0.75)
    if not close:
        return ""
    # Only the best matches: a close second is worth naming, a distant third is noise.
    score = {c: difflib.SequenceMatcher(None, term, c).ratio() for c in close}
    close = [c for c in close if score[c] >= score[close[0]] - 0.02]
    return "; did you mean " + " or ".join(short(c) for c in close) + "?"


def _iris(terms: Iterable[ox.NamedNode]) -> list[str]:
    return [t.value for t in terms]


def _cg_term(term: object) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith(TERMS)


def _not_standard(term: ox.NamedNode, vocab: Vocabulary) -> str | None:
    """Why a term of a standard vocabulary does not exist, or None when it does (or is not one)."""
    ns = standard_namespace(term.value)
    if ns is None or is_standard_term(term.value, ns) or term in vocab.mentioned:
        return None
    names = sorted(STANDARD_TERMS[ns])
    return f"{short(term.value)} is not a term of {short(ns)}{_suggest(term.value, [ns + n for n in names])}"


def _problem(p: ox.NamedNode, o: Object, vocab: Vocabulary) -> Iterator[str]:
    if _cg_term(p) and p not in vocab.properties:
        if p in vocab.classes:
            yield f"{short(p.value)} is a class of the ontology, not a property"
        else:
            suggestion = _suggest(p.value, _iris(vocab.properties))
            yield f"{short(p.value)} is not a property of the ontology{suggestion}"
    elif not _cg_term(p) and (why := _not_standard(p, vocab)):
        yield why
    if p == RDF_TYPE and isinstance(o, ox.NamedNode):
        if _cg_term(o) and o not in vocab.classes:
            if o in vocab.properties:
                yield f"{short(o.value)} is a property of the ontology, not a class"
            else:
                suggestion = _suggest(o.value, _iris(vocab.classes))
                yield f"{short(o.value)} is not a class of the ontology{suggestion}"
        elif not _cg_term(o) and (why := _not_standard(o, vocab)):
            yield why
    elif isinstance(o, ox.NamedNode) and _cg_term(o) and not vocab.defines(o):
        yield f"{short(o.value)} is not a term of the ontology{_suggest(o.value, _iris(vocab.mentioned))}"
    if isinstance(o, ox.Literal) and o.datatype.value.startswith(XSD):
        datatype = o.datatype.value
        if not is_standard_term(datatype, XSD):
            names = [XSD + n for n in STANDARD_TERMS[XSD]]
            yield f"{short(datatype)} is not an XML Schema datatype{_suggest(datatype, names)}"


def _violation(check: Check, message: str, t: ox.Triple) -> Finding:
    """A finding about the statement `t` of a contribution."""
    return Finding(
        check,
        Severity.VIOLATION,
        message,
        entity=term_key(t.subject),
        property=t.predicate.value,
        value=term_value(t.object),
    )


def unknown_terms(triples: Iterable[ox.Triple], vocab: Vocabulary) -> list[Finding]:
    """Terms of the cybergraph namespace, or of a standard vocabulary, that do not exist."""
    out: dict[tuple[str, str, str, str], Finding] = {}
    for t in triples:
        for message in _problem(t.predicate, t.object, vocab):  # type: ignore[arg-type]
            key = (term_key(t.subject), t.predicate.value, term_value(t.object), message)
            out.setdefault(key, _violation(Check.UNKNOWN_TERM, message, t))
    return list(out.values())


def is_entity(term: object) -> TypeGuard[ox.NamedNode]:
    return isinstance(term, ox.NamedNode) and term.value.startswith(ENTITIES)


class Existing:
    """What the built graph asserts (inferred triples left out) about given IRIs."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._inferred = ox.NamedNode(INFERRED_GRAPH)

    def _asserted(self, quads: Iterator[ox.Quad]) -> bool:
        return any(q.graph_name != self._inferred for q in quads)

    def typed(self, iri: ox.NamedNode) -> bool:
        return self._asserted(self.store.quads_for_pattern(iri, RDF_TYPE, None, None))

    def described(self, iri: ox.NamedNode) -> bool:
        return self._asserted(self.store.quads_for_pattern(iri, None, None, None))

    def _entity_quads(
        self, predicate: ox.NamedNode, value: Object | None = None
    ) -> Iterator[tuple[ox.NamedNode, Object]]:
        """Subject and object of the asserted triples of `predicate` (with `value`) about an entity."""
        for q in self.store.quads_for_pattern(None, predicate, value, None):
            if q.graph_name != self._inferred and is_entity(q.subject):
                yield q.subject, q.object  # type: ignore[misc]

    def with_value(self, predicate: ox.NamedNode, value: Object) -> list[ox.NamedNode]:
        """Entities that have `value` for `predicate`, as given, as plain text or (digits) as a number."""
        text = value.value
        forms: list[Object] = [value] if isinstance(value, ox.NamedNode) else []
        if isinstance(value, ox.Literal):
            forms.append(ox.Literal(text))
            if not value.language and value.datatype.value != XSD + "string":
                forms.append(value)
            if text.isdigit():
                forms += [ox.Literal(text, datatype=ox.NamedNode(XSD + t)) for t in _WHOLE_NUMBERS]
        found = {s for form in forms for s, _ in self._entity_quads(predicate, form)}
        return sorted(found, key=lambda s: s.value)

    def labels_like(self, keys: Iterable[str]) -> Iterator[tuple[ox.NamedNode, ox.NamedNode, str]]:
        """The labels that may normalise to one of `keys` (a superset: compare with `normalise`).

        Oxigraph does the scan: an ASCII label matches when its lower-case letters and digits spell the
        key; any label with other characters is a candidate, since only Python can strip its accents.
        For a few keys, Oxigraph tests each label with one regular expression (`_spelling`), or where
        that is too large for it, compares the label's key with each key of an IN list; beyond a few
        keys (a large contribution) every label is fetched once and looked up in a set, so the time
        follows the number of labels plus the number of keys, not their product.

        On a built store (its view of the named graphs) the scan reads the default graph, which holds
        each label once, and the labels found are looked up in the named graphs to keep the asserted
        ones: at a million triples half the time of a scan of every named graph's labels.
        """
        wanted = sorted({k for k in keys if k.isascii()})
        few = len(wanted) <= _FEW_KEYS
        choices = " ".join(iri_ref(p.value) for p in _LABELS)
        matches = f"FILTER({self._spelled(wanted)})" if few else ""
        raw = self.store.store if isinstance(self.store, NamedGraphsView) else None
        where = (
            "?s ?p ?l ." if raw is not None else f"GRAPH ?g {{ ?s ?p ?l }} FILTER(?g != <{INFERRED_GRAPH}>)"
        )
        query = f"""SELECT ?s ?p ?l WHERE {{ VALUES ?p {{ {choices} }} {where}
            FILTER(STRSTARTS(STR(?s), "{ENTITIES}"))
            {matches} }}"""
        keys_set = set(wanted)
        for row in self.store.query(query):  # type: ignore[union-attr]
            s, p, literal = row["s"], row["p"], row["l"]
            text = literal.value
            candidate = few or _NOT_PRINTABLE_ASCII.search(text) or _NOT_KEY.sub("", text.lower()) in keys_set
            if candidate and (raw is None or self._stated(raw, s, p, literal)):
                yield s, p, text

    def _stated(self, raw: ox.Store, s: ox.NamedNode, p: ox.NamedNode, literal: ox.Literal) -> bool:
        """Whether a named graph of the built store but graph:inferred holds the triple."""
        return any(
            not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name != self._inferred
            for q in raw.quads_for_pattern(s, p, literal, None)
        )

    def _spelled(self, keys: list[str]) -> str:
        """The SPARQL test of a label ?l that may have one of the keys (see `labels_like`)."""
        pattern = escape(_spelling(keys))
        compiles = f'SELECT (BOUND(?x) AS ?ok) WHERE {{ BIND(REGEX("", "{pattern}", "i") AS ?x) }}'
        # Oxigraph gives no answer for a regular expression over its size limit (many long keys).
        if next(iter(self.store.query(compiles)))[0] == _TRUE:  # type: ignore[arg-type]
            return f'REGEX(STR(?l), "{pattern}", "i")'
        listed = ", ".join(f'"{escape(k)}"' for k in keys)
        return (
            f"""REGEX(STR(?l), "[^ -~]") || REPLACE(LCASE(STR(?l)), "[^a-z0-9]", "") IN ({listed or '""'})"""
        )

    def _values(self, predicates: Iterable[ox.NamedNode]) -> Iterator[tuple[ox.NamedNode, ox.NamedNode, str]]:
        for predicate in predicates:
            for s, o in self._entity_quads(predicate):
                yield s, predicate, o.value

    def identifiers(self) -> Iterator[tuple[ox.NamedNode, ox.NamedNode, str]]:
        return self._values(IDENTIFIERS)

    def labels(self) -> Iterator[tuple[ox.NamedNode, ox.NamedNode, str]]:
        return self._values(_LABELS)


def _spelling(keys: Iterable[str]) -> str:
    """A regular expression (case ignored) that a label matches when it is not printable ASCII, or when its
    letters and digits spell one of `keys` (each of ASCII letters and digits) with only other printable
    characters before, between and after them: what `REGEX(?l, "[^ -~]") || REPLACE(LCASE(?l),
    "[^a-z0-9]", "") IN (keys)` tests, without making a new string of every label. A key with any other
    character is no ASCII label's key: it is left out."""
    gap = r"[\x20-\x2F\x3A-\x40\x5B-\x60\x7B-\x7E]*"  # printable ASCII but letters and digits
    return "|".join(["[^ -~]", *(f"^{gap}{gap.join(k)}{gap}$" for k in keys if _KEY.fullmatch(k))])


def dangling(triples: Iterable[ox.Triple], typed_here: set[Subject], existing: Existing) -> list[Finding]:
    """Entity IRIs used in the triples that have a type neither in `typed_here` nor in the built graph."""
    out: dict[tuple[str, str, str], Finding] = {}
    known: dict[ox.NamedNode, bool] = {}
    for t in triples:
        for node, role in ((t.subject, "subject"), (t.object, "object")):
            if not isinstance(node, ox.NamedNode) or not is_entity(node) or node in typed_here:
                continue
            if node not in known:
                known[node] = existing.typed(node)
            if known[node]:
                continue
            key = (term_key(t.subject), t.predicate.value, term_value(t.object))
            if role == "object":
                message = (
                    f"{short(node.value)} is described nowhere: no file gives its type;"
                    " describe it (a type and a label) or use the IRI of an existing entity"
                )
            else:
                message = f"{short(node.value)} has no type: add `a cg:…` with the class it belongs to"
            out.setdefault(key, _violation(Check.DANGLING, message, t))
    return list(out.values())


def normalise(label: str) -> str:
    """A label as likely duplicates compare it: without case, accents, punctuation or spaces."""
    decomposed = unicodedata.normalize("NFKD", label)
    return "".join(ch for ch in decomposed.casefold() if ch.isalnum() and not unicodedata.combining(ch))


class Statements:
    """Triples by subject: what the duplicate checks ask of the files checked."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.by_subject: dict[Subject, list[ox.Triple]] = {}
        for t in triples:
            self.by_subject.setdefault(t.subject, []).append(t)  # type: ignore[arg-type]

    def objects(self, subject: Subject, predicate: ox.NamedNode) -> list[Object]:
        """The values of `predicate` for `subject`, in N-Triples order."""
        found = {t.object for t in self.by_subject.get(subject, ()) if t.predicate == predicate}
        return sorted(found, key=term_value)  # type: ignore[arg-type]


def _key(entry: tuple[ox.NamedNode, ox.NamedNode, str]) -> tuple[str, str, str]:
    return entry[0].value, entry[1].value, entry[2]


def duplicates(statements: Statements, existing: Existing) -> list[Finding]:
    """New entities whose label or acronym matches an existing entity's (or another new entity's)."""
    new = sorted(
        (
            s
            for s in statements.by_subject
            if isinstance(s, ox.NamedNode) and is_entity(s) and not existing.described(s)
        ),
        key=lambda s: s.value,
    )
    if not new:
        return []
    keys = {normalise(v.value) for e in new for p in _LABELS for v in statements.objects(e, p)}
    found: dict[str, set[tuple[ox.NamedNode, ox.NamedNode, str]]] = {}
    for entity, predicate, text in existing.labels_like(keys):
        found.setdefault(normalise(text), set()).add((entity, predicate, text))
    # Each key's labels kept sorted, so that the first matches are found without sorting them all
    # again for each new label: many new entities with one label cost n log n, not n².
    index = {key: sorted(entries, key=_key) for key, entries in found.items()}
    out: list[Finding] = []
    for entity in new:
        for predicate in _LABELS:
            for value in statements.objects(entity, predicate):
                label = value.value
                key = normalise(label)
                matches = _first_others(index.get(key, []), entity, 3)
                for other, other_predicate, other_text in matches:
                    both_names = predicate == RDFS_LABEL and other_predicate == RDFS_LABEL
                    name = short(other.value)
                    out.append(
                        Finding(
                            Check.DUPLICATE,
                            Severity.VIOLATION if both_names else Severity.WARNING,
                            f'likely the same as {name}: "{label}" matches its {short(other_predicate.value)}'
                            f' "{other_text}" (case, accents and punctuation ignored); use {name}'
                            " instead of a new IRI, or give the new entity a label that tells them apart",
                            entity=entity.value,
                            property=predicate.value,
                            value=term_value(value),
                        )
                    )
                if key:
                    _insert(index.setdefault(key, []), (entity, predicate, label))
        out.extend(_same_identifier(statements, entity, existing))
    return out


_Label = tuple[ox.NamedNode, ox.NamedNode, str]


def _first_others(entries: list[_Label], entity: ox.NamedNode, n: int) -> list[_Label]:
    """The first `n` of the sorted `entries` that are not about `entity`."""
    out: list[_Label] = []
    for entry in entries:
        if len(out) == n:
            break
        if entry[0] != entity:
            out.append(entry)
    return out


def _insert(entries: list[_Label], entry: _Label) -> None:
    """Add `entry` to the sorted `entries` unless it is there."""
    at = bisect.bisect_left(entries, _key(entry), key=_key)
    if at == len(entries) or entries[at] != entry:
        entries.insert(at, entry)


def _same_identifier(statements: Statements, entity: ox.NamedNode, existing: Existing) -> list[Finding]:
    out = []
    for predicate in IDENTIFIERS:
        for value in statements.objects(entity, predicate):
            others = [o for o in existing.with_value(predicate, value) if o != entity]
            for other in others[:3]:
                name = short(other.value)
                out.append(
                    Finding(
                        Check.DUPLICATE,
                        Severity.VIOLATION,
                        f"likely the same as {name}, which has the same {short(predicate.value)};"
                        f" use {name} instead of a new IRI",
                        entity=entity.value,
                        property=predicate.value,
                        value=term_value(value),
                    )
                )
    return out


def shared_identifiers(existing: Existing) -> list[Finding]:
    """Distinct entities of the graph with the same identifier (document symbol, ISO code, Wikidata item)."""
    index: dict[tuple[str, str], set[ox.NamedNode]] = {}
    for entity, predicate, value in existing.identifiers():
        index.setdefault((predicate.value, value), set()).add(entity)
    out = []
    for (iri, value), entities in sorted(index.items()):
        first, *rest = sorted(entities, key=lambda e: e.value)
        for entity in rest:
            out.append(
                Finding(
                    Check.DUPLICATE,
                    Severity.VIOLATION,
                    f"likely the same as {short(first.value)}, which has the same {short(iri)}; merge them",
                    entity=entity.value,
                    property=iri,
                    value=iri_ref(value) if iri == CG.wikidata.value else term_value(ox.Literal(value)),
                )
            )
    return out


def shared_labels(existing: Existing) -> list[Finding]:
    """Distinct entities of the graph with the same label or acronym (as `normalise` compares them)."""
    index: dict[str, list[tuple[ox.NamedNode, ox.NamedNode, str]]] = {}
    for entity, predicate, text in existing.labels():
        index.setdefault(normalise(text), []).append((entity, predicate, text))
    out: list[Finding] = []
    for key in sorted(index):
        entries = sorted(set(index[key]), key=_key)
        first = entries[0]
        for entity, predicate, text in entries[1:]:
            if entity == first[0] or not key:
                continue
            both_names = predicate == RDFS_LABEL and first[1] == RDFS_LABEL
            name = short(first[0].value)
            out.append(
                Finding(
                    Check.DUPLICATE,
                    Severity.VIOLATION if both_names else Severity.WARNING,
                    f'likely the same as {name}: "{text}" matches its {short(first[1].value)} "{first[2]}"'
                    " (case, accents and punctuation ignored); merge them, or label them so they differ",
                    entity=entity.value,
                    property=predicate.value,
                    value=term_value(ox.Literal(text)),
                )
            )
    return out

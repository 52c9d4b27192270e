"""Checks 2 to 4: unknown terms, dangling references and likely duplicates.

These look only at the contributed triples and at what the built graph already says about the IRIs
and labels they use, so they cost as much as the contribution, not as the graph.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SKOS, XSD, DefinedNamespaceMeta
from rdflib.term import Node

from cybergraph.graph.load import INFERRED_GRAPH, ONTOLOGY_GRAPH
from cybergraph.rdf.legacy_vocab import CG, CGID, PREFIXES
from cybergraph.validation.findings import Check, Finding, Severity, term_key, term_value

Triple = tuple[Node, Node, Node]

# Standard vocabularies whose every term rdflib knows (closed namespaces); schema.org is left out
# because rdflib's copy of it lacks terms in use.
_CLOSED: tuple[DefinedNamespaceMeta, ...] = (RDF, RDFS, OWL, XSD, SKOS, DCTERMS, FOAF, PROV, ORG)
_PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}
_LABELS = (RDFS.label, SKOS.altLabel, SKOS.prefLabel)
# Values that name one entity only: two entities sharing one are almost surely the same.
IDENTIFIERS = (
    CG.documentSymbol,
    CG.iso3166Alpha2,
    CG.iso3166Alpha3,
    CG.iso3166Numeric,
    CG.coeTreatyNumber,
    CG.wikidata,
)
_RDF_TYPE = ox.NamedNode(str(RDF.type))
_ENTITIES = str(CGID)
_WHOLE_NUMBERS = ("integer", "positiveInteger", "nonNegativeInteger")


def _value(term: object) -> str:
    """The IRI, label or lexical form of an Oxigraph term."""
    return str(getattr(term, "value", term))


def _sparql_string(text: str) -> str:
    return (
        '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'
    )


def short(term: str) -> str:
    """An IRI with the project's prefixes, as a person writes it in Turtle."""
    for prefix, ns in PREFIXES.items():
        if term.startswith(ns) and len(term) > len(ns):
            return f"{prefix}:{term[len(ns) :]}"
    return f"<{term}>"


@dataclass
class Vocabulary:
    """The ontology's own terms, by kind, and every IRI it mentions."""

    classes: set[URIRef] = field(default_factory=set)
    properties: set[URIRef] = field(default_factory=set)
    mentioned: set[URIRef] = field(default_factory=set)

    @classmethod
    def of(cls, store: ox.Store) -> Vocabulary:
        vocab = cls()
        graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
        for quad in store.quads_for_pattern(None, None, None, graph):
            for term in (quad.subject, quad.predicate, quad.object):
                if isinstance(term, ox.NamedNode):
                    vocab.mentioned.add(URIRef(term.value))
            if quad.predicate == _RDF_TYPE and isinstance(quad.subject, ox.NamedNode):
                kind = URIRef(_value(quad.object))
                if kind in (OWL.Class, RDFS.Class):
                    vocab.classes.add(URIRef(_value(quad.subject)))
                elif kind in _PROPERTY_TYPES:
                    vocab.properties.add(URIRef(_value(quad.subject)))
        return vocab

    def defines(self, term: URIRef) -> bool:
        return term in self.classes or term in self.properties or term in self.mentioned


def _namespace_of(term: URIRef) -> DefinedNamespaceMeta | None:
    text = str(term)
    for ns in _CLOSED:
        if text.startswith(str(ns._NS)):
            return ns
    return None


def _suggest(term: URIRef, candidates: Iterable[URIRef]) -> str:
    """A "did you mean" clause: a case-insensitive match first, then the closest spellings."""
    text = str(term)
    pool = sorted(str(c) for c in candidates)
    same_case = [c for c in pool if c.lower() == text.lower()]
    close = same_case or difflib.get_close_matches(text, pool, n=3, cutoff=0.75)
    if not close:
        return ""
    # Only the best matches: a close second is worth naming, a distant third is noise.
    score = {c: difflib.SequenceMatcher(None, text, c).ratio() for c in close}
    close = [c for c in close if score[c] >= score[close[0]] - 0.02]
    return "; did you mean " + " or ".join(short(c) for c in close) + "?"


def _cg_term(term: Node) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(CG._NS))


def _not_standard(term: URIRef, vocab: Vocabulary) -> str | None:
    """Why a term of a closed standard vocabulary does not exist, or None when it does (or is not one)."""
    ns = _namespace_of(term)
    if ns is None or term in ns or term in vocab.mentioned:
        return None
    return f"{short(term)} is not a term of {short(str(ns._NS))}{_suggest(term, _terms(ns))}"


def _problem(s: Node, p: URIRef, o: Node, vocab: Vocabulary) -> Iterator[str]:
    if _cg_term(p) and p not in vocab.properties:
        if p in vocab.classes:
            yield f"{short(p)} is a class of the ontology, not a property"
        else:
            yield f"{short(p)} is not a property of the ontology{_suggest(p, vocab.properties)}"
    elif not _cg_term(p) and (why := _not_standard(p, vocab)):
        yield why
    if p == RDF.type and isinstance(o, URIRef):
        if _cg_term(o) and o not in vocab.classes:
            if o in vocab.properties:
                yield f"{short(o)} is a property of the ontology, not a class"
            else:
                yield f"{short(o)} is not a class of the ontology{_suggest(o, vocab.classes)}"
        elif not _cg_term(o) and (why := _not_standard(o, vocab)):
            yield why
    elif isinstance(o, URIRef) and _cg_term(o) and not vocab.defines(o):
        yield f"{short(o)} is not a term of the ontology{_suggest(o, vocab.mentioned)}"
    if isinstance(o, Literal) and o.datatype is not None and str(o.datatype).startswith(str(XSD._NS)):
        datatype = URIRef(o.datatype)
        if datatype not in XSD:
            yield f"{short(datatype)} is not an XML Schema datatype{_suggest(datatype, _terms(XSD))}"


def _violation(check: Check, message: str, s: Node, p: Node, o: Node) -> Finding:
    """A finding about the statement (s, p, o) of a contribution."""
    return Finding(
        check, Severity.VIOLATION, message, entity=term_key(s), property=str(p), value=term_value(o)
    )


def unknown_terms(triples: Iterable[Triple], vocab: Vocabulary) -> list[Finding]:
    """Terms of the cybergraph namespace, or of a closed standard vocabulary, that do not exist."""
    out: dict[tuple[str, str, str, str], Finding] = {}
    for s, p, o in triples:
        assert isinstance(p, URIRef)
        for message in _problem(s, p, o, vocab):
            key = (term_key(s), str(p), term_value(o), message)
            out.setdefault(key, _violation(Check.UNKNOWN_TERM, message, s, p, o))
    return list(out.values())


def _terms(ns: DefinedNamespaceMeta) -> list[URIRef]:
    return [URIRef(str(ns._NS) + name) for name in ns.__annotations__]


def is_entity(term: Node) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(CGID))


class Existing:
    """What the built graph asserts (inferred triples left out) about given IRIs."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._inferred = ox.NamedNode(str(INFERRED_GRAPH))

    def _asserted(self, quads: Iterator[ox.Quad]) -> bool:
        return any(q.graph_name != self._inferred for q in quads)

    def typed(self, iri: URIRef) -> bool:
        return self._asserted(self.store.quads_for_pattern(ox.NamedNode(str(iri)), _RDF_TYPE, None, None))

    def described(self, iri: URIRef) -> bool:
        return self._asserted(self.store.quads_for_pattern(ox.NamedNode(str(iri)), None, None, None))

    def _select(self, query: str) -> Iterator[ox.QuerySolution]:
        yield from self.store.query(query)  # type: ignore[misc]

    def with_value(self, predicate: URIRef, value: Node) -> list[URIRef]:
        """Entities that have `value` for `predicate`, as given, as plain text or (digits) as a number."""
        text = str(value)
        forms: list[ox.NamedNode | ox.Literal] = [ox.NamedNode(text)] if isinstance(value, URIRef) else []
        if isinstance(value, Literal):
            forms.append(ox.Literal(text))
            if value.datatype is not None:
                forms.append(ox.Literal(text, datatype=ox.NamedNode(str(value.datatype))))
            if text.isdigit():
                forms += [ox.Literal(text, datatype=ox.NamedNode(str(XSD[t]))) for t in _WHOLE_NUMBERS]
        found = {
            URIRef(_value(q.subject))
            for form in forms
            for q in self.store.quads_for_pattern(None, ox.NamedNode(str(predicate)), form, None)
            if q.graph_name != self._inferred and _value(q.subject).startswith(_ENTITIES)
        }
        return sorted(found, key=str)

    def labels_like(self, keys: Iterable[str]) -> Iterator[tuple[URIRef, URIRef, str]]:
        """The labels that may normalise to one of `keys` (a superset: compare with `normalise`).

        Oxigraph does the scan: an ASCII label matches when its lower-case letters and digits spell the
        key; any label with other characters is a candidate, since only Python can strip its accents.
        """
        wanted = ", ".join(_sparql_string(k) for k in sorted(set(keys)) if k.isascii())
        choices = " ".join(f"<{p}>" for p in _LABELS)
        query = f"""SELECT ?s ?p ?l WHERE {{ VALUES ?p {{ {choices} }} GRAPH ?g {{ ?s ?p ?l }}
            FILTER(?g != <{INFERRED_GRAPH}> && STRSTARTS(STR(?s), "{_ENTITIES}"))
            FILTER(REGEX(STR(?l), "[^ -~]")
                   || REPLACE(LCASE(STR(?l)), "[^a-z0-9]", "") IN ({wanted or '""'})) }}"""
        for row in self._select(query):
            yield URIRef(_value(row["s"])), URIRef(_value(row["p"])), _value(row["l"])

    def identifiers(self) -> Iterator[tuple[URIRef, URIRef, str]]:
        for predicate in IDENTIFIERS:
            for q in self.store.quads_for_pattern(None, ox.NamedNode(str(predicate)), None, None):
                if q.graph_name != self._inferred and _value(q.subject).startswith(_ENTITIES):
                    yield URIRef(_value(q.subject)), predicate, _value(q.object)

    def labels(self) -> Iterator[tuple[URIRef, URIRef, str]]:
        for predicate in _LABELS:
            for q in self.store.quads_for_pattern(None, ox.NamedNode(str(predicate)), None, None):
                if q.graph_name != self._inferred and _value(q.subject).startswith(_ENTITIES):
                    yield URIRef(_value(q.subject)), predicate, _value(q.object)


def dangling(triples: Iterable[Triple], contribution: Graph, existing: Existing) -> list[Finding]:
    """Entity IRIs used in the contribution that have a type neither there nor in the built graph."""
    typed_here = {s for s in contribution.subjects(RDF.type, None)}
    out: dict[tuple[str, str, str], Finding] = {}
    known: dict[URIRef, bool] = {}
    for s, p, o in triples:
        for node, role in ((s, "subject"), (o, "object")):
            if not is_entity(node) or node in typed_here:
                continue
            assert isinstance(node, URIRef)
            if node not in known:
                known[node] = existing.typed(node)
            if known[node]:
                continue
            key = (term_key(s), str(p), term_value(o))
            if role == "object":
                message = (
                    f"{short(str(node))} is described nowhere: no file gives its type;"
                    " describe it (a type and a label) or use the IRI of an existing entity"
                )
            else:
                message = f"{short(str(node))} has no type: add `a cg:…` with the class it belongs to"
            out.setdefault(key, _violation(Check.DANGLING, message, s, p, o))
    return list(out.values())


def normalise(label: str) -> str:
    """A label as likely duplicates compare it: without case, accents, punctuation or spaces."""
    decomposed = unicodedata.normalize("NFKD", label)
    return "".join(ch for ch in decomposed.casefold() if ch.isalnum() and not unicodedata.combining(ch))


def duplicates(contribution: Graph, existing: Existing) -> list[Finding]:
    """New entities whose label or acronym matches an existing entity's (or another new entity's)."""
    new: list[URIRef] = sorted(
        {
            s
            for s in contribution.subjects()
            if isinstance(s, URIRef) and is_entity(s) and not existing.described(s)
        },
        key=str,
    )
    if not new:
        return []
    keys = {normalise(str(v)) for e in new for p in _LABELS for v in contribution.objects(e, p)}
    index: dict[str, list[tuple[URIRef, URIRef, str]]] = {}
    for entity, predicate, text in existing.labels_like(keys):
        index.setdefault(normalise(text), []).append((entity, predicate, text))
    out: list[Finding] = []
    for entity in new:
        for predicate in _LABELS:
            for value in sorted(contribution.objects(entity, predicate), key=term_value):
                label = str(value)
                key = normalise(label)
                matches = sorted({m for m in index.get(key, []) if m[0] != entity})
                for other, other_predicate, other_text in matches[:3]:
                    both_names = predicate == RDFS.label and other_predicate == RDFS.label
                    name = short(str(other))
                    out.append(
                        Finding(
                            Check.DUPLICATE,
                            Severity.VIOLATION if both_names else Severity.WARNING,
                            f'likely the same as {name}: "{label}" matches its {short(str(other_predicate))}'
                            f' "{other_text}" (case, accents and punctuation ignored); use {name}'
                            " instead of a new IRI, or give the new entity a label that tells them apart",
                            entity=str(entity),
                            property=str(predicate),
                            value=term_value(value),
                        )
                    )
                if key:
                    index.setdefault(key, []).append((entity, predicate, label))
        out.extend(_same_identifier(contribution, entity, existing))
    return out


def _same_identifier(contribution: Graph, entity: URIRef, existing: Existing) -> list[Finding]:
    out = []
    for predicate in IDENTIFIERS:
        for value in sorted(contribution.objects(entity, predicate), key=term_value):
            others = [o for o in existing.with_value(predicate, value) if o != entity]
            for other in others[:3]:
                name = short(str(other))
                out.append(
                    Finding(
                        Check.DUPLICATE,
                        Severity.VIOLATION,
                        f"likely the same as {name}, which has the same {short(str(predicate))};"
                        f" use {name} instead of a new IRI",
                        entity=str(entity),
                        property=str(predicate),
                        value=term_value(value),
                    )
                )
    return out


def shared_identifiers(existing: Existing) -> list[Finding]:
    """Distinct entities of the graph with the same identifier (document symbol, ISO code, Wikidata item)."""
    index: dict[tuple[URIRef, str], set[URIRef]] = {}
    for entity, predicate, value in existing.identifiers():
        index.setdefault((predicate, value), set()).add(entity)
    out = []
    for (predicate, value), entities in sorted(index.items()):
        first, *rest = sorted(entities, key=str)
        for entity in rest:
            out.append(
                Finding(
                    Check.DUPLICATE,
                    Severity.VIOLATION,
                    f"likely the same as {short(str(first))}, which has the same {short(str(predicate))};"
                    " merge them",
                    entity=str(entity),
                    property=str(predicate),
                    value=f"<{value}>" if predicate == CG.wikidata else term_value(Literal(value)),
                )
            )
    return out


def shared_labels(existing: Existing) -> list[Finding]:
    """Distinct entities of the graph with the same label or acronym (as `normalise` compares them)."""
    index: dict[str, list[tuple[URIRef, URIRef, str]]] = {}
    for entity, predicate, text in existing.labels():
        index.setdefault(normalise(text), []).append((entity, predicate, text))
    out: list[Finding] = []
    for key in sorted(index):
        entries = sorted(set(index[key]), key=lambda e: (str(e[0]), str(e[1]), e[2]))
        first = entries[0]
        for entity, predicate, text in entries[1:]:
            if entity == first[0] or not key:
                continue
            both_names = predicate == RDFS.label and first[1] == RDFS.label
            name = short(str(first[0]))
            out.append(
                Finding(
                    Check.DUPLICATE,
                    Severity.VIOLATION if both_names else Severity.WARNING,
                    f'likely the same as {name}: "{text}" matches its {short(str(first[1]))} "{first[2]}"'
                    " (case, accents and punctuation ignored); merge them, or label them so they differ",
                    entity=str(entity),
                    property=str(predicate),
                    value=term_value(Literal(text)),
                )
            )
    return out

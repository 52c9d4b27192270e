"""An entity as its page shows it: every statement in and out with the sections that state it, its
discrepancies, and (for states, organisations and instruments) a profile drawn from those statements.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from cybergraph.rdf.terms import ENTITIES, GRAPHS, RDF, RDFS, SKOS, TERMS, sort_key
from cybergraph.web.reading import INFERRED, Reader, ref

Term = ox.NamedNode | ox.BlankNode | ox.Literal

#: Graphs that are no source section but say where a statement comes from.
OTHER_ORIGINS = {
    GRAPHS + "sources": "the description of the sources",
    GRAPHS + "discrepancies": "the record of discrepancies",
    GRAPHS + "ontology": "the ontology",
}


@dataclass(frozen=True)
class Statement:
    """One fact about the entity: `out` (the entity is its subject) or `in` (its object)."""

    direction: str
    prop: str
    other: Term
    sections: tuple[str, ...]  # the source sections (graphs under the entity namespace) that state it
    origins: tuple[str, ...]  # other graphs it is in (the sources' description, the discrepancies)
    inferred: bool  # in the inferred graph and stated by no section

    @property
    def asserted(self) -> bool:
        return not self.inferred


@dataclass(frozen=True)
class Discrepancy:
    iri: str
    label: str
    description: str
    resolution: str
    stated_in: tuple[str, ...]


@dataclass(frozen=True)
class ProfileRow:
    relation: str  # the property's label
    other: Term
    incoming: bool  # the other end is the subject: "<other> <relation> <this entity>"
    sections: tuple[str, ...]
    inferred: bool


@dataclass(frozen=True)
class ProfilePart:
    title: str
    rows: tuple[ProfileRow, ...]


@dataclass
class Entity:
    iri: str
    statements: list[Statement]
    discrepancies: list[Discrepancy]
    labels: dict[str, str] = field(default_factory=dict)

    def values(self, prop: str) -> list[Term]:
        return [s.other for s in self.statements if s.direction == "out" and s.prop == prop]

    def texts(self, prop: str) -> list[str]:
        return sorted({t.value for t in self.values(prop) if isinstance(t, ox.Literal)})

    @property
    def label(self) -> str:
        found = self.texts(RDFS + "label")
        return found[0] if found else self.iri.rsplit("/", 1)[-1]

    @property
    def types(self) -> list[str]:
        """The classes the sources state, most of them of the ontology (inferred superclasses left out)."""
        return sorted(
            {
                s.other.value
                for s in self.statements
                if s.direction == "out" and s.prop == RDF + "type" and s.asserted
                if isinstance(s.other, ox.NamedNode)
            }
        )

    @property
    def all_types(self) -> set[str]:
        return {
            s.other.value
            for s in self.statements
            if s.direction == "out" and s.prop == RDF + "type" and isinstance(s.other, ox.NamedNode)
        }

    @property
    def sections_citing(self) -> list[str]:
        """Every section that states something about the entity."""
        return sorted({g for s in self.statements for g in s.sections})


# graph:derived is left out: it is what the build computes for the stored queries (most specific class,
# kind, display label), which the page shows from the statements themselves.
_STATEMENTS = """SELECT ?dir ?p ?o ?g WHERE {
  { GRAPH ?g { %(e)s ?p ?o } BIND("out" AS ?dir) }
  UNION
  { GRAPH ?g { ?o ?p %(e)s } BIND("in" AS ?dir) }
  FILTER(?g != <https://w3id.org/cybergraph/graph/derived>)
} ORDER BY ?dir ?p ?o ?g"""

_DISCREPANCIES = """SELECT ?d ?label ?description ?resolution ?section WHERE {
  ?d a cg:Discrepancy ; cg:concerns %(e)s ; rdfs:label ?label .
  OPTIONAL { ?d dcterms:description ?description }
  OPTIONAL { ?d cg:resolution ?resolution }
  OPTIONAL { ?d cg:statedIn ?section }
} ORDER BY ?d ?label ?description ?resolution ?section"""


def read_entity(reader: Reader, iri: str) -> Entity | None:
    """The entity with every statement in and out; None when the graph says nothing about it."""
    rows = reader.rows(_STATEMENTS % {"e": ref(iri)})
    if not rows:
        return None
    gathered: dict[tuple[str, str, Term], tuple[set[str], set[str], bool]] = {}
    for direction, p, o, g in rows:
        assert direction is not None and p is not None and o is not None and g is not None
        if isinstance(o, ox.Triple):
            continue
        key = (direction.value, p.value, o)
        sections, origins, inferred = gathered.get(key, (set(), set(), False))
        if g.value.startswith(ENTITIES):
            sections.add(g.value)
        elif g.value == INFERRED:
            inferred = True
        else:
            origins.add(g.value)
        gathered[key] = (sections, origins, inferred)
    statements = [
        Statement(d, p, o, tuple(sorted(secs)), tuple(sorted(orig)), inferred and not secs and not orig)
        for (d, p, o), (secs, orig, inferred) in gathered.items()
    ]
    statements.sort(key=lambda s: (s.direction != "out", s.inferred, s.prop, sort_key(s.other)))
    found: dict[str, tuple[str, str, str, set[str]]] = {}
    for d, label, description, resolution, section in reader.rows(_DISCREPANCIES % {"e": ref(iri)}):
        assert d is not None and label is not None
        entry = found.setdefault(
            d.value,
            (
                label.value,
                description.value if description is not None else "",
                resolution.value if resolution is not None else "",
                set(),
            ),
        )
        if section is not None:
            entry[3].add(section.value)
    discrepancies = [
        Discrepancy(d, lab, desc, res, tuple(sorted(secs)))
        for d, (lab, desc, res, secs) in sorted(found.items())
    ]
    entity = Entity(iri, statements, discrepancies)
    wanted = [iri] + [s.other.value for s in statements if isinstance(s.other, ox.NamedNode)]
    wanted += [s.prop for s in statements] + [g for s in statements for g in s.sections]
    wanted += [g for d in discrepancies for g in d.stated_in] + [d.iri for d in discrepancies]
    entity.labels = reader.labels(wanted)
    return entity


# ---------------------------------------------------------------------------------------------------------
# Profiles: which statements answer which question about a state, an organisation or an instrument


def _cg(*names: str) -> tuple[str, ...]:
    return tuple(TERMS + n for n in names)


PROFILE_KINDS: dict[str, tuple[str, ...]] = {
    "state": _cg("State"),
    "organisation": _cg("Organization"),
    "instrument": _cg(
        "LegalInstrument", "Guidelines", "Standard", "ActionPlan", "ITUTRecommendation", "Manual"
    ),
}

# (title, ((property, direction the profiled entity is in) …))
_OUT, _IN = "out", "in"
PROFILES: dict[str, tuple[tuple[str, tuple[tuple[str, str], ...]], ...]] = {
    "state": (
        ("Memberships", ((TERMS + "memberOf", _OUT), (TERMS + "hasMember", _IN))),
        ("Participations", ((TERMS + "participatesIn", _OUT), (TERMS + "hasParticipant", _IN))),
        ("Hosted events", ((TERMS + "hosts", _OUT), (TERMS + "hostedBy", _IN))),
        (
            "Instruments it is named with",
            tuple(
                (TERMS + p, _IN)
                for p in ("signatory", "adoptedBy", "developedBy", "endorsedBy", "approvedBy")
            )
            + tuple((TERMS + p, _OUT) for p in ("adopts", "develops", "endorses", "approves")),
        ),
        ("Places in it", ((TERMS + "locatedIn", _IN),)),
    ),
    "organisation": (
        ("Members", ((TERMS + "hasMember", _OUT), (TERMS + "memberOf", _IN))),
        (
            "Parts",
            (
                (TERMS + "hasPart", _OUT),
                (TERMS + "partOf", _IN),
                (TERMS + "hasSubOrganization", _OUT),
                (TERMS + "subOrganizationOf", _IN),
            ),
        ),
        (
            "Part of",
            ((TERMS + "partOf", _OUT), (TERMS + "subOrganizationOf", _OUT), (TERMS + "memberOf", _OUT)),
        ),
        (
            "Instruments adopted",
            tuple(
                (TERMS + p, _IN)
                for p in ("adoptedBy", "approvedBy", "endorsedBy", "developedBy", "publishedBy")
            )
            + tuple((TERMS + p, _OUT) for p in ("adopts", "approves", "endorses", "develops", "publishes")),
        ),
        (
            "Cooperation",
            tuple(
                (TERMS + p, d)
                for p in ("cooperatesWith", "concludesAgreementWith", "secretariatOf", "reportsTo")
                for d in (_OUT, _IN)
            ),
        ),
        (
            "Initiatives and plans",
            (
                *tuple(
                    (TERMS + p, _IN)
                    for p in (
                        "launchedBy",
                        "organizedBy",
                        "coordinatedBy",
                        "foundedBy",
                        "establishedBy",
                        "hostedBy",
                    )
                ),
                (TERMS + "plannedDate", _OUT),
                (TERMS + "status", _OUT),
            ),
        ),
    ),
    "instrument": (
        (
            "Adopted by and when",
            tuple(
                (TERMS + p, _OUT)
                for p in (
                    "adoptedBy",
                    "adoptedAt",
                    "adoptionDate",
                    "approvedBy",
                    "endorsedBy",
                    "openedForSignatureDate",
                    "entryIntoForceDate",
                    "signatory",
                )
            ),
        ),
        ("Supplements", tuple((TERMS + p, _OUT) for p in ("supplements", "annexedTo", "amends", "buildsOn"))),
        (
            "Supplemented by",
            tuple((TERMS + p, _IN) for p in ("supplements", "annexedTo", "amends", "buildsOn"))
            + tuple((TERMS + p, _OUT) for p in ("supplementedBy", "hasAnnex", "amendedBy")),
        ),
        (
            "Offences and powers",
            tuple(
                (TERMS + p, _OUT)
                for p in ("criminalizes", "recommendsCriminalizing", "providesPower", "recommendsPower")
            ),
        ),
    ),
}


def profile_kind(entity: Entity) -> str | None:
    types = entity.all_types
    for kind, classes in PROFILE_KINDS.items():
        if types.intersection(classes):
            return kind
    return None


def _rows(entity: Entity, wanted: Iterable[tuple[str, str]]) -> tuple[ProfileRow, ...]:
    order = {pair: i for i, pair in enumerate(wanted)}
    best: dict[tuple[str, Term], ProfileRow] = {}
    for s in entity.statements:
        if (s.prop, s.direction) not in order:
            continue
        relation = entity.labels.get(s.prop, s.prop.rsplit("#", 1)[-1])
        # One row per other end: an inverse inferred from a stated fact adds nothing the fact does not say.
        key = (s.other.value if isinstance(s.other, ox.NamedNode) else s.prop, s.other)
        row = ProfileRow(relation, s.other, s.direction == _IN, s.sections, s.inferred)
        held = best.get(key)
        if held is None or (held.inferred and not row.inferred):
            best[key] = row
        elif not row.inferred:
            best[key] = ProfileRow(
                held.relation,
                held.other,
                held.incoming,
                tuple(sorted({*held.sections, *row.sections})),
                False,
            )
    return tuple(sorted(best.values(), key=lambda r: (r.relation, sort_key(r.other))))


def profile(entity: Entity) -> tuple[str, list[ProfilePart]] | None:
    """The profile of a state, an organisation or an instrument: its parts, each with its sources."""
    kind = profile_kind(entity)
    if kind is None:
        return None
    parts = [ProfilePart(title, _rows(entity, wanted)) for title, wanted in PROFILES[kind]]
    if kind == "instrument":
        parts.append(
            ProfilePart(
                "Cited in",
                tuple(
                    ProfileRow("stated in", ox.NamedNode(g), False, (g,), False)
                    for g in entity.sections_citing
                ),
            )
        )
    return kind, parts


def _itself(value: str) -> str | None:
    return value


def _iso_3166(value: str) -> str | None:
    return f"https://www.iso.org/obp/ui/#iso:code:3166:{value}"


def _no_link(value: str) -> str | None:
    return None


#: Identifiers, shown apart; linked out where the identifier has a page of its own.
IDENTIFIER_LINKS: dict[str, Callable[[str], str | None]] = {
    TERMS + "wikidata": _itself,
    TERMS + "iso3166Alpha2": _iso_3166,
    TERMS + "iso3166Alpha3": _no_link,
    TERMS + "iso3166Numeric": _no_link,
}

#: Label-like properties shown in the page's head rather than only in its table.
ALT_LABEL = SKOS + "altLabel"

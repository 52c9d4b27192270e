"""A synthetic data folder shaped like the project's, at any size, the same bytes for the same seed.

    python bench/generate.py --triples 100000 --seed 1 --out bench/data/100k

The folder has the project's layout, so every command takes it with `--data DIR`: `sources.ttl` describes
synthetic source documents and their sections, and `facts/<section>.ttl` holds what one section states
(loaded into the named graph of that section). The content mimics ours: states with ISO 3166 codes and
Wikidata items, organisations of every kind in sub-organisation chains, conventions with protocols,
signatures and ratifications, UN resolutions with document symbols adopted by organs, initiatives and
events with participants, memberships, concepts and quantities.

It is valid against shapes/cybergraph.shapes.ttl except for a known set of planted violations, each
recorded in `manifest.json` (focus node, result path, constraint component) so that tests and the
benchmark can check that validation finds exactly those. Text is written directly, not through rdflib:
a million triples take a few seconds.

A ratification is an event (`cg:Event`) in which the state takes part (`cg:hasParticipant`), dated with
`cg:startDate`, that puts the convention into effect for it (`cg:implements`): the ontology has no
dedicated ratification term.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cybergraph.rdf.terms import PREFIXES
from cybergraph.rdf.vocab import CG

SECTION_TRIPLES = 2500  # a facts file of a real section is small; this keeps file counts realistic
CONTRIBUTED_SYMBOL = "A/RES/80/999"
PLANTED = 12  # planted violations per generated folder, spread over the kinds below

SH = "http://www.w3.org/ns/shacl#"
CGNS = PREFIXES["cg"]
ID = PREFIXES["cgid"]
_PREFIX_LINES = "".join(
    f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in ("cg", "cgid", "dcterms", "rdfs", "skos", "xsd", "wd")
)


def cg(term: str) -> str:
    """The prefixed name of an ontology term; a term the ontology does not define fails at once."""
    getattr(CG, term)
    return f"cg:{term}"


def lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def en(text: str) -> str:
    return lit(text) + "@en"


def date(value: str) -> str:
    return f'"{value}"^^xsd:date'


Pair = tuple[str, str]


@dataclass
class Block:
    """One subject and its statements, written as a single Turtle statement."""

    subject: str
    pairs: list[Pair]

    def text(self) -> str:
        body = " ;\n    ".join(f"{p} {o}" for p, o in self.pairs)
        return f"{self.subject} {body} .\n"


@dataclass
class Theme:
    """A synthetic source document; its blocks are cut into sections of about SECTION_TRIPLES triples."""

    slug: str
    label: str
    short: str
    blocks: list[Block] = field(default_factory=list)
    one_per_section: bool = False  # each block is a section of its own (a culture dimension's section)
    addresses: dict[str, list[str]] = field(
        default_factory=dict
    )  # block subject -> what its section addresses

    @property
    def triples(self) -> int:
        return sum(len(b.pairs) for b in self.blocks)


@dataclass(frozen=True)
class Planted:
    """A violation put in on purpose, as SHACL reports it."""

    kind: str
    focus: str
    path: str
    component: str
    note: str


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_SYLLABLES = _words(
    "ba da fa ga ka la ma na pa ra sa ta va za bor dor gor kor lor mor nor por sor tor vel mel "
    "sel tel ran van dan lan wen ken ria nia lia tia sia via"
)
_COUNTRY_FORMS = ("Republic of {}", "Kingdom of {}", "{}", "Federation of {}", "{} Islands", "State of {}")
_ORG_KINDS = (
    ("IntergovernmentalOrganization", "Union"),
    ("RegionalOrganization", "Regional Council"),
    ("UNAgency", "Agency"),
    ("StandardsBody", "Standards Institute"),
    ("NonGovernmentalOrganization", "Foundation"),
    ("PrivateSectorBody", "Industry Alliance"),
    ("AcademicInstitution", "Research Centre"),
    ("MultiStakeholderForum", "Forum"),
    ("PublicPrivatePartnership", "Partnership"),
)
_UNIT_KINDS = (
    ("OrganizationalUnit", "Directorate"),
    ("ExpertGroup", "Expert Group"),
    ("OrganizationalUnit", "Study Group"),
    ("OrganizationalUnit", "Office"),
)
_NATIONAL_KINDS = (
    ("CERT", "Computer Emergency Response Team"),
    ("GovernmentAgency", "Cybersecurity Agency"),
    ("LawEnforcementBody", "Cybercrime Police Unit"),
)
_EVENT_KINDS = (("Conference", "Conference"), ("Meeting", "Meeting"), ("Exercise", "Cyber Drill"))
_INITIATIVE_KINDS = (("Initiative", "Initiative"), ("Programme", "Programme"), ("ActionPlan", "Action Plan"))
_CONCEPTS = (
    # (class, scheme, id prefix, how many)
    ("Topic", "topics", "topic", 40),
    ("ThreatType", "threat-types", "threat", 15),
    ("OffenceType", "offence-types", "offence", 12),
    ("ProceduralPower", "procedural-powers", "power", 8),
    ("Concept", "quantity-kinds", "qk", 5),
)
_TOPIC_WORDS = _words(
    "incident response capacity building information sharing critical infrastructure spam "
    "botnets phishing malware child protection online trust building norms confidence measures "
    "awareness data protection encryption standards identity management cloud security supply "
    "chain forensics mutual legal assistance extradition harmonisation cyber hygiene"
)


class Names:
    """Unique, pronounceable names from a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def word(self, syllables: int = 3, *, unique: bool = True) -> str:
        tries = 0
        while True:
            name = "".join(self.rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()
            if not unique:
                return name
            if name not in self.used:
                self.used.add(name)
                return name
            tries += 1
            if tries % 20 == 0:  # this length is running out of names
                syllables += 1


class Generator:
    def __init__(self, triples: int, seed: int, planted: int = PLANTED) -> None:
        self.target = triples
        self.rng = random.Random(seed)
        self.names = Names(self.rng)
        self.planted_count = planted
        self.scale = triples / 100_000
        self.themes = {
            key: Theme(f"synth-{key}", label, short)
            for key, label, short in (
                ("registry", "Synthetic register of states and cities", "state register"),
                ("directory", "Synthetic directory of organisations and their members", "org directory"),
                ("treaties", "Synthetic treaty office records", "treaty records"),
                ("resolutions", "Synthetic digital library of UN resolutions", "resolution library"),
                ("calendar", "Synthetic calendar of events and initiatives", "event calendar"),
                ("vocabulary", "Synthetic vocabulary of topics, threats, offences and powers", "vocabulary"),
                ("culture", "Synthetic chapter on the dimensions of a culture of cybersecurity", "culture"),
            )
        }
        self.themes["culture"].one_per_section = True
        self.states: list[str] = []
        self.state_labels: dict[str, str] = {}
        self.cities: list[str] = []
        self.orgs: list[str] = []
        self.igos: list[str] = []
        self.with_members = ""
        self.national_bodies: list[str] = []  # a state's CERT, agency and police unit
        self.events: list[str] = []
        self.standards_bodies: list[str] = []
        self.standards: list[str] = []
        self.ties: set[tuple[str, str, str]] = set()
        self.resolutions: list[str] = []
        self.counted_topics: dict[str, str] = {}  # the topics stored queries ask for by name -> IRI
        self.organs: list[tuple[str, str]] = []  # (iri, symbol series)
        self.conventions: list[str] = []
        self.concepts: dict[str, list[str]] = {}
        self.symbols: set[str] = set()
        self.numbers: dict[str, int] = {}
        self.counter = 0
        self.written = 0
        self.planted: list[Planted] = []
        self.symbols.add(CONTRIBUTED_SYMBOL)  # kept free for the contribution

    # ----------------------------------------------------------------- helpers

    def add(self, theme: str, block: Block) -> None:
        if (
            block.pairs
            and block.pairs[0][0] == "a"
            and all(p != "dcterms:description" for p, _ in block.pairs)
        ):
            # Every entity is described, as the shapes recommend: no warnings beyond the planted findings.
            kind = re.sub(r"(?<!^)(?=[A-Z][a-z])", " ", block.pairs[0][1].removeprefix("cg:")).lower()
            name = block.subject.removeprefix("cgid:")
            block.pairs.insert(1, ("dcterms:description", en(f"Synthetic {kind} {name}.")))
        self.themes[theme].blocks.append(block)
        self.written += len(block.pairs)

    def total(self) -> int:
        return self.written

    def next_id(self, prefix: str) -> str:
        self.counter += 1
        return f"cgid:{prefix}-{self.counter}"

    def a_date(self, start: int = 1990, end: int = 2025) -> str:
        r = self.rng
        return f"{r.randint(start, end):04d}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"

    def pick(self, items: list[str], k: int) -> list[str]:
        return self.rng.sample(items, min(k, len(items)))

    # ----------------------------------------------------------------- the core

    def vocabulary(self) -> None:
        words = list(_TOPIC_WORDS)
        for klass, scheme, prefix, count in _CONCEPTS:
            iris = []
            for i in range(count):
                a, b = words[(i * 3) % len(words)], words[(i * 7 + len(prefix)) % len(words)]
                label = f"{a} and {b} {prefix} {i + 1}" if a != b else f"{a} {prefix} {i + 1}"
                iri = f"cgid:{prefix}-{i + 1}"
                self.add(
                    "vocabulary",
                    Block(
                        iri,
                        [
                            ("a", cg(klass)),
                            ("rdfs:label", en(label)),
                            ("skos:prefLabel", en(label)),
                            ("skos:inScheme", f"cgid:{scheme}"),
                            ("dcterms:description", en(f"Synthetic concept about {label}.")),
                        ],
                    ),
                )
                iris.append(iri)
            self.concepts[prefix] = iris
        # Topics that stored queries name (culture-of-cybersecurity-resolutions, public-private-partnerships).
        for key, label in (
            ("culture", "global culture of cybersecurity"),
            ("ppp", "public-private partnerships"),
        ):
            iri = "cgid:topic-" + label.replace(" ", "-")
            self.add(
                "vocabulary",
                Block(
                    iri,
                    [
                        ("a", cg("Topic")),
                        ("rdfs:label", en(label)),
                        ("skos:prefLabel", en(label)),
                        ("skos:inScheme", "cgid:topics"),
                    ],
                ),
            )
            self.counted_topics[key] = iri

    def registry(self) -> None:
        n = max(20, min(249, int(25 + 225 * min(1.0, self.scale))))
        letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
        codes = [a + b for a in letters for b in letters]
        self.rng.shuffle(codes)
        for i in range(n):
            name = self.names.word(self.rng.randint(2, 3))
            label = self.rng.choice(_COUNTRY_FORMS).format(name)
            iri = f"cgid:state-{codes[i].lower()}"
            pairs = [
                ("a", cg("State")),
                ("rdfs:label", en(label)),
                ("dcterms:description", en(f"Synthetic state number {i + 1}.")),
                (cg("iso3166Alpha2"), lit(codes[i])),
                (cg("iso3166Alpha3"), lit(codes[i] + letters[i % 26])),
                (cg("iso3166Numeric"), lit(f"{(i * 7 + 4) % 1000:03d}")),
                (cg("wikidata"), f"wd:Q{9_000_000 + i}"),
            ]
            if i % 3 == 0:
                pairs.append(("skos:altLabel", en(f"{name} Commonwealth")))
            self.add("registry", Block(iri, pairs))
            self.states.append(iri)
            self.state_labels[iri] = label
            for j in range(2):
                city = f"cgid:city-{codes[i].lower()}-{j + 1}"
                self.add(
                    "registry",
                    Block(
                        city,
                        [
                            ("a", cg("City")),
                            ("rdfs:label", en(f"{self.names.word(2, unique=False)} City {j + 1} of {name}")),
                            (cg("locatedIn"), iri),
                        ],
                    ),
                )
                self.cities.append(city)

    def directory(self) -> None:
        topics = self.concepts["topic"]
        # The UN and its organs, which adopt the resolutions.
        un = "cgid:united-nations"
        self.add(
            "directory",
            Block(
                un,
                [
                    ("a", cg("IntergovernmentalOrganization")),
                    ("rdfs:label", en("United Nations (synthetic)")),
                    ("skos:altLabel", en("UN")),
                    (cg("foundingDate"), date("1945-10-24")),
                ],
            ),
        )
        self.orgs.append(un)
        self.igos.append(un)
        for slug, label, klass, series in (
            ("un-general-assembly", "General Assembly (synthetic)", "UNOrgan", "A"),
            ("un-economic-and-social-council", "Economic and Social Council (synthetic)", "UNOrgan", "E"),
            ("un-security-council", "Security Council (synthetic)", "UNOrgan", "S"),
            ("un-crime-commission", "Commission on Crime Prevention (synthetic)", "UNCommission", "E"),
        ):
            iri = f"cgid:{slug}"
            parent = "cgid:un-economic-and-social-council" if klass == "UNCommission" else un
            self.add(
                "directory",
                Block(iri, [("a", cg(klass)), ("rdfs:label", en(label)), (cg("subOrganizationOf"), parent)]),
            )
            self.orgs.append(iri)
            self.organs.append((iri, series))

        tops = max(len(_ORG_KINDS), int(40 * self.scale))  # every kind at every size
        for i in range(tops):
            klass, noun = _ORG_KINDS[i % len(_ORG_KINDS)]
            name = self.names.word()
            iri = f"cgid:org-{name.lower()}-{i + 1}"
            pairs = [
                ("a", cg(klass)),
                ("rdfs:label", en(f"{name} {noun}")),
                ("skos:altLabel", en(f"{name[:3].upper()}{i + 1}")),
                ("dcterms:description", en(f"Synthetic {noun.lower()} number {i + 1}.")),
                (cg("foundingDate"), date(self.a_date(1950, 2015))),
                (cg("locatedIn"), self.rng.choice(self.cities)),
            ]
            pairs += [(cg("addresses"), t) for t in self.pick(topics, 2)]
            if klass == "UNAgency":
                pairs.append((cg("subOrganizationOf"), un))
            if klass == "StandardsBody":
                self.standards_bodies.append(iri)
            if klass == "PublicPrivatePartnership":
                # Public and private members, more as the directory grows (public-private-partnerships).
                pairs += [(cg("hasMember"), m) for m in self.pick(self.orgs[5:], 3 + int(2 * self.scale))]
            self.add("directory", Block(iri, pairs))
            self.orgs.append(iri)
            if klass in ("IntergovernmentalOrganization", "RegionalOrganization", "UNAgency"):
                self.igos.append(iri)
                # The first is the organisation the bench asks about (members): half the states, at any size.
                share = (
                    0.5
                    if not self.with_members
                    else 0.9
                    if klass == "UNAgency"
                    else self.rng.uniform(0.1, 0.6)
                )
                self.with_members = self.with_members or iri
                for state in self.pick(self.states, int(len(self.states) * share)):
                    self.add("directory", Block(state, [(cg("memberOf"), iri)]))
            # A chain of units below each top organisation: what subOrganizationOf inference walks.
            parent = iri
            for depth in range(self.rng.randint(1, 4)):
                uklass, unoun = _UNIT_KINDS[(i + depth) % len(_UNIT_KINDS)]
                unit = f"{iri}-unit-{depth + 1}"
                self.add(
                    "directory",
                    Block(
                        unit,
                        [
                            ("a", cg(uklass)),
                            ("rdfs:label", en(f"{name} {noun} {unoun} {depth + 1}")),
                            (cg("subOrganizationOf"), parent),
                            (cg("addresses"), self.rng.choice(topics)),
                        ],
                    ),
                )
                self.orgs.append(unit)
                parent = unit
        # National bodies: a CERT, an agency, a police unit in some states, members of the regional bodies.
        for state in self.states[: max(10, int(len(self.states) * min(1.0, 0.3 * self.scale)))]:
            for klass, noun in _NATIONAL_KINDS:
                iri = f"{state}-{klass.lower()}"
                self.add(
                    "directory",
                    Block(
                        iri,
                        [
                            ("a", cg(klass)),
                            ("rdfs:label", en(f"{self.state_labels[state]} {noun}")),
                            (cg("locatedIn"), state),
                        ],
                    ),
                )
                self.orgs.append(iri)
                self.national_bodies.append(iri)
        # The organisation the bench asks about (members) has member bodies besides its member states,
        # more as the graph grows: the states stop at 249, so its answer would otherwise stop growing.
        members = self.pick(self.national_bodies, int(10 * self.scale))
        if members:
            self.add("directory", Block(self.with_members, [(cg("hasMember"), b) for b in members]))

    def treaties(self) -> None:
        offences, powers, topics = self.concepts["offence"], self.concepts["power"], self.concepts["topic"]
        for i in range(max(3, int(12 * self.scale))):
            # The first is the instrument the bench asks about (criminalises, supplements): like the
            # Convention on Cybercrime it gathers more offences, powers and protocols as the graph grows.
            hub = i == 0
            offence_count = min(len(offences), 3 + int(5 * self.scale)) if hub else 3
            power_count = min(len(powers), 2 + int(3 * self.scale)) if hub else 2
            name = self.names.word()
            iri = f"cgid:convention-{name.lower()}-{i + 1}"
            opened = self.a_date(1995, 2020)
            adopter = self.rng.choice(self.igos)
            self.add(
                "treaties",
                Block(
                    iri,
                    [
                        ("a", cg("Convention")),
                        ("rdfs:label", en(f"{name} Convention on Cyber Matters")),
                        ("skos:altLabel", en(f"CTS No. {100 + i}")),
                        (cg("coeTreatyNumber"), f'"{100 + i}"^^xsd:positiveInteger'),
                        (cg("openedForSignatureDate"), date(opened)),
                        (cg("entryIntoForceDate"), date(f"{int(opened[:4]) + 3}{opened[4:]}")),
                        (cg("adoptedBy"), adopter),
                        (cg("addresses"), self.rng.choice(topics)),
                        *[(cg("criminalizes"), o) for o in self.pick(offences, offence_count)],
                        *[(cg("providesPower"), p) for p in self.pick(powers, power_count)],
                    ],
                ),
            )
            self.conventions.append(iri)
            for k in range(1 + int(3 * self.scale) if hub else self.rng.randint(1, 2)):
                self.add(
                    "treaties",
                    Block(
                        f"{iri}-protocol-{k + 1}",
                        [
                            ("a", cg("Protocol")),
                            ("rdfs:label", en(f"Protocol {k + 1} to the {name} Convention")),
                            (cg("supplements"), iri),
                            (cg("openedForSignatureDate"), date(self.a_date(int(opened[:4]) + 1, 2024))),
                            (cg("criminalizes"), self.rng.choice(offences)),
                        ],
                    ),
                )
            signatories = self.pick(self.states, int(len(self.states) * self.rng.uniform(0.3, 0.9)))
            self.add("treaties", Block(iri, [(cg("signatory"), s) for s in signatories]))
            for state in signatories[: int(len(signatories) * 0.7)]:
                year = self.rng.randint(int(opened[:4]), 2025)
                self.add(
                    "treaties",
                    Block(
                        f"{iri}-ratification-{state.split('-')[-1]}",
                        [
                            ("a", cg("Event")),
                            (
                                "rdfs:label",
                                en(f"Ratification of the {name} Convention by {self.state_labels[state]}"),
                            ),
                            (cg("hasParticipant"), state),
                            (cg("implements"), iri),
                            (cg("startDate"), date(f"{year:04d}-{self.rng.randint(1, 12):02d}-15")),
                        ],
                    ),
                )

    # ----------------------------------------------------------------- the bulk

    def resolution(self) -> None:
        while True:
            # The General Assembly adopts most; numbered in order within a session (A), a year (E) or
            # overall (S), as the UN does, within the digits the symbols allow.
            organ, series = self.rng.choices(self.organs, weights=(6, 2, 1, 1))[0]
            year = self.rng.randint(1946, 2025)
            key = {"A": f"A/{year}", "E": f"E/{year}", "S": "S"}[series]
            number = self.numbers.get(key, 0) + 1
            if number > (9999 if series == "S" else 999 if series == "E" else 999 * 26 * 26):
                continue
            self.numbers[key] = number
            # Past 999 in a session (graphs of millions of resolutions) the Assembly's numbers go on in
            # sub-series, A/AB/RES/…, as its symbols allow: a year of sessions is no limit then.
            sub = (
                ""
                if number <= 999
                else f"{chr(65 + (number - 1) // 999 // 26 % 26)}{chr(65 + (number - 1) // 999 % 26)}/"
            )
            symbol = {
                "A": f"A/{sub}RES/{year - 1945}/{(number - 1) % 999 + 1}",
                "E": f"E/RES/{year}/{number}",
                "S": f"S/RES/{number} ({year})",
            }[series]
            if symbol not in self.symbols:
                break
        self.symbols.add(symbol)
        iri = "cgid:" + symbol.split(" ")[0].lower().replace("/", "-")
        adopted = f"{year:04d}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
        pairs = [
            ("a", cg("Resolution")),
            ("rdfs:label", en(f"UN resolution {symbol}")),
            (cg("documentSymbol"), lit(symbol)),
            (cg("adoptedBy"), organ),
            (cg("adoptionDate"), date(adopted)),
            *[(cg("addresses"), t) for t in self.pick(self.concepts["topic"], self.rng.randint(1, 3))],
        ]
        if self.rng.random() < 0.3:
            pairs.append((cg("recommends"), self.rng.choice(self.conventions)))
        if series == "A" and self.rng.random() < 0.05:
            pairs.append((cg("addresses"), self.counted_topics["culture"]))
        self.add("resolutions", Block(iri, pairs))

    def event(self) -> None:
        # The first is the activity the bench asks about (participants, foreign-participants): more states
        # and national bodies take part in it as the graph grows.
        hub = not self.events
        klass, noun = self.rng.choice(_EVENT_KINDS)
        iri = self.next_id("event")
        start = self.a_date(2000, 2025)
        pairs = [
            ("a", cg(klass)),
            (
                "rdfs:label",
                en(f"{self.names.word(2, unique=False)} {noun} {start[:4]} ({iri.rsplit('-', 1)[1]})"),
            ),
            (cg("startDate"), date(start)),
            (cg("locatedIn"), self.rng.choice(self.cities)),
            (cg("organizedBy"), self.rng.choice(self.orgs)),
            (cg("hostedBy"), self.rng.choice(self.states)),  # whose participants are foreign
            *[
                (cg("hasParticipant"), s)
                for s in self.pick(self.states, 5 + int(20 * self.scale) if hub else self.rng.randint(3, 20))
            ],
        ]
        if hub:
            pairs += [
                (cg("hasParticipant"), b) for b in self.pick(self.national_bodies, int(10 * self.scale))
            ]
        self.add("calendar", Block(iri, pairs))
        self.events.append(iri)

    def initiative(self) -> None:
        klass, noun = self.rng.choice(_INITIATIVE_KINDS)
        iri = self.next_id("initiative")
        pairs = [
            ("a", cg(klass)),
            ("rdfs:label", en(f"{self.names.word(2, unique=False)} Cyber {noun} ({iri.rsplit('-', 1)[1]})")),
            ("dcterms:description", en(f"Synthetic {noun.lower()} on {self.rng.choice(_TOPIC_WORDS)}.")),
            (cg("launchedBy"), self.rng.choice(self.igos)),
            (cg("startDate"), date(self.a_date(2000, 2025))),
            (cg("addresses"), self.rng.choice(self.concepts["topic"])),
            *[(cg("hasParticipant"), a) for a in self.pick(self.orgs, self.rng.randint(2, 8))],
        ]
        if self.rng.random() < 0.25:  # a statement of intent (plans)
            status = self.rng.choice(("planned", "proposed", "in-preparation"))
            pairs += [
                (cg("status"), f"cgid:status-{status}"),
                (cg("plannedDate"), date(self.a_date(2026, 2035))),
            ]
        self.add("calendar", Block(iri, pairs))

    def tie(self) -> None:
        """Two organisations tied as the cooperation query asks: cooperation, an agreement, a secretariat,
        reporting."""
        a, b = self.rng.sample(self.orgs, 2)
        kind = self.rng.choice(("cooperatesWith", "concludesAgreementWith", "secretariatOf", "reportsTo"))
        if (a, kind, b) in self.ties:  # a triple stated twice is one triple: the count would be off
            return
        self.ties.add((a, kind, b))
        self.add("directory", Block(a, [(cg(kind), b)]))
        if kind == "concludesAgreementWith":
            iri = self.next_id("agreement")
            self.add(
                "treaties",
                Block(
                    iri,
                    [
                        ("a", cg("Agreement")),
                        ("rdfs:label", en(f"Cooperation agreement {iri.rsplit('-', 1)[1]}")),
                        (cg("signatory"), a),
                        (cg("signatory"), b),
                        (cg("date"), date(self.a_date(1995, 2025))),
                    ],
                ),
            )

    def standard(self) -> None:
        iri = self.next_id("standard")
        number = iri.rsplit("-", 1)[1]
        pairs = [
            ("a", cg("Standard")),
            ("rdfs:label", en(f"Synthetic security standard {number}")),
            (cg("recommendationNumber"), lit(f"X.{number}")),
            (cg("developedBy"), self.rng.choice(self.standards_bodies)),
            (cg("approvedBy"), self.rng.choice(self.standards_bodies)),
            (cg("addresses"), self.rng.choice(self.concepts["topic"])),
        ]
        if self.standards and self.rng.random() < 0.5:
            pairs.append((cg("buildsOn"), self.rng.choice(self.standards)))
        self.add("treaties", Block(iri, pairs))
        self.standards.append(iri)

    def culture(self) -> None:
        """Dimensions of a culture of cybersecurity, each treated by a section of its own that addresses it
        and some topics (culture-dimensions)."""
        theme = self.themes["culture"]
        for i in range(max(1, int(5 * self.scale))):
            iri = f"cgid:culture-dimension-{i + 1}"
            label = f"{self.rng.choice(_TOPIC_WORDS)} dimension {i + 1}"
            self.add(
                "culture",
                Block(
                    iri,
                    [
                        ("a", cg("CultureDimension")),
                        ("rdfs:label", en(label)),
                        ("skos:prefLabel", en(label)),
                        ("skos:altLabel", en(f"dimension {i + 1} of the culture")),
                        ("skos:inScheme", "cgid:topics"),
                        ("skos:definition", en(f"Synthetic definition of the {label}.")),
                    ],
                ),
            )
            theme.addresses[iri] = [iri, *self.pick(self.concepts["topic"], 3)]

    def quantity(self) -> None:
        iri = self.next_id("q")
        subject = self.rng.choice(self.igos)
        self.add(
            "directory",
            Block(
                iri,
                [
                    ("a", cg("Quantity")),
                    ("rdfs:label", en(f"Synthetic count {iri.rsplit('-', 1)[1]}")),
                    (cg("measures"), self.rng.choice(self.concepts["qk"])),
                    (cg("value"), str(self.rng.randint(1, 100_000))),
                    (cg("valueQualifier"), lit(self.rng.choice(("exactly", "more than", "at least")))),
                ],
            ),
        )
        self.add("directory", Block(subject, [(cg("hasQuantity"), iri)]))

    # ----------------------------------------------------------------- planted violations

    def plant(self) -> None:
        """Statements that break one shape each, recorded as SHACL reports them."""
        kinds = [
            self._bad_iso_code,
            self._bad_symbol,
            self._string_date,
            self._unlabelled_org,
            self._adopted_by_city,
            self._bad_wikidata,
        ]
        for i in range(self.planted_count):
            kinds[i % len(kinds)](i)

    def _record(self, kind: str, focus: str, path: str, component: str, note: str) -> None:
        self.planted.append(Planted(kind, ID + focus.removeprefix("cgid:"), path, SH + component, note))

    def _bad_iso_code(self, i: int) -> None:
        iri = f"cgid:planted-state-{i}"
        self.add(
            "registry",
            Block(
                iri,
                [
                    ("a", cg("State")),
                    ("rdfs:label", en(f"Planted state {i}")),
                    (cg("iso3166Alpha2"), lit(f"x{i % 10}")),
                    (cg("iso3166Alpha3"), lit(f"X{chr(65 + i % 26)}Q")),
                    (cg("iso3166Numeric"), lit(f"{990 + i % 10}")),
                    (cg("wikidata"), f"wd:Q{8_000_000 + i}"),
                ],
            ),
        )
        self._record(
            "iso-code-pattern",
            iri,
            CGNS + "iso3166Alpha2",
            "PatternConstraintComponent",
            "an ISO 3166-1 alpha-2 code in lower case with a digit",
        )

    def _bad_symbol(self, i: int) -> None:
        iri = f"cgid:planted-resolution-symbol-{i}"
        organ = self.organs[0][0]
        self.add(
            "resolutions",
            Block(
                iri,
                [
                    ("a", cg("Resolution")),
                    ("rdfs:label", en(f"Planted resolution {i} with a malformed symbol")),
                    (cg("documentSymbol"), lit(f"resolution {i} of the assembly")),
                    (cg("adoptedBy"), organ),
                    (cg("adoptionDate"), date("2001-05-05")),
                ],
            ),
        )
        self._record(
            "document-symbol-pattern",
            iri,
            CGNS + "documentSymbol",
            "OrConstraintComponent",
            "a UN document symbol that is free text",
        )

    def _string_date(self, i: int) -> None:
        iri = f"cgid:planted-resolution-date-{i}"
        self.add(
            "resolutions",
            Block(
                iri,
                [
                    ("a", cg("Resolution")),
                    ("rdfs:label", en(f"Planted resolution {i} with a date as text")),
                    (cg("documentSymbol"), lit(f"A/RES/99/{900 + i}")),
                    (cg("adoptedBy"), self.organs[0][0]),
                    (cg("adoptionDate"), lit(f"{i + 1} March 2003")),
                ],
            ),
        )
        self._record(
            "date-datatype",
            iri,
            CGNS + "adoptionDate",
            "OrConstraintComponent",
            "an adoption date written as a plain string",
        )

    def _unlabelled_org(self, i: int) -> None:
        iri = f"cgid:planted-unlabelled-{i}"
        self.add(
            "directory",
            Block(iri, [("a", cg("NonGovernmentalOrganization")), (cg("locatedIn"), self.states[0])]),
        )
        self._record(
            "missing-label",
            iri,
            PREFIXES["rdfs"] + "label",
            "QualifiedMinCountConstraintComponent",
            "an organisation with no label",
        )

    def _adopted_by_city(self, i: int) -> None:
        iri = f"cgid:planted-resolution-adopter-{i}"
        self.add(
            "resolutions",
            Block(
                iri,
                [
                    ("a", cg("Resolution")),
                    ("rdfs:label", en(f"Planted resolution {i} adopted by a city")),
                    (cg("documentSymbol"), lit(f"A/RES/98/{900 + i}")),
                    (cg("adoptedBy"), self.cities[0]),
                    (cg("adoptionDate"), date("2002-02-02")),
                ],
            ),
        )
        self._record(
            "adopter-class",
            iri,
            CGNS + "adoptedBy",
            "ClassConstraintComponent",
            "a resolution adopted by a city, not an agent (a topic would contradict the ontology)",
        )

    def _bad_wikidata(self, i: int) -> None:
        iri = f"cgid:planted-state-wikidata-{i}"
        self.add(
            "registry",
            Block(
                iri,
                [
                    ("a", cg("State")),
                    ("rdfs:label", en(f"Planted state {i} with a foreign identifier")),
                    (cg("iso3166Alpha2"), lit(f"Q{chr(65 + i % 26)}")),
                    (cg("iso3166Alpha3"), lit(f"Q{chr(65 + i % 26)}Z")),
                    (cg("iso3166Numeric"), lit(f"{980 + i % 10}")),
                    (cg("wikidata"), f"<https://example.org/item/{i}>"),
                ],
            ),
        )
        self._record(
            "wikidata-pattern",
            iri,
            CGNS + "wikidata",
            "PatternConstraintComponent",
            "a Wikidata link that is not a Wikidata item",
        )

    # ----------------------------------------------------------------- putting it together

    def run(self) -> None:
        self.vocabulary()
        self.registry()
        self.directory()
        self.treaties()
        self.culture()
        self.plant()
        bulk = (
            [self.resolution] * 4
            + [self.event] * 2
            + [self.initiative, self.quantity, self.tie, self.standard]
        )
        budget = self.target - self.catalogue_estimate()
        while self.total() < budget:
            self.rng.choice(bulk)()

    def catalogue_estimate(self) -> int:
        sections = sum(max(1, -(-t.triples // SECTION_TRIPLES)) for t in self.themes.values())
        remaining = max(0, self.target - self.total())
        sections += remaining // SECTION_TRIPLES
        return 4 * len(self.themes) + 4 * sections

    def sections(self) -> Iterator[tuple[Theme, int, list[Block]]]:
        for theme in self.themes.values():
            chunk: list[Block] = []
            size = 0
            number = 0
            for block in theme.blocks:
                chunk.append(block)
                size += len(block.pairs)
                if size >= SECTION_TRIPLES or theme.one_per_section:
                    number += 1
                    yield theme, number, chunk
                    chunk, size = [], 0
            if chunk or number == 0:
                yield theme, number + 1, chunk


def write(generator: Generator, out: Path) -> dict[str, object]:
    """Write the data folder and its manifest; return the manifest."""
    facts = out / "facts"
    facts.mkdir(parents=True, exist_ok=True)
    for old in facts.glob("*.ttl"):
        old.unlink()
    catalogue = [_PREFIX_LINES, "\n# Synthetic source documents and their sections (bench/generate.py).\n\n"]
    catalogue_triples = 0
    data_triples = 0
    sections: list[str] = []
    files = 0
    for theme in generator.themes.values():
        pairs = [
            ("a", cg("Source")),
            ("rdfs:label", en(theme.label)),
            ("skos:altLabel", en(theme.short)),
            ("dcterms:title", en(theme.label)),
            ("dcterms:description", en(f"Synthetic source document of the benchmark: {theme.short}.")),
        ]
        catalogue.append(Block(f"cgid:{theme.slug}", pairs).text() + "\n")
        catalogue_triples += len(pairs)
    for theme, number, blocks in generator.sections():
        slug = f"{theme.slug}-sec-{number}"
        pairs = [
            ("a", cg("SourceSection")),
            ("rdfs:label", en(f"{theme.label}, section {number}")),
            (cg("locator"), lit(str(number))),
            (cg("partOf"), f"cgid:{theme.slug}"),
        ]
        pairs += [(cg("addresses"), t) for b in blocks for t in theme.addresses.get(b.subject, [])]
        sections.append(f"cgid:{slug}")
        catalogue.append(Block(f"cgid:{slug}", pairs).text() + "\n")
        catalogue_triples += len(pairs)
        body = "".join(b.text() for b in blocks)
        header = f"{_PREFIX_LINES}\n# Facts stated by section {number} of {theme.label}.\n\n"
        (facts / f"{slug}.ttl").write_text(header + body, encoding="utf-8")
        data_triples += sum(len(b.pairs) for b in blocks)
        files += 1
    (out / "sources.ttl").write_text("".join(catalogue), encoding="utf-8")
    data_triples += discrepancies(generator, sections, out / "discrepancies.ttl")
    manifest: dict[str, object] = {
        "generator": "bench/generate.py",
        # Which generator wrote the folder: the bench writes it again when the generator has changed.
        "generator_digest": generator_digest(),
        "target_triples": generator.target,
        "triples": data_triples + catalogue_triples,
        "facts_files": files,
        "counts": {
            "states": len(generator.states),
            "organisations": len(generator.orgs),
            "conventions": len(generator.conventions),
            "resolutions": len(generator.symbols),
        },
        "planted": [
            {"kind": p.kind, "focus": p.focus, "path": p.path, "component": p.component, "note": p.note}
            for p in generator.planted
        ],
        "contribution": contribution(generator),
        # Values for the stored queries' parameters that name entities of the project's own data.
        "query_params": {
            name: ID + iri.removeprefix("cgid:")
            for name, iri in (
                ("instrument", generator.conventions[0]),
                ("organisation", generator.with_members),
                ("activity", generator.events[0] if generator.events else generator.conventions[0]),
                ("entity", "cgid:united-nations"),
                ("source", f"cgid:{generator.themes['directory'].slug}"),
                ("section", f"cgid:{generator.themes['resolutions'].slug}-sec-1"),
            )
        },
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def discrepancies(generator: Generator, sections: list[str], path: Path) -> int:
    """Curation notes where two sections disagree (graph:discrepancies, as data/discrepancies.ttl); the
    number of triples written."""
    rng = random.Random(len(sections))
    blocks = []
    for i in range(max(2, int(20 * generator.scale))):
        concerns = generator.conventions[i % len(generator.conventions)]
        if i % 5 == 0:
            concerns += ", cgid:united-nations"
        blocks.append(
            Block(
                f"cgid:discrepancy-{i + 1}",
                [
                    ("a", cg("Discrepancy")),
                    ("rdfs:label", en(f"Two dates given in the synthetic sources ({i + 1})")),
                    ("dcterms:description", en(f"Two synthetic sections disagree on a date ({i + 1}).")),
                    (cg("concerns"), concerns),
                    (cg("resolution"), lit("Both dates are kept with different properties.")),
                    (cg("statedIn"), ", ".join(sorted(rng.sample(sections, min(2, len(sections)))))),
                ],
            )
        )
    path.write_text(_PREFIX_LINES + "\n" + "\n".join(b.text() for b in blocks), encoding="utf-8")
    return sum(len(b.pairs) + b.pairs[3][1].count(",") + b.pairs[5][1].count(",") for b in blocks)


def contribution(generator: Generator) -> dict[str, str]:
    """One new, valid entity that refers to existing ones: what a contributor would send for validation."""
    organ = generator.organs[0][0]
    topic = generator.concepts["topic"][1]
    text = (
        _PREFIX_LINES
        + "\n"
        + Block(
            "cgid:a-res-80-999",
            [
                ("a", cg("Resolution")),
                ("rdfs:label", en("UN resolution A/RES/80/999 (contributed)")),
                (cg("documentSymbol"), lit("A/RES/80/999")),
                (cg("adoptedBy"), organ),
                (cg("adoptionDate"), date("2025-12-24")),
                ("dcterms:description", en("Synthetic resolution sent as a contribution to the graph.")),
                (cg("addresses"), topic),
            ],
        ).text()
    )
    # The file is named after the section that states it, as contributions are.
    return {"entity": ID + "a-res-80-999", "file": "synth-resolutions-sec-1.ttl", "turtle": text}


def new_entities(count: int, agents: list[str]) -> str:
    """A large contribution: `count` new, valid resolutions of 6 triples each, adopted by existing agents.

    `agents` are the IRIs of existing entities (cg:Agent) that adopt them in turn. Document symbols are
    A/RES/90/1 onwards (sessions 90 and later, which neither the project's data nor generated folders
    use), labels are numbered: nothing is a likely duplicate of anything.
    """
    lines = [_PREFIX_LINES]
    for i in range(count):
        lines.append(
            f"\ncgid:bench-new-{i} a {cg('Resolution')} ;\n"
            f"    rdfs:label {en(f'Benchmark resolution {i}')} ;\n"
            f"    dcterms:description {en(f'A resolution made up for the benchmark, number {i}.')} ;\n"
            f"    {cg('documentSymbol')} {lit(f'A/RES/{90 + i // 999}/{1 + i % 999}')} ;\n"
            f"    {cg('adoptedBy')} <{agents[i % len(agents)]}> ;\n"
            f"    {cg('adoptionDate')} {date(f'20{10 + i % 15}-{1 + i % 9:02d}-{10 + i % 18}')} .\n"
        )
    return "".join(lines)


def generator_digest() -> str:
    """The SHA-256 of this generator's source: a folder it wrote with other code is out of date."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def generate(triples: int, seed: int, out: Path, *, planted: int = PLANTED) -> dict[str, object]:
    """Generate a data folder of about `triples` triples into `out`; return its manifest."""
    generator = Generator(triples, seed, planted)
    generator.run()
    return write(generator, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="about how many triples to write")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same bytes")
    parser.add_argument("--out", type=Path, required=True, help="the data folder to (re)write")
    parser.add_argument("--planted", type=int, default=PLANTED, help="how many violations to plant")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    manifest = generate(args.triples, args.seed, args.out, planted=args.planted)
    seconds = time.perf_counter() - started
    print(
        f"{manifest['triples']:,} triples in {manifest['facts_files']} facts files, "
        f"{len(manifest['planted'])} planted violations: {args.out} ({seconds:.1f} s)",  # type: ignore[arg-type]
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""TRANSITIONAL rdflib namespaces (CG, CGID, GRAPH), removed once every module uses cybergraph.rdf.vocab.

Generated from ontology/cybergraph.ttl by `make namespace`; do not edit by hand. Using a term that the
ontology does not define (`CG.Covention`) raises AttributeError at once.
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from cybergraph.rdf.terms import ENTITIES, GRAPHS, PREFIXES

__all__ = ["CG", "CGID", "GRAPH", "PREFIXES", "WD"]

CGID = Namespace(ENTITIES)
GRAPH = Namespace(GRAPHS)
WD = Namespace(PREFIXES["wd"])


class CG(DefinedNamespace):
    """The terms of the cybergraph ontology."""

    _NS = Namespace("https://w3id.org/cybergraph/def#")
    _fail = True

    AcademicInstitution: URIRef  # academic or research body
    ActionPlan: URIRef  # action plan
    Agent: URIRef  # agent
    Agreement: URIRef  # agreement
    CERT: URIRef  # CERT or CSIRT
    City: URIRef  # city
    Concept: URIRef  # concept
    Conference: URIRef  # conference
    Congress: URIRef  # congress
    Convention: URIRef  # convention
    CultureDimension: URIRef  # dimension of a culture of cybersecurity
    Declaration: URIRef  # declaration
    Discrepancy: URIRef  # discrepancy
    Document: URIRef  # document
    Event: URIRef  # event
    Exercise: URIRef  # exercise
    ExpertGroup: URIRef  # expert group
    GovernmentAgency: URIRef  # government agency
    Guidelines: URIRef  # guidelines or recommendations
    ITUTRecommendation: URIRef  # ITU-T Recommendation
    Incident: URIRef  # incident
    Initiative: URIRef  # initiative
    IntergovernmentalOrganization: URIRef  # intergovernmental organisation
    LawEnforcementBody: URIRef  # law-enforcement body
    LegalInstrument: URIRef  # legal instrument
    Manual: URIRef  # manual
    Meeting: URIRef  # meeting
    MultiStakeholderForum: URIRef  # multi-stakeholder forum
    NonGovernmentalOrganization: URIRef  # non-governmental organisation
    OffenceType: URIRef  # offence type
    Organization: URIRef  # organisation
    OrganizationalUnit: URIRef  # organisational unit
    Place: URIRef  # place
    PrivateSectorBody: URIRef  # private-sector or industry body
    ProceduralPower: URIRef  # procedural power
    Programme: URIRef  # programme
    Proposal: URIRef  # proposal
    Protocol: URIRef  # protocol
    PublicPrivatePartnership: URIRef  # public-private partnership
    Publication: URIRef  # publication
    Quantity: URIRef  # quantity
    RegionalOrganization: URIRef  # regional organisation
    Report: URIRef  # report
    Resolution: URIRef  # resolution
    Source: URIRef  # source document
    SourceSection: URIRef  # source section
    Standard: URIRef  # standard
    StandardsBody: URIRef  # standards body
    State: URIRef  # state
    Status: URIRef  # status
    Study: URIRef  # study
    Survey: URIRef  # survey
    ThreatType: URIRef  # threat type
    Topic: URIRef  # topic
    UNAgency: URIRef  # UN agency
    UNCommission: URIRef  # UN commission
    UNOrgan: URIRef  # UN organ
    aboutProperty: URIRef  # about property
    addresses: URIRef  # addresses
    adoptedAt: URIRef  # adopted at
    adoptedBy: URIRef  # adopted by
    adoptedThrough: URIRef  # adopted through
    adoptionDate: URIRef  # adoption date
    adopts: URIRef  # adopts
    amendedBy: URIRef  # amended by
    amends: URIRef  # amends
    annexedTo: URIRef  # annexed to
    announcementDate: URIRef  # announcement date
    announces: URIRef  # announces
    approvalDate: URIRef  # approval date
    approvedBy: URIRef  # approved by
    approves: URIRef  # approves
    buildsOn: URIRef  # builds on
    coeTreatyNumber: URIRef  # Council of Europe treaty number
    concerns: URIRef  # concerns
    concludesAgreementWith: URIRef  # concludes agreement with
    cooperatesWith: URIRef  # cooperates with
    coordinatedBy: URIRef  # coordinated by
    criminalizes: URIRef  # criminalises
    currency: URIRef  # currency
    date: URIRef  # date
    developedBy: URIRef  # developed by
    develops: URIRef  # develops
    documentSymbol: URIRef  # UN document symbol
    endDate: URIRef  # end date
    endorsedBy: URIRef  # endorsed by
    endorses: URIRef  # endorses
    entryIntoForceDate: URIRef  # entry into force
    establishedBy: URIRef  # established by
    establishes: URIRef  # establishes
    facilitates: URIRef  # facilitates
    founded: URIRef  # founded
    foundedBy: URIRef  # founded by
    foundingDate: URIRef  # founding date
    hasAnnex: URIRef  # has annex
    hasMember: URIRef  # has member
    hasPart: URIRef  # has part
    hasParticipant: URIRef  # has participant
    hasQuantity: URIRef  # has quantity
    hasSubOrganization: URIRef  # has sub-organisation
    hostedBy: URIRef  # hosted by
    hosts: URIRef  # hosts
    implements: URIRef  # implements
    iso3166Alpha2: URIRef  # ISO 3166-1 alpha-2 code
    iso3166Alpha3: URIRef  # ISO 3166-1 alpha-3 code
    iso3166Numeric: URIRef  # ISO 3166-1 numeric code
    issueDate: URIRef  # issue date
    launchedBy: URIRef  # launched by
    launches: URIRef  # launches
    locatedIn: URIRef  # located in
    locator: URIRef  # locator
    mandatedBy: URIRef  # mandated by
    measures: URIRef  # measures
    memberOf: URIRef  # member of
    openedForSignatureDate: URIRef  # opened for signature
    organizedBy: URIRef  # organised by
    organizes: URIRef  # organises
    outcomeOf: URIRef  # outcome of
    partOf: URIRef  # part of
    participatesIn: URIRef  # participates in
    plannedDate: URIRef  # planned date
    promptedBy: URIRef  # prompted by
    providesPower: URIRef  # provides power
    publicationDate: URIRef  # publication date
    publishedBy: URIRef  # published by
    publishes: URIRef  # publishes
    recommendationNumber: URIRef  # Recommendation number
    recommends: URIRef  # recommends
    recommendsCriminalizing: URIRef  # recommends criminalising
    recommendsPower: URIRef  # recommends power
    reportsTo: URIRef  # reports to
    resolution: URIRef  # resolution
    resolutionNumber: URIRef  # resolution number
    resultedIn: URIRef  # resulted in
    secretariatOf: URIRef  # secretariat of
    section: URIRef  # section
    signatory: URIRef  # signatory
    startDate: URIRef  # start date
    statedIn: URIRef  # stated in
    status: URIRef  # status
    subOrganizationOf: URIRef  # sub-organisation of
    supplementedBy: URIRef  # supplemented by
    supplements: URIRef  # supplements
    targets: URIRef  # targets
    unit: URIRef  # unit
    value: URIRef  # value
    valueQualifier: URIRef  # value qualifier
    wikidata: URIRef  # Wikidata entity

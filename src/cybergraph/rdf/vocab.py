"""Closed namespaces of cybergraph, generated from ontology/cybergraph.ttl: do not edit by hand.

`CG` holds every term the ontology defines as a pyoxigraph NamedNode: a name it does not define
(`CG.Covention`) raises AttributeError at once, and mypy reports it. `STANDARD_TERMS` lists the terms of
the standard vocabularies the data may use. Regenerate with `make namespace`.
"""

from __future__ import annotations

from typing import Final

import pyoxigraph as ox

from cybergraph.rdf.terms import TERMS

__all__ = ["CG", "STANDARD_TERMS"]


class CG:
    """The terms of the cybergraph ontology."""

    __slots__ = ()

    #: academic or research body
    AcademicInstitution: Final = ox.NamedNode(TERMS + "AcademicInstitution")
    #: action plan
    ActionPlan: Final = ox.NamedNode(TERMS + "ActionPlan")
    #: agent
    Agent: Final = ox.NamedNode(TERMS + "Agent")
    #: agreement
    Agreement: Final = ox.NamedNode(TERMS + "Agreement")
    #: CERT or CSIRT
    CERT: Final = ox.NamedNode(TERMS + "CERT")
    #: city
    City: Final = ox.NamedNode(TERMS + "City")
    #: concept
    Concept: Final = ox.NamedNode(TERMS + "Concept")
    #: conference
    Conference: Final = ox.NamedNode(TERMS + "Conference")
    #: congress
    Congress: Final = ox.NamedNode(TERMS + "Congress")
    #: convention
    Convention: Final = ox.NamedNode(TERMS + "Convention")
    #: dimension of a culture of cybersecurity
    CultureDimension: Final = ox.NamedNode(TERMS + "CultureDimension")
    #: declaration
    Declaration: Final = ox.NamedNode(TERMS + "Declaration")
    #: discrepancy
    Discrepancy: Final = ox.NamedNode(TERMS + "Discrepancy")
    #: document
    Document: Final = ox.NamedNode(TERMS + "Document")
    #: event
    Event: Final = ox.NamedNode(TERMS + "Event")
    #: exercise
    Exercise: Final = ox.NamedNode(TERMS + "Exercise")
    #: expert group
    ExpertGroup: Final = ox.NamedNode(TERMS + "ExpertGroup")
    #: government agency
    GovernmentAgency: Final = ox.NamedNode(TERMS + "GovernmentAgency")
    #: guidelines or recommendations
    Guidelines: Final = ox.NamedNode(TERMS + "Guidelines")
    #: ITU-T Recommendation
    ITUTRecommendation: Final = ox.NamedNode(TERMS + "ITUTRecommendation")
    #: incident
    Incident: Final = ox.NamedNode(TERMS + "Incident")
    #: initiative
    Initiative: Final = ox.NamedNode(TERMS + "Initiative")
    #: intergovernmental organisation
    IntergovernmentalOrganization: Final = ox.NamedNode(TERMS + "IntergovernmentalOrganization")
    #: law-enforcement body
    LawEnforcementBody: Final = ox.NamedNode(TERMS + "LawEnforcementBody")
    #: legal instrument
    LegalInstrument: Final = ox.NamedNode(TERMS + "LegalInstrument")
    #: manual
    Manual: Final = ox.NamedNode(TERMS + "Manual")
    #: meeting
    Meeting: Final = ox.NamedNode(TERMS + "Meeting")
    #: multi-stakeholder forum
    MultiStakeholderForum: Final = ox.NamedNode(TERMS + "MultiStakeholderForum")
    #: non-governmental organisation
    NonGovernmentalOrganization: Final = ox.NamedNode(TERMS + "NonGovernmentalOrganization")
    #: offence type
    OffenceType: Final = ox.NamedNode(TERMS + "OffenceType")
    #: organisation
    Organization: Final = ox.NamedNode(TERMS + "Organization")
    #: organisational unit
    OrganizationalUnit: Final = ox.NamedNode(TERMS + "OrganizationalUnit")
    #: place
    Place: Final = ox.NamedNode(TERMS + "Place")
    #: private-sector or industry body
    PrivateSectorBody: Final = ox.NamedNode(TERMS + "PrivateSectorBody")
    #: procedural power
    ProceduralPower: Final = ox.NamedNode(TERMS + "ProceduralPower")
    #: programme
    Programme: Final = ox.NamedNode(TERMS + "Programme")
    #: proposal
    Proposal: Final = ox.NamedNode(TERMS + "Proposal")
    #: protocol
    Protocol: Final = ox.NamedNode(TERMS + "Protocol")
    #: public-private partnership
    PublicPrivatePartnership: Final = ox.NamedNode(TERMS + "PublicPrivatePartnership")
    #: publication
    Publication: Final = ox.NamedNode(TERMS + "Publication")
    #: quantity
    Quantity: Final = ox.NamedNode(TERMS + "Quantity")
    #: regional organisation
    RegionalOrganization: Final = ox.NamedNode(TERMS + "RegionalOrganization")
    #: report
    Report: Final = ox.NamedNode(TERMS + "Report")
    #: resolution
    Resolution: Final = ox.NamedNode(TERMS + "Resolution")
    #: source document
    Source: Final = ox.NamedNode(TERMS + "Source")
    #: source section
    SourceSection: Final = ox.NamedNode(TERMS + "SourceSection")
    #: standard
    Standard: Final = ox.NamedNode(TERMS + "Standard")
    #: standards body
    StandardsBody: Final = ox.NamedNode(TERMS + "StandardsBody")
    #: state
    State: Final = ox.NamedNode(TERMS + "State")
    #: status
    Status: Final = ox.NamedNode(TERMS + "Status")
    #: study
    Study: Final = ox.NamedNode(TERMS + "Study")
    #: survey
    Survey: Final = ox.NamedNode(TERMS + "Survey")
    #: threat type
    ThreatType: Final = ox.NamedNode(TERMS + "ThreatType")
    #: topic
    Topic: Final = ox.NamedNode(TERMS + "Topic")
    #: UN agency
    UNAgency: Final = ox.NamedNode(TERMS + "UNAgency")
    #: UN commission
    UNCommission: Final = ox.NamedNode(TERMS + "UNCommission")
    #: UN organ
    UNOrgan: Final = ox.NamedNode(TERMS + "UNOrgan")
    #: about property
    aboutProperty: Final = ox.NamedNode(TERMS + "aboutProperty")
    #: addresses
    addresses: Final = ox.NamedNode(TERMS + "addresses")
    #: adopted at
    adoptedAt: Final = ox.NamedNode(TERMS + "adoptedAt")
    #: adopted by
    adoptedBy: Final = ox.NamedNode(TERMS + "adoptedBy")
    #: adopted through
    adoptedThrough: Final = ox.NamedNode(TERMS + "adoptedThrough")
    #: adoption date
    adoptionDate: Final = ox.NamedNode(TERMS + "adoptionDate")
    #: adopts
    adopts: Final = ox.NamedNode(TERMS + "adopts")
    #: amended by
    amendedBy: Final = ox.NamedNode(TERMS + "amendedBy")
    #: amends
    amends: Final = ox.NamedNode(TERMS + "amends")
    #: annexed to
    annexedTo: Final = ox.NamedNode(TERMS + "annexedTo")
    #: announcement date
    announcementDate: Final = ox.NamedNode(TERMS + "announcementDate")
    #: announces
    announces: Final = ox.NamedNode(TERMS + "announces")
    #: approval date
    approvalDate: Final = ox.NamedNode(TERMS + "approvalDate")
    #: approved by
    approvedBy: Final = ox.NamedNode(TERMS + "approvedBy")
    #: approves
    approves: Final = ox.NamedNode(TERMS + "approves")
    #: builds on
    buildsOn: Final = ox.NamedNode(TERMS + "buildsOn")
    #: Council of Europe treaty number
    coeTreatyNumber: Final = ox.NamedNode(TERMS + "coeTreatyNumber")
    #: concerns
    concerns: Final = ox.NamedNode(TERMS + "concerns")
    #: concludes agreement with
    concludesAgreementWith: Final = ox.NamedNode(TERMS + "concludesAgreementWith")
    #: cooperates with
    cooperatesWith: Final = ox.NamedNode(TERMS + "cooperatesWith")
    #: coordinated by
    coordinatedBy: Final = ox.NamedNode(TERMS + "coordinatedBy")
    #: criminalises
    criminalizes: Final = ox.NamedNode(TERMS + "criminalizes")
    #: currency
    currency: Final = ox.NamedNode(TERMS + "currency")
    #: date
    date: Final = ox.NamedNode(TERMS + "date")
    #: developed by
    developedBy: Final = ox.NamedNode(TERMS + "developedBy")
    #: develops
    develops: Final = ox.NamedNode(TERMS + "develops")
    #: UN document symbol
    documentSymbol: Final = ox.NamedNode(TERMS + "documentSymbol")
    #: end date
    endDate: Final = ox.NamedNode(TERMS + "endDate")
    #: endorsed by
    endorsedBy: Final = ox.NamedNode(TERMS + "endorsedBy")
    #: endorses
    endorses: Final = ox.NamedNode(TERMS + "endorses")
    #: entry into force
    entryIntoForceDate: Final = ox.NamedNode(TERMS + "entryIntoForceDate")
    #: established by
    establishedBy: Final = ox.NamedNode(TERMS + "establishedBy")
    #: establishes
    establishes: Final = ox.NamedNode(TERMS + "establishes")
    #: facilitates
    facilitates: Final = ox.NamedNode(TERMS + "facilitates")
    #: founded
    founded: Final = ox.NamedNode(TERMS + "founded")
    #: founded by
    foundedBy: Final = ox.NamedNode(TERMS + "foundedBy")
    #: founding date
    foundingDate: Final = ox.NamedNode(TERMS + "foundingDate")
    #: has annex
    hasAnnex: Final = ox.NamedNode(TERMS + "hasAnnex")
    #: has member
    hasMember: Final = ox.NamedNode(TERMS + "hasMember")
    #: has part
    hasPart: Final = ox.NamedNode(TERMS + "hasPart")
    #: has participant
    hasParticipant: Final = ox.NamedNode(TERMS + "hasParticipant")
    #: has quantity
    hasQuantity: Final = ox.NamedNode(TERMS + "hasQuantity")
    #: has sub-organisation
    hasSubOrganization: Final = ox.NamedNode(TERMS + "hasSubOrganization")
    #: hosted by
    hostedBy: Final = ox.NamedNode(TERMS + "hostedBy")
    #: hosts
    hosts: Final = ox.NamedNode(TERMS + "hosts")
    #: implements
    implements: Final = ox.NamedNode(TERMS + "implements")
    #: ISO 3166-1 alpha-2 code
    iso3166Alpha2: Final = ox.NamedNode(TERMS + "iso3166Alpha2")
    #: ISO 3166-1 alpha-3 code
    iso3166Alpha3: Final = ox.NamedNode(TERMS + "iso3166Alpha3")
    #: ISO 3166-1 numeric code
    iso3166Numeric: Final = ox.NamedNode(TERMS + "iso3166Numeric")
    #: issue date
    issueDate: Final = ox.NamedNode(TERMS + "issueDate")
    #: launched by
    launchedBy: Final = ox.NamedNode(TERMS + "launchedBy")
    #: launches
    launches: Final = ox.NamedNode(TERMS + "launches")
    #: located in
    locatedIn: Final = ox.NamedNode(TERMS + "locatedIn")
    #: locator
    locator: Final = ox.NamedNode(TERMS + "locator")
    #: mandated by
    mandatedBy: Final = ox.NamedNode(TERMS + "mandatedBy")
    #: measures
    measures: Final = ox.NamedNode(TERMS + "measures")
    #: member of
    memberOf: Final = ox.NamedNode(TERMS + "memberOf")
    #: opened for signature
    openedForSignatureDate: Final = ox.NamedNode(TERMS + "openedForSignatureDate")
    #: organised by
    organizedBy: Final = ox.NamedNode(TERMS + "organizedBy")
    #: organises
    organizes: Final = ox.NamedNode(TERMS + "organizes")
    #: outcome of
    outcomeOf: Final = ox.NamedNode(TERMS + "outcomeOf")
    #: part of
    partOf: Final = ox.NamedNode(TERMS + "partOf")
    #: participates in
    participatesIn: Final = ox.NamedNode(TERMS + "participatesIn")
    #: planned date
    plannedDate: Final = ox.NamedNode(TERMS + "plannedDate")
    #: prompted by
    promptedBy: Final = ox.NamedNode(TERMS + "promptedBy")
    #: provides power
    providesPower: Final = ox.NamedNode(TERMS + "providesPower")
    #: publication date
    publicationDate: Final = ox.NamedNode(TERMS + "publicationDate")
    #: published by
    publishedBy: Final = ox.NamedNode(TERMS + "publishedBy")
    #: publishes
    publishes: Final = ox.NamedNode(TERMS + "publishes")
    #: Recommendation number
    recommendationNumber: Final = ox.NamedNode(TERMS + "recommendationNumber")
    #: recommends
    recommends: Final = ox.NamedNode(TERMS + "recommends")
    #: recommends criminalising
    recommendsCriminalizing: Final = ox.NamedNode(TERMS + "recommendsCriminalizing")
    #: recommends power
    recommendsPower: Final = ox.NamedNode(TERMS + "recommendsPower")
    #: reports to
    reportsTo: Final = ox.NamedNode(TERMS + "reportsTo")
    #: resolution
    resolution: Final = ox.NamedNode(TERMS + "resolution")
    #: resolution number
    resolutionNumber: Final = ox.NamedNode(TERMS + "resolutionNumber")
    #: resulted in
    resultedIn: Final = ox.NamedNode(TERMS + "resultedIn")
    #: secretariat of
    secretariatOf: Final = ox.NamedNode(TERMS + "secretariatOf")
    #: section
    section: Final = ox.NamedNode(TERMS + "section")
    #: signatory
    signatory: Final = ox.NamedNode(TERMS + "signatory")
    #: start date
    startDate: Final = ox.NamedNode(TERMS + "startDate")
    #: stated in
    statedIn: Final = ox.NamedNode(TERMS + "statedIn")
    #: status
    status: Final = ox.NamedNode(TERMS + "status")
    #: sub-organisation of
    subOrganizationOf: Final = ox.NamedNode(TERMS + "subOrganizationOf")
    #: supplemented by
    supplementedBy: Final = ox.NamedNode(TERMS + "supplementedBy")
    #: supplements
    supplements: Final = ox.NamedNode(TERMS + "supplements")
    #: targets
    targets: Final = ox.NamedNode(TERMS + "targets")
    #: unit
    unit: Final = ox.NamedNode(TERMS + "unit")
    #: value
    value: Final = ox.NamedNode(TERMS + "value")
    #: value qualifier
    valueQualifier: Final = ox.NamedNode(TERMS + "valueQualifier")
    #: Wikidata entity
    wikidata: Final = ox.NamedNode(TERMS + "wikidata")


#: The terms of each standard vocabulary, by namespace.
STANDARD_TERMS: Final[dict[str, frozenset[str]]] = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": frozenset(
        {
            "Alt",
            "Bag",
            "CompoundLiteral",
            "HTML",
            "JSON",
            "List",
            "PlainLiteral",
            "Property",
            "Seq",
            "Statement",
            "XMLLiteral",
            "direction",
            "first",
            "langString",
            "language",
            "nil",
            "object",
            "predicate",
            "rest",
            "subject",
            "type",
            "value",
        }
    ),
    "http://www.w3.org/2000/01/rdf-schema#": frozenset(
        {
            "Class",
            "Container",
            "ContainerMembershipProperty",
            "Datatype",
            "Literal",
            "Resource",
            "comment",
            "domain",
            "isDefinedBy",
            "label",
            "member",
            "range",
            "seeAlso",
            "subClassOf",
            "subPropertyOf",
        }
    ),
    "http://www.w3.org/2002/07/owl#": frozenset(
        {
            "AllDifferent",
            "AllDisjointClasses",
            "AllDisjointProperties",
            "Annotation",
            "AnnotationProperty",
            "AsymmetricProperty",
            "Axiom",
            "Class",
            "DataRange",
            "DatatypeProperty",
            "DeprecatedClass",
            "DeprecatedProperty",
            "FunctionalProperty",
            "InverseFunctionalProperty",
            "IrreflexiveProperty",
            "NamedIndividual",
            "NegativePropertyAssertion",
            "Nothing",
            "ObjectProperty",
            "Ontology",
            "OntologyProperty",
            "ReflexiveProperty",
            "Restriction",
            "SymmetricProperty",
            "Thing",
            "TransitiveProperty",
            "allValuesFrom",
            "annotatedProperty",
            "annotatedSource",
            "annotatedTarget",
            "assertionProperty",
            "backwardCompatibleWith",
            "bottomDataProperty",
            "bottomObjectProperty",
            "cardinality",
            "complementOf",
            "datatypeComplementOf",
            "deprecated",
            "differentFrom",
            "disjointUnionOf",
            "disjointWith",
            "distinctMembers",
            "equivalentClass",
            "equivalentProperty",
            "hasKey",
            "hasSelf",
            "hasValue",
            "imports",
            "incompatibleWith",
            "intersectionOf",
            "inverseOf",
            "maxCardinality",
            "maxQualifiedCardinality",
            "members",
            "minCardinality",
            "minQualifiedCardinality",
            "onClass",
            "onDataRange",
            "onDatatype",
            "onProperties",
            "onProperty",
            "oneOf",
            "priorVersion",
            "propertyChainAxiom",
            "propertyDisjointWith",
            "qualifiedCardinality",
            "rational",
            "real",
            "sameAs",
            "someValuesFrom",
            "sourceIndividual",
            "targetIndividual",
            "targetValue",
            "topDataProperty",
            "topObjectProperty",
            "unionOf",
            "versionIRI",
            "versionInfo",
            "withRestrictions",
        }
    ),
    "http://www.w3.org/2001/XMLSchema#": frozenset(
        {
            "Assertions",
            "ENTITIES",
            "ENTITY",
            "ID",
            "IDREF",
            "IDREFS",
            "NCName",
            "NMTOKEN",
            "NMTOKENS",
            "NOTATION",
            "Name",
            "QName",
            "anyURI",
            "base64Binary",
            "boolean",
            "bounded",
            "byte",
            "cardinality",
            "date",
            "dateTime",
            "dateTimeStamp",
            "day",
            "dayTimeDuration",
            "decimal",
            "double",
            "duration",
            "enumeration",
            "explicitTimezone",
            "float",
            "fractionDigits",
            "gDay",
            "gMonth",
            "gMonthDay",
            "gYear",
            "gYearMonth",
            "hexBinary",
            "hour",
            "int",
            "integer",
            "language",
            "length",
            "long",
            "maxExclusive",
            "maxInclusive",
            "maxLength",
            "minExclusive",
            "minInclusive",
            "minLength",
            "minute",
            "month",
            "negativeInteger",
            "nonNegativeInteger",
            "nonPositiveInteger",
            "normalizedString",
            "numeric",
            "ordered",
            "pattern",
            "positiveInteger",
            "second",
            "short",
            "string",
            "time",
            "timezoneOffset",
            "token",
            "totalDigits",
            "unsignedByte",
            "unsignedInt",
            "unsignedLong",
            "unsignedShort",
            "whiteSpace",
            "year",
            "yearMonthDuration",
        }
    ),
    "http://www.w3.org/2004/02/skos/core#": frozenset(
        {
            "Collection",
            "Concept",
            "ConceptScheme",
            "OrderedCollection",
            "altLabel",
            "broadMatch",
            "broader",
            "broaderTransitive",
            "changeNote",
            "closeMatch",
            "definition",
            "editorialNote",
            "exactMatch",
            "example",
            "hasTopConcept",
            "hiddenLabel",
            "historyNote",
            "inScheme",
            "mappingRelation",
            "member",
            "memberList",
            "narrowMatch",
            "narrower",
            "narrowerTransitive",
            "notation",
            "note",
            "prefLabel",
            "related",
            "relatedMatch",
            "scopeNote",
            "semanticRelation",
            "topConceptOf",
        }
    ),
    "http://purl.org/dc/terms/": frozenset(
        {
            "Agent",
            "AgentClass",
            "BibliographicResource",
            "Box",
            "DCMIType",
            "DDC",
            "FileFormat",
            "Frequency",
            "IMT",
            "ISO3166",
            "Jurisdiction",
            "LCC",
            "LCSH",
            "LicenseDocument",
            "LinguisticSystem",
            "Location",
            "LocationPeriodOrJurisdiction",
            "MESH",
            "MediaType",
            "MediaTypeOrExtent",
            "MethodOfAccrual",
            "MethodOfInstruction",
            "NLM",
            "Period",
            "PeriodOfTime",
            "PhysicalMedium",
            "PhysicalResource",
            "Point",
            "Policy",
            "ProvenanceStatement",
            "RFC1766",
            "RFC3066",
            "RFC4646",
            "RFC5646",
            "RightsStatement",
            "SizeOrDuration",
            "Standard",
            "TGN",
            "UDC",
            "URI",
            "W3CDTF",
            "abstract",
            "accessRights",
            "accrualMethod",
            "accrualPeriodicity",
            "accrualPolicy",
            "alternative",
            "audience",
            "available",
            "bibliographicCitation",
            "conformsTo",
            "contributor",
            "coverage",
            "created",
            "creator",
            "date",
            "dateAccepted",
            "dateCopyrighted",
            "dateSubmitted",
            "description",
            "educationLevel",
            "extent",
            "format",
            "hasFormat",
            "hasPart",
            "hasVersion",
            "identifier",
            "instructionalMethod",
            "isFormatOf",
            "isPartOf",
            "isReferencedBy",
            "isReplacedBy",
            "isRequiredBy",
            "isVersionOf",
            "issued",
            "language",
            "license",
            "mediator",
            "medium",
            "modified",
            "provenance",
            "publisher",
            "references",
            "relation",
            "replaces",
            "requires",
            "rights",
            "rightsHolder",
            "source",
            "spatial",
            "subject",
            "tableOfContents",
            "temporal",
            "title",
            "type",
            "valid",
        }
    ),
    "http://xmlns.com/foaf/0.1/": frozenset(
        {
            "Agent",
            "Document",
            "Group",
            "Image",
            "LabelProperty",
            "OnlineAccount",
            "OnlineChatAccount",
            "OnlineEcommerceAccount",
            "OnlineGamingAccount",
            "Organization",
            "Person",
            "PersonalProfileDocument",
            "Project",
            "account",
            "accountName",
            "accountServiceHomepage",
            "age",
            "aimChatID",
            "based_near",
            "birthday",
            "currentProject",
            "depiction",
            "depicts",
            "dnaChecksum",
            "familyName",
            "family_name",
            "firstName",
            "focus",
            "fundedBy",
            "geekcode",
            "gender",
            "givenName",
            "givenname",
            "holdsAccount",
            "homepage",
            "icqChatID",
            "img",
            "interest",
            "isPrimaryTopicOf",
            "jabberID",
            "knows",
            "lastName",
            "logo",
            "made",
            "maker",
            "mbox",
            "mbox_sha1sum",
            "member",
            "membershipClass",
            "msnChatID",
            "myersBriggs",
            "name",
            "nick",
            "openid",
            "page",
            "pastProject",
            "phone",
            "plan",
            "primaryTopic",
            "publications",
            "schoolHomepage",
            "sha1",
            "skypeID",
            "status",
            "surname",
            "theme",
            "thumbnail",
            "tipjar",
            "title",
            "topic",
            "topic_interest",
            "weblog",
            "workInfoHomepage",
            "workplaceHomepage",
            "yahooChatID",
        }
    ),
    "http://www.w3.org/ns/prov#": frozenset(
        {
            "Accept",
            "Activity",
            "ActivityInfluence",
            "Agent",
            "AgentInfluence",
            "Association",
            "Attribution",
            "Bundle",
            "Collection",
            "Communication",
            "Contribute",
            "Contributor",
            "Copyright",
            "Create",
            "Creator",
            "Delegation",
            "Derivation",
            "Dictionary",
            "DirectQueryService",
            "EmptyCollection",
            "EmptyDictionary",
            "End",
            "Entity",
            "EntityInfluence",
            "Generation",
            "Influence",
            "Insertion",
            "InstantaneousEvent",
            "Invalidation",
            "KeyEntityPair",
            "Location",
            "Modify",
            "Organization",
            "Person",
            "Plan",
            "PrimarySource",
            "Publish",
            "Publisher",
            "Quotation",
            "Removal",
            "Replace",
            "Revision",
            "RightsAssignment",
            "RightsHolder",
            "Role",
            "ServiceDescription",
            "SoftwareAgent",
            "Start",
            "Submit",
            "Usage",
            "actedOnBehalfOf",
            "activity",
            "activityOfInfluence",
            "agent",
            "agentOfInfluence",
            "alternateOf",
            "aq",
            "asInBundle",
            "atLocation",
            "atTime",
            "category",
            "component",
            "constraints",
            "contributed",
            "definition",
            "derivedByInsertionFrom",
            "derivedByRemovalFrom",
            "describesService",
            "dictionary",
            "dm",
            "editorialNote",
            "editorsDefinition",
            "ended",
            "endedAtTime",
            "entity",
            "entityOfInfluence",
            "generalizationOf",
            "generated",
            "generatedAsDerivation",
            "generatedAtTime",
            "hadActivity",
            "hadDelegate",
            "hadDerivation",
            "hadDictionaryMember",
            "hadGeneration",
            "hadInfluence",
            "hadMember",
            "hadPlan",
            "hadPrimarySource",
            "hadRevision",
            "hadRole",
            "hadUsage",
            "has_anchor",
            "has_provenance",
            "has_query_service",
            "influenced",
            "influencer",
            "informed",
            "insertedKeyEntityPair",
            "invalidated",
            "invalidatedAtTime",
            "inverse",
            "locationOf",
            "mentionOf",
            "n",
            "order",
            "pairEntity",
            "pairKey",
            "pingback",
            "provenanceUriTemplate",
            "qualifiedAssociation",
            "qualifiedAssociationOf",
            "qualifiedAttribution",
            "qualifiedAttributionOf",
            "qualifiedCommunication",
            "qualifiedCommunicationOf",
            "qualifiedDelegation",
            "qualifiedDelegationOf",
            "qualifiedDerivation",
            "qualifiedDerivationOf",
            "qualifiedEnd",
            "qualifiedEndOf",
            "qualifiedForm",
            "qualifiedGeneration",
            "qualifiedGenerationOf",
            "qualifiedInfluence",
            "qualifiedInfluenceOf",
            "qualifiedInsertion",
            "qualifiedInvalidation",
            "qualifiedInvalidationOf",
            "qualifiedPrimarySource",
            "qualifiedQuotation",
            "qualifiedQuotationOf",
            "qualifiedRemoval",
            "qualifiedRevision",
            "qualifiedSourceOf",
            "qualifiedStart",
            "qualifiedStartOf",
            "qualifiedUsage",
            "qualifiedUsingActivity",
            "quotedAs",
            "removedKey",
            "revisedEntity",
            "sharesDefinitionWith",
            "specializationOf",
            "started",
            "startedAtTime",
            "todo",
            "unqualifiedForm",
            "used",
            "value",
            "wasActivityOfInfluence",
            "wasAssociateFor",
            "wasAssociatedWith",
            "wasAttributedTo",
            "wasDerivedFrom",
            "wasEndedBy",
            "wasGeneratedBy",
            "wasInfluencedBy",
            "wasInformedBy",
            "wasInvalidatedBy",
            "wasMemberOf",
            "wasPlanOf",
            "wasPrimarySourceOf",
            "wasQuotedFrom",
            "wasRevisionOf",
            "wasRoleIn",
            "wasStartedBy",
            "wasUsedBy",
            "wasUsedInDerivation",
        }
    ),
    "http://www.w3.org/ns/org#": frozenset(
        {
            "ChangeEvent",
            "FormalOrganization",
            "Head",
            "Membership",
            "Organization",
            "OrganizationalCollaboration",
            "OrganizationalUnit",
            "Post",
            "Role",
            "Site",
            "basedAt",
            "changedBy",
            "classification",
            "hasMember",
            "hasMembership",
            "hasPost",
            "hasPrimarySite",
            "hasRegisteredSite",
            "hasSite",
            "hasSubOrganization",
            "hasUnit",
            "headOf",
            "heldBy",
            "holds",
            "identifier",
            "linkedTo",
            "location",
            "member",
            "memberDuring",
            "memberOf",
            "organization",
            "originalOrganization",
            "postIn",
            "purpose",
            "remuneration",
            "reportsTo",
            "resultedFrom",
            "resultingOrganization",
            "role",
            "roleProperty",
            "siteAddress",
            "siteOf",
            "subOrganizationOf",
            "transitiveSubOrganizationOf",
            "unitOf",
        }
    ),
}

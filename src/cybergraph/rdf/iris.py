"""The project's namespaces and graph names as plain strings, for code that must start fast (no rdflib)."""

from __future__ import annotations

TERMS = "https://w3id.org/cybergraph/def#"
ENTITIES = "https://w3id.org/cybergraph/id/"
GRAPHS = "https://w3id.org/cybergraph/graph/"
ONTOLOGY_GRAPH = GRAPHS + "ontology"
INFERRED_GRAPH = GRAPHS + "inferred"

#: The prefixes every file the project writes uses.
PREFIXES: dict[str, str] = {
    "cg": TERMS,
    "cgid": ENTITIES,
    "cgsh": "https://w3id.org/cybergraph/shapes#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "void": "http://rdfs.org/ns/void#",
    "wd": "http://www.wikidata.org/entity/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

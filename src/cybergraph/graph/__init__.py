"""Building the graph: which files, the rules the ontology implies, the cache, the summary; rdflib/owlrl
as the reference path (`load`)."""

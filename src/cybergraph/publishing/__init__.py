"""Getting the graph out: byte-stable exports, the VoID/DCAT description, publishing to a triplestore."""

"""The names of the formats query answers are written in (`query.formats` writes them): a module of its own
so that the command line's parser lists them without importing the writers."""

TABULAR = ("table", "csv", "tsv", "json", "xml", "markdown")
GRAPH = ("turtle", "ntriples", "jsonld")
FORMATS = TABULAR + GRAPH

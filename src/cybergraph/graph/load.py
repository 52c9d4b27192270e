"""The public `load()`: the built graph as an rdflib Dataset, inferred by owlrl (the reference path).

Provenance lives in named graphs: `data/facts/<slug>.ttl` states what one source part says, and its
triples go into the graph named `cgid:<slug>`, which `data/sources.ttl` describes as a cg:SourceSection
(or cg:Source) with its document, title and locator. Other files directly under `data/` (the source
catalogue, the curation notes) go into `graph:<stem>`; the ontology into `graph:ontology`.

Files are read by Oxigraph's parser (`rdf.read`), as everywhere else, so a syntax error reads the same
whichever command meets it; the triples are then converted to rdflib terms (`rdf.rdflib_bridge`).
Commands use the cached pyoxigraph build instead (`graph.build`); this module is for library users and
for the tests that hold the rules to owlrl.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from cybergraph.core.resources import Layout, layout
from cybergraph.graph.datafiles import FACTS_FOLDER, DataFile, check_source_parts, data_files
from cybergraph.rdf import terms as iris
from cybergraph.rdf.rdflib_bridge import from_ox, union
from cybergraph.rdf.read import read_turtle
from cybergraph.rdf.terms import RDF_TYPE
from cybergraph.rdf.vocab import CG

__all__ = [
    "FACTS_FOLDER",
    "INFERRED_GRAPH",
    "ONTOLOGY_GRAPH",
    "DataFile",
    "check_source_parts",
    "data_files",
    "load",
    "load_asserted",
    "parse_turtle",
    "union",
]

ONTOLOGY_GRAPH = URIRef(iris.ONTOLOGY_GRAPH)
INFERRED_GRAPH = URIRef(iris.INFERRED_GRAPH)


# Kept for the callers not yet ported to rdf.read (canonical, jsonld, validation.shapes, publishing.export).
def parse_turtle(path: Path, into: Graph | None = None) -> Graph:
    """Read one Turtle file into an rdflib graph (a new one unless `into` is given), with its prefixes.

    Every problem (unreadable, not UTF-8, a syntax error) is an InputError with file, line and column.
    """
    graph = into if into is not None else Graph()
    parsed = read_turtle(path)
    for triple in parsed.triples:
        graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
    # As rdflib's own parser does after reading a file: the prefixes it declares become the graph's.
    for prefix, namespace in parsed.prefixes.items():
        graph.bind(prefix, namespace)
    return graph


def load_asserted(where: Layout | None = None) -> Dataset:
    """The ontology and every data file, each in its named graph; no inference."""
    where = where or layout()
    dataset = Dataset(default_union=True)
    parse_turtle(where.ontology_file, dataset.graph(ONTOLOGY_GRAPH))
    files = data_files(where)
    for item in files:
        parse_turtle(item.path, dataset.graph(URIRef(item.graph)))
    kinds = (from_ox(CG.SourceSection), from_ox(CG.Source))
    described = {str(s) for kind in kinds for s in dataset.subjects(from_ox(RDF_TYPE), kind)}
    check_source_parts(files, described)
    return dataset


def load(*, data: Path | str | None = None, infer: bool = True) -> Dataset:
    """The built graph: ontology plus data plus, with `infer`, the triples the ontology implies.

    The inferred triples are in the named graph `graph:inferred`. Raises InputError (exit code 2) with
    the file and line of any syntax error.
    """
    dataset = load_asserted(layout(data))
    if infer:
        # owlrl is slow to import and only inference needs it (reason.py imports nothing from here).
        from cybergraph.graph.reason import infer as run_inference

        result = run_inference(dataset)
        result.raise_for_inconsistency()
        inferred = dataset.graph(INFERRED_GRAPH)
        for triple in result.triples:
            inferred.add(triple)
    return dataset

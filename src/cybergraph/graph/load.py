"""Reading the ontology and the data files into one dataset, each file in the named graph of its source.

Provenance lives in named graphs: `data/facts/<slug>.ttl` states what one source part says, and its
triples go into the graph named `cgid:<slug>`, which `data/sources.ttl` describes as a cg:SourceSection
(or cg:Source) with its document, title and locator. Other files directly under `data/` (the source
catalogue, the curation notes) go into `graph:<stem>`; the ontology into `graph:ontology`.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from cybergraph.core.errors import InputError
from cybergraph.core.positions import Position, display_path
from cybergraph.core.resources import Layout, layout
from cybergraph.graph.datafiles import FACTS_FOLDER, DataFile, check_source_parts, data_files
from cybergraph.rdf import terms as iris
from cybergraph.rdf.legacy_vocab import CG

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


def _position_of(err: BadSyntax, path: Path) -> Position:
    text: bytes = err._str if isinstance(err._str, bytes) else str(err._str).encode()
    offset = min(err._i, len(text))
    line = text.count(b"\n", 0, offset) + 1
    column = offset - (text.rfind(b"\n", 0, offset) + 1) + 1
    return Position(display_path(path), line, column)


def parse_turtle(path: Path, into: Graph | None = None) -> Graph:
    """Parse one Turtle file, turning every parser failure into an InputError with file and line."""
    graph = into if into is not None else Graph()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"cannot read the file: {exc.strerror}", position=Position(display_path(path))
        ) from exc
    try:
        text = codecs.decode(raw, "utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            "the file is not UTF-8 text",
            position=Position(display_path(path), line),
            hint="save it as UTF-8; Turtle files must be UTF-8",
        ) from exc
    try:
        graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except BadSyntax as exc:
        raise InputError(
            f"Turtle syntax error: {exc._why}",
            position=_position_of(exc, path),
            hint="fix the statement there",
        ) from exc
    except Exception as exc:  # rdflib raises plain exceptions for bad IRIs, literals and prefixes
        raise InputError(f"cannot parse as Turtle: {exc}", position=Position(display_path(path))) from exc
    return graph


def load_asserted(where: Layout | None = None) -> Dataset:
    """The ontology and every data file, each in its named graph; no inference."""
    where = where or layout()
    dataset = Dataset(default_union=True)
    parse_turtle(where.ontology_file, dataset.graph(ONTOLOGY_GRAPH))
    files = data_files(where)
    for item in files:
        parse_turtle(item.path, dataset.graph(URIRef(item.graph)))
    described = {str(s) for c in (CG.SourceSection, CG.Source) for s in dataset.subjects(RDF.type, c)}
    check_source_parts(files, described)
    return dataset


def union(dataset: Dataset, *, include_inferred: bool = True) -> Graph:
    """All triples of the dataset as one graph (the form reasoners and SHACL validators take)."""
    graph = Graph()
    for context in dataset.graphs():
        if not include_inferred and context.identifier == INFERRED_GRAPH:
            continue
        for triple in context:
            graph.add(triple)
    for prefix, ns in dataset.namespaces():
        graph.bind(prefix, ns, override=False)
    return graph


def load(*, data: Path | str | None = None, infer: bool = True) -> Dataset:
    """The built graph: ontology plus data plus, with `infer`, the triples the ontology implies.

    The inferred triples are in the named graph `graph:inferred`. Raises InputError (exit code 2) with
    the file and line of any syntax error.
    """
    dataset = load_asserted(layout(data))
    if infer:
        from cybergraph.graph.reason import infer as run_inference

        result = run_inference(dataset)
        result.raise_for_inconsistency()
        inferred = dataset.graph(INFERRED_GRAPH)
        for triple in result.triples:
            inferred.add(triple)
    return dataset

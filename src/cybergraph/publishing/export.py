"""The built graph in every standard RDF format, the same bytes on every run and machine.

Provenance lives in named graphs (one per source section). The quad formats (TriG, N-Quads, JSON-LD)
keep them; the triple formats (Turtle, N-Triples, RDF/XML) merge them into one graph, so which section
states a fact is lost there and a triple stated by two sections appears once.

>>> from cybergraph.graph.build import build
>>> text = export(build(), format="ntriples", include={"ontology"})  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal as Choice

import pyoxigraph as ox
from rdflib import Graph, URIRef

from cybergraph.core.errors import UsageError
from cybergraph.graph.build import BuiltGraph
from cybergraph.graph.load import INFERRED_GRAPH, ONTOLOGY_GRAPH
from cybergraph.rdf.legacy_vocab import GRAPH
from cybergraph.rdf.quads import Quad, by_graph, merged
from cybergraph.rdf.rdflib_bridge import from_ox

SHAPES_GRAPH = GRAPH.shapes

Selection = Choice["asserted", "inferred", "all"]
SELECTIONS: tuple[str, ...] = ("asserted", "inferred", "all")
PARTS: tuple[str, ...] = ("ontology", "data", "shapes")
DEFAULT_INCLUDE = frozenset({"ontology", "data"})


@dataclass(frozen=True)
class Format:
    """One output format: its name, whether it keeps named graphs, and how to label the bytes."""

    name: str
    title: str
    keeps_graphs: bool
    media_type: str
    extension: str
    write: Callable[[list[Quad]], str]


def _turtle(quads: list[Quad]) -> str:
    from cybergraph.rdf.turtle import to_turtle

    return to_turtle(merged(quads))


def _trig(quads: list[Quad]) -> str:
    from cybergraph.rdf.turtle import to_trig

    return to_trig(list(by_graph(quads).items()))


def _ntriples(quads: list[Quad]) -> str:
    from cybergraph.rdf.ntriples import to_ntriples

    return to_ntriples(quads)


def _nquads(quads: list[Quad]) -> str:
    from cybergraph.rdf.ntriples import to_nquads

    return to_nquads(quads)


def _jsonld(quads: list[Quad]) -> str:
    from cybergraph.rdf.jsonld import to_jsonld

    return to_jsonld(quads)


def _jsonld_inline(quads: list[Quad]) -> str:
    from cybergraph.rdf.jsonld import to_jsonld

    return to_jsonld(quads, inline_context=True)


def _rdfxml(quads: list[Quad]) -> str:
    from cybergraph.rdf.rdfxml import to_rdfxml

    return to_rdfxml(quads)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "Turtle", False, "text/turtle", "ttl", _turtle),
        Format("ntriples", "N-Triples", False, "application/n-triples", "nt", _ntriples),
        Format("nquads", "N-Quads", True, "application/n-quads", "nq", _nquads),
        Format("trig", "TriG", True, "application/trig", "trig", _trig),
        Format("jsonld", "JSON-LD", True, "application/ld+json", "jsonld", _jsonld),
        Format("rdfxml", "RDF/XML", False, "application/rdf+xml", "rdf", _rdfxml),
    )
}


class ExportError(UsageError):
    """The selection cannot be exported as asked (exit code 2)."""


def _check(format: str, selection: str, include: Collection[str]) -> None:
    if format not in FORMATS:
        raise UsageError(f"unknown format {format!r}", hint=f"choose one of: {', '.join(FORMATS)}")
    if selection not in SELECTIONS:
        raise UsageError(f"unknown selection {selection!r}", hint=f"choose one of: {', '.join(SELECTIONS)}")
    unknown = sorted(set(include) - set(PARTS))
    if unknown or not include:
        raise UsageError(
            f"cannot include {', '.join(unknown) or 'nothing'}",
            hint=f"include one or more of: {', '.join(PARTS)}",
        )


def _part(name: str) -> str:
    if name == str(ONTOLOGY_GRAPH):
        return "ontology"
    if name == str(INFERRED_GRAPH):
        return "inferred"
    return "data"


def select(
    graph: BuiltGraph,
    *,
    selection: Selection = "asserted",
    include: Collection[str] = DEFAULT_INCLUDE,
    shapes_file: Path | None = None,
) -> list[Quad]:
    """The quads an export holds, blank nodes renamed by content.

    `selection`: "asserted" (what the files state), "inferred" (only what the ontology implies, in
    `graph:inferred`), or "all" (both). `include` picks the parts of the asserted graph: "ontology"
    (`graph:ontology`), "data" (every other graph of the build: the source sections, the source catalogue,
    the curation notes) and "shapes" (the SHACL shapes, in `graph:shapes`). Inferred triples come whole
    with "inferred" or "all": the reasoner does not record which part they follow from.
    """
    _check("turtle", selection, include)
    wanted = set()
    if selection in ("asserted", "all"):
        wanted |= {p for p in include if p != "shapes"}
    if selection in ("inferred", "all"):
        wanted.add("inferred")
    quads: list[Quad] = []
    for quad in graph.store:
        name = quad.graph_name
        part = "data" if isinstance(name, ox.DefaultGraph) else _part(name.value)
        if part in wanted:
            g = None if isinstance(name, ox.DefaultGraph) else URIRef(name.value)
            quads.append((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object), g))  # type: ignore[arg-type]
    if "shapes" in include and selection in ("asserted", "all"):
        quads.extend(_shapes(shapes_file))
    from cybergraph.rdf.blank_nodes import UnsupportedBlankNodes, stable_labels

    try:
        return stable_labels(quads)
    except UnsupportedBlankNodes as exc:
        raise ExportError(str(exc)) from exc


def _shapes(shapes_file: Path | None) -> list[Quad]:
    from cybergraph.core.positions import display_path
    from cybergraph.core.resources import layout
    from cybergraph.graph.load import parse_turtle

    path = shapes_file or layout().shapes_file
    if not path.is_file():
        raise UsageError(
            f"no shapes file at {display_path(path)}", hint="leave shapes out: --include ontology,data"
        )
    return [(s, p, o, SHAPES_GRAPH) for s, p, o in parse_turtle(path)]  # type: ignore[misc]


def serialize(quads: Iterable[Quad], *, format: str = "turtle") -> bytes:
    """Quads in one format, as UTF-8 bytes. Triple formats merge the named graphs."""
    _check(format, "asserted", DEFAULT_INCLUDE)
    from cybergraph.rdf.rdfxml import UnsupportedInRdfXml
    from cybergraph.rdf.turtle import UnsupportedGraph

    try:
        return FORMATS[format].write(list(quads)).encode("utf-8")
    except (UnsupportedGraph, UnsupportedInRdfXml) as exc:
        raise ExportError(f"cannot write {FORMATS[format].title}: {exc}") from exc


def export(
    graph: BuiltGraph,
    *,
    format: str = "turtle",
    selection: Selection = "asserted",
    include: Collection[str] = DEFAULT_INCLUDE,
    shapes_file: Path | None = None,
    inline_context: bool = False,
) -> bytes:
    """The selected part of the built graph in `format` (see FORMATS), deterministic bytes.

    See `select` for `selection` and `include`. With `inline_context`, JSON-LD carries its context
    instead of referring to the published one.
    """
    _check(format, selection, include)
    quads = select(graph, selection=selection, include=include, shapes_file=shapes_file)
    if format == "jsonld" and inline_context:
        return _jsonld_inline(quads).encode("utf-8")
    return serialize(quads, format=format)


def dropped_note(format: str) -> str | None:
    """What a triple format loses, for the command line to say; None for quad formats."""
    spec = FORMATS[format]
    if spec.keeps_graphs:
        return None
    return (
        f"note: {spec.title} has no named graphs: the source section of each fact is dropped"
        " (facts stated by several sections appear once); use --format trig, nquads or jsonld to keep it"
    )


def graph_quads(graph: Graph) -> list[Quad]:
    """The triples of one rdflib graph as default-graph quads, blank nodes renamed by content."""
    from cybergraph.rdf.blank_nodes import stable_labels

    return stable_labels([(s, p, o, None) for s, p, o in graph])  # type: ignore[misc]


def description(
    graph: BuiltGraph,
    *,
    selection: Selection = "asserted",
    include: Collection[str] = DEFAULT_INCLUDE,
    shapes_file: Path | None = None,
    endpoint_url: str | None = None,
    dump_url: str | None = None,
) -> Graph:
    """The VoID + DCAT description of what `export` with the same selection writes."""
    from cybergraph.publishing.describe import describe, scope_text

    quads = select(graph, selection=selection, include=include, shapes_file=shapes_file)
    return describe(quads, scope=scope_text(selection, include), endpoint_url=endpoint_url, dump_url=dump_url)

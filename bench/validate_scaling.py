"""How the time to validate a small contribution grows with the graph: it should not.

Builds synthetic data folders of N organisations and resolutions (one source section), then times
`validate()` of the same three-entity contribution against each, and prints a table. The build is
timed apart: it is cached on disk, and a contribution does not pay for it twice.

    .venv/bin/python -m bench.validate_scaling 1000 10000 50000
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from cybergraph.graph.build import build
from cybergraph.validation.pipeline import validate

SOURCES = """@prefix cg: <https://w3id.org/cybergraph/def#> .
@prefix cgid: <https://w3id.org/cybergraph/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

cgid:bench a cg:Source ; rdfs:label "Benchmark source"@en ; skos:altLabel "Bench"@en ;
    dcterms:title "A synthetic source"@en ; dcterms:description "Synthetic."@en .
cgid:bench-s1 a cg:SourceSection ; rdfs:label "Bench, section 1"@en ; dcterms:description "Synthetic."@en ;
    cg:locator "1" ; cg:partOf cgid:bench .
cgid:bench-s2 a cg:SourceSection ; rdfs:label "Bench, section 2"@en ; dcterms:description "Synthetic."@en ;
    cg:locator "2" ; cg:partOf cgid:bench .
"""
PREFIXES = """@prefix cg: <https://w3id.org/cybergraph/def#> .
@prefix cgid: <https://w3id.org/cybergraph/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
CONTRIBUTION = (
    PREFIXES
    + """cgid:new-org a cg:IntergovernmentalOrganization ; rdfs:label "A new organisation"@en ;
    dcterms:description "Synthetic."@en ; cg:memberOf cgid:org-1 .
cgid:new-res a cg:Resolution ; rdfs:label "A new resolution"@en ; dcterms:description "Synthetic."@en ;
    cg:adoptedBy cgid:new-org ; cg:adoptionDate "2009-12-21"^^xsd:date ; cg:documentSymbol "A/RES/99/1" .
cgid:org-2 cg:cooperatesWith cgid:new-org .
"""
)


def facts(n: int) -> str:
    lines = [PREFIXES]
    for i in range(n):
        lines.append(
            f'cgid:org-{i} a cg:IntergovernmentalOrganization ; rdfs:label "Organisation {i}"@en ;\n'
            f'    dcterms:description "Synthetic."@en ; cg:memberOf cgid:org-{(i * 7) % n} .\n'
            f'cgid:res-{i} a cg:Resolution ; rdfs:label "Resolution {i}"@en ;\n'
            f'    dcterms:description "Synthetic."@en ;\n'
            f'    cg:adoptedBy cgid:org-{i} ; cg:adoptionDate "2001-01-{1 + i % 28:02d}"^^xsd:date ;'
            f' cg:documentSymbol "A/RES/{i}" .\n'
        )
    return "".join(lines)


def main(sizes: list[int]) -> None:
    print("entities  triples   build (s)  validate (s)  focus nodes")
    with tempfile.TemporaryDirectory() as tmp:
        contribution = Path(tmp) / "bench-s2.ttl"
        contribution.write_text(CONTRIBUTION, encoding="utf-8")
        for n in sizes:
            data = Path(tmp) / f"data-{n}"
            (data / "facts").mkdir(parents=True)
            (data / "sources.ttl").write_text(SOURCES, encoding="utf-8")
            (data / "facts" / "bench-s1.ttl").write_text(facts(n), encoding="utf-8")
            start = time.perf_counter()
            graph = build(data=data)
            built = time.perf_counter() - start
            validate([contribution], data=data, graph=graph, timeout=None)  # warm the caches
            start = time.perf_counter()
            report = validate([contribution], data=data, graph=graph, timeout=None)
            took = time.perf_counter() - start
            assert report.findings == [], report.findings
            print(
                f"{2 * n:>8}  {len(graph.store):>7}  {built:>9.2f}  {took:>12.2f}  {report.focus_nodes:>11}"
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000, 50000])

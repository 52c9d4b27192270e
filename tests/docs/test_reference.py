"""The ontology reference: every term has an anchor and its facts; the diagram names every class."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest

import cybergraph.core.files
import cybergraph.docs.diagram
import cybergraph.docs.reference
from cybergraph.core.errors import UsageError
from cybergraph.core.files import OutputError
from cybergraph.core.resources import layout
from cybergraph.docs.reference import MARKER, documented_terms, read_ontology, render_html, write_docs
from cybergraph.rdf.index import TripleIndex
from cybergraph.rdf.terms import OWL, RDF, RDFS

TERMS = "https://w3id.org/cybergraph/def#"
IDS = "https://w3id.org/cybergraph/id/"
SVG = "{http://www.w3.org/2000/svg}"
TYPE = ox.NamedNode(RDF + "type")


@pytest.fixture(scope="module")
def ontology() -> TripleIndex:
    return read_ontology(layout().ontology_file)


class _Sections(HTMLParser):
    """The text of each element with an id, by id."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, list[str]] = {}
        self.open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ident = dict(attrs).get("id")
        if ident is not None:
            assert ident not in self.ids, f"duplicate anchor {ident}"
            self.ids[ident] = []
        if tag not in ("meta", "img", "br", "link"):
            self.open.append((tag, ident))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, ident in self.open:
            if ident is not None:
                self.ids[ident].append(data)


def expected_anchor(term: ox.NamedNode) -> str:
    text = term.value
    if text.startswith(TERMS):
        return text[len(TERMS) :]
    assert text.startswith(IDS), f"unexpected term outside our namespaces: {text}"
    return "id-" + text[len(IDS) :]


@pytest.fixture(scope="module")
def written(ontology: TripleIndex, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "docs"
    write_docs(ontology, out)
    return out


def test_every_ontology_term_is_documented(ontology: TripleIndex, written: Path) -> None:
    parser = _Sections()
    parser.feed((written / "index.html").read_text(encoding="utf-8"))
    header = set(ontology.subjects(TYPE, ox.NamedNode(OWL + "Ontology")))
    terms = {s for s in ontology.subjects() if isinstance(s, ox.NamedNode)} - header
    assert len(terms) > 100
    assert {t.iri for t in documented_terms(ontology)} == terms
    for term in terms:
        anchor = expected_anchor(term)
        assert anchor in parser.ids, f"{term} has no anchor #{anchor}"
        text = " ".join(" ".join(parser.ids[anchor]).split())
        assert term.value in text
        for label in ontology.objects(term, ox.NamedNode(RDFS + "label")):
            assert label.value in text
        for comment in ontology.objects(term, ox.NamedNode(RDFS + "comment")):
            assert " ".join(comment.value.split()) in text, f"the comment of {term} is missing"


def test_classes_and_properties_show_their_relations(written: Path) -> None:
    html = (written / "index.html").read_text(encoding="utf-8")
    section = html[html.index('<section class="term" id="adoptedBy">') :].split("</section>")[0]
    assert '<tr><th>domain</th><td><a href="#Document"' in section
    assert '<tr><th>range</th><td><a href="#Agent"' in section
    assert '<a href="#adopts"' in section  # the inverse, declared on cg:adopts
    assert (
        '<a href="http://www.w3.org/ns/prov#wasAttributedTo"><code>prov:wasAttributedTo</code></a>' in section
    )
    organization = html[html.index('<section class="term" id="Organization">') :].split("</section>")[0]
    assert '<tr><th>superclasses</th><td><a href="#Agent"' in organization
    assert '<a href="#CERT"' in organization  # a subclass
    assert "<tr><th>aligned with</th>" in organization and "<code>org:Organization</code>" in organization
    assert '<h2 id="alignment">' in html


def test_diagram_is_svg_naming_every_class(ontology: TripleIndex, written: Path) -> None:
    root = ET.parse(written / "classes.svg").getroot()
    assert root.tag == f"{SVG}svg"
    texts = {t.text for t in root.iter(f"{SVG}text")}
    classes = {
        c.value[len(TERMS) :]
        for c in ontology.subjects(TYPE, ox.NamedNode(OWL + "Class"))
        if c.value.startswith(TERMS)
    }
    assert classes and classes <= texts
    # Object properties between two of our classes are drawn, one arrow per inverse pair.
    assert "adoptedBy ⇄ adopts" in texts and "cooperatesWith" in texts


def test_docs_are_the_same_bytes_when_written_again(ontology: TripleIndex, written: Path) -> None:
    # Parsed afresh, and its triples given in reverse: the page does not depend on the order of triples.
    again = TripleIndex(reversed(list(read_ontology(layout().ontology_file))))
    assert (written / "index.html").read_text(encoding="utf-8") == render_html(again)
    assert (written / "classes.svg").read_text(encoding="utf-8") == cybergraph.docs.diagram.render_svg(again)
    before = {p.name: p.read_bytes() for p in written.iterdir()}
    write_docs(ontology, written)  # replaces its own earlier output
    assert {p.name: p.read_bytes() for p in written.iterdir()} == before


def test_a_failed_write_leaves_the_previous_docs(
    ontology: TripleIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "docs"
    write_docs(ontology, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(_: TripleIndex) -> str:
        raise RuntimeError("disk full, say")

    with monkeypatch.context() as patch:
        patch.setattr(cybergraph.docs.diagram, "render_svg", broken)
        with pytest.raises(RuntimeError):
            write_docs(ontology, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]  # no temporary folder left

    # Fail at the last step, renaming the new folder into place: the old one is put back.
    real_replace = os.replace

    def failing_replace(src: str | Path, dst: str | Path) -> None:
        if Path(src).name.endswith(".tmp"):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(cybergraph.core.files.os, "replace", failing_replace)
    with pytest.raises(OutputError, match="no space left on the device"):
        write_docs(ontology, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]


def test_a_folder_of_other_files_is_not_replaced(ontology: TripleIndex, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(UsageError, match="did not write"):
        write_docs(ontology, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    write_docs(ontology, empty)
    assert (empty / MARKER).is_file() and (empty / "index.html").is_file()


def test_a_union_range_and_a_literal_value_are_shown(tmp_path: Path) -> None:
    path = tmp_path / "small.ttl"
    path.write_text(
        """@prefix cg: <https://w3id.org/cybergraph/def#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/cybergraph/def> a owl:Ontology ; rdfs:label "Small" ; owl:versionInfo "1.2" .
cg:A a owl:Class ; rdfs:label "a"@en .
cg:B a owl:Class ; rdfs:label "b"@en .
cg:p a owl:ObjectProperty ; rdfs:domain cg:A ; rdfs:range [ owl:unionOf ( cg:B cg:A ) ] ;
    rdfs:seeAlso "see the notes"@en .
""",
        encoding="utf-8",
    )
    html = render_html(read_ontology(path))
    section = html[html.index('<section class="term" id="p">') :].split("</section>")[0]
    assert (
        '<tr><th>range</th><td><a href="#B" title="b"><code>cg:B</code></a> or '
        '<a href="#A" title="a"><code>cg:A</code></a></td></tr>'
    ) in section
    assert "<tr><th>rdfs:seeAlso</th><td>see the notes <small>@en</small></td></tr>" in section
    assert "<tr><th>version</th><td>1.2</td></tr>" in html and "<title>Small</title>" in html

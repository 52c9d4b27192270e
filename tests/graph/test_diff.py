"""`diff()`: the facts added, removed and changed between two versions of the data, in a real git checkout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cybergraph.core.errors import UsageError
from cybergraph.graph.diff import diff, render
from tests.git_checkout import commit, git

PREFIXES = (
    "@prefix cg: <https://w3id.org/cybergraph/def#> .\n"
    "@prefix cgid: <https://w3id.org/cybergraph/id/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n"
)
SOURCES = (
    PREFIXES + 'cgid:doc a cg:Source ;\n    rdfs:label "A document"@en .\n\n'
    "cgid:doc-s1 a cg:SourceSection ;\n    cg:partOf cgid:doc .\n\n"
    "cgid:doc-s2 a cg:SourceSection ;\n    cg:partOf cgid:doc .\n"
)
FACTS = (
    PREFIXES + "cgid:a-res-1 a cg:Resolution ;\n"
    '    rdfs:label "Resolution one"@en ;\n'  # line 8
    '    cg:adoptionDate "2001-01-01"^^xsd:date ;\n'
    '    cg:documentSymbol "A/RES/1" .\n\n'  # line 10
    'cgid:org a cg:IntergovernmentalOrganization ;\n    rdfs:label "Org"@en .\n'
)


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A checkout whose one commit holds a small data folder, changed in the working tree: a label
    rewritten, a fact removed, one added to the same section and one to a new section's file."""
    folder = tmp_path / "repo"
    (folder / "data" / "facts").mkdir(parents=True)
    (folder / "data" / "sources.ttl").write_text(SOURCES, encoding="utf-8")
    facts = folder / "data" / "facts" / "doc-s1.ttl"
    facts.write_text(FACTS, encoding="utf-8")
    git(folder, "init", "--quiet")
    first = commit(folder, "first")
    changed = FACTS.replace('"Resolution one"@en', '"Resolution 1"@en')
    changed = changed.replace('    cg:documentSymbol "A/RES/1" .', "    cg:adoptedBy cgid:org .")
    facts.write_text(changed, encoding="utf-8")
    (folder / "data" / "facts" / "doc-s2.ttl").write_text(
        PREFIXES + 'cgid:org skos:altLabel "O | `x`"@en .\n', encoding="utf-8"
    )
    monkeypatch.chdir(folder)
    return folder, first


def test_the_text_lists_each_change_under_its_entity_with_section_and_place(
    checkout: tuple[Path, str],
) -> None:
    _, first = checkout
    assert render(diff("HEAD", data="data"), "text") == (
        "cgid:a-res-1  Resolution 1\n"
        '  ~ rdfs:label "Resolution one"@en → "Resolution 1"@en  (cgid:doc-s1; data/facts/doc-s1.ttl:8;'
        " was HEAD:data/facts/doc-s1.ttl:8)\n"
        "  + cg:adoptedBy cgid:org  (cgid:doc-s1; data/facts/doc-s1.ttl:10)\n"
        '  - cg:documentSymbol "A/RES/1"  (cgid:doc-s1; HEAD:data/facts/doc-s1.ttl:10)\n'
        "\n"
        "cgid:org  Org\n"
        '  + skos:altLabel "O | `x`"@en  (cgid:doc-s2; data/facts/doc-s2.ttl:7)\n'
        "\n"
        f"HEAD ({first[:7]}) → the working tree: 2 facts added, 1 removed, 1 changed, in 2 entities\n"
    )


def test_the_markdown_is_a_pull_request_comment_with_a_table_per_entity(checkout: tuple[Path, str]) -> None:
    _, first = checkout
    assert render(diff("HEAD", data="data"), "markdown") == (
        f"**cybergraph diff** HEAD ({first[:7]}) → the working tree: 2 facts added, 1 removed, 1 changed,"
        " in 2 entities\n"
        "\n"
        "#### `cgid:a-res-1` Resolution 1\n"
        "\n"
        "| | property | value | section | where |\n"
        "|---|---|---|---|---|\n"
        '| changed | `rdfs:label` | `"Resolution one"@en` → `"Resolution 1"@en` | `cgid:doc-s1` |'
        " `data/facts/doc-s1.ttl:8`<br>was `HEAD:data/facts/doc-s1.ttl:8` |\n"
        "| added | `cg:adoptedBy` | `cgid:org` | `cgid:doc-s1` | `data/facts/doc-s1.ttl:10` |\n"
        '| removed | `cg:documentSymbol` | `"A/RES/1"` | `cgid:doc-s1` | `HEAD:data/facts/doc-s1.ttl:10` |\n'
        "\n"
        "#### `cgid:org` Org\n"
        "\n"
        "| | property | value | section | where |\n"
        "|---|---|---|---|---|\n"
        # A backtick in the value takes a longer fence, and a pipe is escaped so that the row holds.
        '| added | `skos:altLabel` | ``"O \\| `x`"@en`` | `cgid:doc-s2` | `data/facts/doc-s2.ttl:7` |\n'
    )


def test_the_json_holds_every_field_of_every_change(checkout: tuple[Path, str]) -> None:
    _, first = checkout
    document = json.loads(render(diff("HEAD", data="data"), "json"))
    assert document["base"] == {"revision": "HEAD", "commit": first}
    assert document["head"] == {"revision": None, "commit": None}
    assert document["summary"] == {"added": 2, "removed": 1, "changed": 1, "entities": 2}
    assert document["entities"][0]["entity"] == "https://w3id.org/cybergraph/id/a-res-1"
    assert document["entities"][0]["label"] == "Resolution 1"
    assert document["entities"][0]["changes"][0] == {
        "change": "changed",
        "property": "http://www.w3.org/2000/01/rdf-schema#label",
        "section": "https://w3id.org/cybergraph/id/doc-s1",
        "before": '"Resolution one"@en',
        "after": '"Resolution 1"@en',
        "was": {"file": "HEAD:data/facts/doc-s1.ttl", "line": 8},
        "now": {"file": "data/facts/doc-s1.ttl", "line": 8},
    }
    assert document["entities"][1]["changes"] == [
        {
            "change": "added",
            "property": "http://www.w3.org/2004/02/skos/core#altLabel",
            "section": "https://w3id.org/cybergraph/id/doc-s2",
            "before": None,
            "after": '"O | `x`"@en',
            "was": None,
            "now": {"file": "data/facts/doc-s2.ttl", "line": 7},
        }
    ]


def test_two_revisions_compare_without_the_working_tree(checkout: tuple[Path, str]) -> None:
    folder, first = checkout
    second = commit(folder, "second")
    (folder / "data" / "facts" / "doc-s2.ttl").unlink()  # the working tree no longer matters
    result = diff(first, "HEAD", data="data")
    assert str(result.head) == f"HEAD ({second[:7]})"
    assert (result.count("added"), result.count("removed"), result.count("changed")) == (2, 1, 1)
    assert [c.now.file for e in result.entities for c in e.changes if c.now] == [
        "HEAD:data/facts/doc-s1.ttl",
        "HEAD:data/facts/doc-s1.ttl",
        "HEAD:data/facts/doc-s2.ttl",
    ]
    assert render(diff("HEAD", "HEAD", data="data"), "text") == (
        f"HEAD ({second[:7]}) → HEAD ({second[:7]}): no fact added, removed or changed in data/\n"
    )


def test_a_fact_moved_to_another_section_is_removed_from_one_and_added_to_the_other(
    checkout: tuple[Path, str],
) -> None:
    folder, _ = checkout
    commit(folder, "second")
    facts = folder / "data" / "facts"
    (facts / "doc-s1.ttl").write_text(
        (facts / "doc-s1.ttl").read_text().replace(" ;\n    cg:adoptedBy cgid:org .", " ."), encoding="utf-8"
    )
    (facts / "doc-s2.ttl").write_text(
        (facts / "doc-s2.ttl").read_text() + "\ncgid:a-res-1 cg:adoptedBy cgid:org .\n", encoding="utf-8"
    )
    changes = diff("HEAD", data="data").entities[0].changes
    assert [(c.kind, c.section.rsplit("/", 1)[1]) for c in changes] == [
        ("removed", "doc-s1"),
        ("added", "doc-s2"),
    ]


def test_a_revision_that_names_no_commit_is_a_usage_error(checkout: tuple[Path, str]) -> None:
    with pytest.raises(UsageError, match="no revision 'no-such-branch'") as caught:
        diff("no-such-branch", data="data")
    assert caught.value.exit_code == 2
    # What git would read as an option is not a revision: it never reaches git.
    with pytest.raises(UsageError, match="no revision '--output=x': not a revision name"):
        diff("--output=x", data="data")


def test_a_folder_outside_git_cannot_be_compared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError) as caught:
        diff("HEAD", data="data")
    assert caught.value.render() == (
        "error: cannot compare versions: data/ is not in a git checkout\n"
        "  hint: run diff on a data folder inside a git checkout"
    )


def test_a_revision_without_the_data_folder_is_a_usage_error(checkout: tuple[Path, str]) -> None:
    folder, _ = checkout
    empty_tree = git(folder, "hash-object", "-t", "tree", "/dev/null").strip()
    git(folder, "branch", "empty", git(folder, "commit-tree", empty_tree, "-m", "nothing").strip())
    with pytest.raises(UsageError, match="the revision 'empty' has no data files in data/"):
        diff("empty", data="data")

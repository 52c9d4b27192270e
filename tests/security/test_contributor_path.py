"""Regression tests for the contributor's path (issue 11, part 4): validate and the build agree on which
facts files they accept, a loose file is told where its facts go, removing facts is never silent, and
reading a committed version never reaches the network."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from cybergraph.cli import main
from cybergraph.core.errors import CybergraphError
from cybergraph.core.git import Checkout
from cybergraph.rdf.read import read_triples
from tests.git_checkout import FIXTURE, ROOT, checkout_of, git
from tests.security.conftest import Listener

HEADER = (
    "@prefix cgid: <https://w3id.org/cybergraph/id/> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
)
# A fact about an entity that other files give a source: alone it breaks no rule of the shapes.
LABEL_ONLY = HEADER + 'cgid:itu skos:altLabel "The ITU"@en .\n'
REFUSED = (
    "data/facts/my-notes.ttl: error: no source section cgid:my-notes is described in data/sources.ttl, so no"
    " source states the facts of this file\n"
    "  hint: name the file after a section described in data/sources.ttl (data/facts/<section>.ttl),"
    " describe the section cgid:my-notes there, or validate standard input with --stdin-name"
    " data/facts/<section>.ttl\n"
)


def _cli(*args: str, cwd: Path, stdin: bytes | None = None) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "cybergraph", *args], cwd=cwd, input=stdin, capture_output=True
    )
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def test_validate_refuses_a_facts_file_the_build_refuses_with_the_same_message(tmp_path: Path) -> None:
    # It used to conform (exit 0), and the build then refused it (exit 2).
    shutil.copytree(FIXTURE, tmp_path / "data")
    (tmp_path / "data" / "facts" / "my-notes.ttl").write_text(LABEL_ONLY, encoding="utf-8")
    validated = _cli("--data", "data", "validate", "data/facts/my-notes.ttl", cwd=tmp_path)
    built = _cli("build", "--data", "data", cwd=tmp_path)
    assert validated == (2, "", REFUSED)
    assert built == (2, "", REFUSED)
    # Standard input named after that file is the same file: the same rule, the same message.
    (tmp_path / "data" / "facts" / "my-notes.ttl").unlink()
    named = _cli(
        "--data",
        "data",
        "validate",
        "--stdin-name",
        "data/facts/my-notes.ttl",
        "-",
        cwd=tmp_path,
        stdin=LABEL_ONLY.encode(),
    )
    assert named == (2, "", REFUSED)


def test_a_loose_file_is_told_where_its_facts_go(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # It used to say only: found by the check "Entities without a source" (…), which must find nothing.
    draft = tmp_path / "draft.ttl"
    draft.write_text(
        "@prefix cg: <https://w3id.org/cybergraph/def#> .\n"
        "@prefix cgid: <https://w3id.org/cybergraph/id/> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'cgid:a-res-58-199 a cg:Resolution ;\n    rdfs:label "UN General Assembly resolution 58/199"@en ;\n'
        '    dcterms:description "A resolution on critical information infrastructures."@en ;\n'
        "    cg:adoptedBy cgid:un-general-assembly .\n",
        encoding="utf-8",
    )
    assert main(["--data", str(FIXTURE), "validate", "--base", "none", str(draft)]) == 1
    assert (
        "    error: no source section states anything about this entity: put its facts in"
        " data/facts/<section>.ttl, the file of the section of data/sources.ttl that states them (standard"
        " input: --stdin-name data/facts/<section>.ttl) [shapes: cgv:ViolationQueryComponent]\n"
    ) in capsys.readouterr().out


def test_shortening_a_facts_file_lists_every_fact_it_removes(tmp_path: Path) -> None:
    # Replacing the 141-line file of section 5.5.1 with 10 lines used to "conform" in silence.
    data = checkout_of(ROOT / "data", tmp_path / "clone")
    section = data / "facts" / "itu-gsr-ch5-sec-5-5-1.ttl"
    committed = len(set(read_triples(section)))
    prefixes = section.read_text(encoding="utf-8").splitlines()[:8]
    section.write_text("\n".join([*prefixes, 'cgid:itu skos:altLabel "The ITU"@en .']) + "\n")
    code, out, _ = _cli(
        "--data", "data", "validate", "data/facts/itu-gsr-ch5-sec-5-5-1.ttl", cwd=tmp_path / "clone"
    )
    removed = [line for line in out.splitlines() if line.endswith("[removal]")]
    assert len(removed) == committed > 100  # every triple of the committed file: the new one states none
    assert (
        '    warning: cg:adoptionDate "1998-12-04"^^xsd:date: no longer stated'
        " (HEAD:data/facts/itu-gsr-ch5-sec-5-5-1.ttl:14) [removal]"
    ) in removed
    assert out.splitlines()[-1] == (
        f"note: {committed} facts that HEAD states are no longer stated: restore them, unless their source"
        " does not state them (--fail-on-removal makes removals errors)"
    )
    assert out.splitlines()[-2] == (
        f"0 errors, {committed} warnings; 1 file validated against the graph: conforms (warnings allowed;"
        " --strict to refuse them)"
    )
    assert code == 0  # removing facts is sometimes right: warnings, unless removals are made to count
    strict = _cli(
        "--data",
        "data",
        "validate",
        "--fail-on-removal",
        "data/facts/itu-gsr-ch5-sec-5-5-1.ttl",
        cwd=tmp_path / "clone",
    )
    assert strict[0] == 1 and "error: cg:adoptionDate" in strict[1]


def test_reading_a_committed_version_never_fetches_a_missing_object(
    tmp_path: Path, listener: Listener
) -> None:
    # A partial clone lacks the files' contents: git would fetch them from its remote. It must not.
    source = tmp_path / "source"
    checkout_of(FIXTURE, source)
    git(source, "config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--no-checkout", "--filter=blob:none", source.as_uri(), str(clone))
    git(clone, "config", "remote.origin.url", listener.url)
    checkout = Checkout.of(clone)
    with pytest.raises(
        CybergraphError, match=r"^git ls-tree failed: could not fetch [0-9a-f]+ from promisor remote$"
    ) as caught:
        checkout.read(checkout.blobs(checkout.commit("HEAD"), [PurePosixPath("data")]), limit=1 << 20)
    assert caught.value.exit_code == 2
    assert listener.connections == 0

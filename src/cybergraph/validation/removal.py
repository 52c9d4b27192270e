"""The removal check: the facts that a contribution's files no longer state, compared with a git revision.

Removing a fact is sometimes right (the source never said it), but it must never go unseen: each file of
the contribution is compared with the same path in the revision (`HEAD` on the command line), and each
triple the committed version states and the new one does not is a finding, a warning unless the caller
makes removals count (`--fail-on-removal`), placed in the file at the line where the revision states it.
A file that the revision does not have is new: it removes nothing. For the whole graph, every data file
is compared, and the data files the revision has and the working tree has not are reported whole.

The committed versions are read before validation's worker starts (`read_bases`, git through
`core.git`, locally, within the validation's time limit); the worker parses and compares them
(`findings`). A data folder that is not in a git checkout cannot be compared: the check says so in a
note of the report and finds nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from cybergraph.core.errors import InputError, UsageError
from cybergraph.core.git import Checkout, NotACheckout
from cybergraph.core.positions import display_path
from cybergraph.graph.datafiles import data_file
from cybergraph.graph.diff import removed_triples, replacements, show
from cybergraph.rdf.read import decode, parse_turtle
from cybergraph.rdf.terms import Subject, ntriples
from cybergraph.validation.findings import Check, Finding, Severity, term_key, term_value


@dataclass(frozen=True)
class BaseFile:
    """The committed version of one file: the name findings give the file, where it is in the revision
    (`REV:path`, as `git show` reads it) and its bytes."""

    name: str
    shown: str
    content: bytes


@dataclass
class Bases:
    """What the removal check compares with: the committed version of each file, and notes."""

    revision: str | None = None
    files: dict[str, BaseFile] = field(default_factory=dict)  # by the name of the file it is a version of
    deleted: list[BaseFile] = field(default_factory=list)  # the whole graph's files gone since then
    notes: list[str] = field(default_factory=list)
    severity: Severity = Severity.WARNING


def read_bases(
    files: Sequence[tuple[str, Path | None]],
    data: Path,
    revision: str | None,
    *,
    limit: int,
    deadline: float | None,
    whole_graph: bool = False,
    fail: bool = False,
) -> Bases:
    """The committed version at `revision` of each file (name, path); None: no comparison at all.

    Raises UsageError for a revision that names no commit (the caller asked for something impossible);
    a folder outside a git checkout, or git missing, is a note.
    """
    bases = Bases(revision, severity=Severity.VIOLATION if fail else Severity.WARNING)
    if revision is None:
        return bases
    timeout = None if deadline is None else max(deadline - time.monotonic(), 0.01)
    try:
        checkout = Checkout.of(data, timeout=timeout)
    except NotACheckout as exc:
        bases.notes.append(
            f"not compared with {revision}, so the facts a change removes are not shown: {exc.message}"
        )
        return bases
    commit = checkout.commit(revision)
    wanted = {}
    for name, path in files:
        rel = checkout.relative(path) if path is not None else None
        if rel is not None:
            wanted[rel] = name
    data_rel = checkout.relative(data)
    blobs = checkout.blobs(commit, sorted(wanted) + ([data_rel] if whole_graph and data_rel else []))
    chosen = [b for b in blobs if b.path in wanted]
    gone = []
    if whole_graph and data_rel is not None:
        present = set(wanted)
        for blob in blobs:
            where = checkout.top / blob.path
            if blob.path not in present and blob.path.suffix == ".ttl" and _is_data_file(where, data):
                gone.append(blob)
    try:
        contents = checkout.read(chosen + gone, limit=limit)
    except UsageError:
        bases.notes.append(
            f"not compared with {revision}: its versions of these files hold more than {limit:,} bytes"
            " (raise --max-bytes to compare them)"
        )
        return bases
    for blob in chosen:
        name = wanted[blob.path]
        bases.files[name] = BaseFile(name, f"{revision}:{blob.path}", contents[blob.path])
    for blob in gone:
        name = display_path(checkout.top / blob.path)
        bases.deleted.append(BaseFile(name, f"{revision}:{blob.path}", contents[blob.path]))
    return bases


def _is_data_file(path: Path, data: Path) -> bool:
    try:
        return data_file(path, data) is not None
    except InputError:  # a file the build would refuse (too deep in the folder): never part of the graph
        return False


def advice(count: int, bases: Bases) -> str:
    """What to do about `count` removed facts, said once for all of them."""
    facts = "1 fact" if count == 1 else f"{count:,} facts"
    verb, them, their = ("is", "it", "its") if count == 1 else ("are", "them", "their")
    text = (
        f"{facts} that {bases.revision} states {verb} no longer stated: restore {them}, unless {their} source"
        " does not state " + them
    )
    return text + (
        "" if bases.severity is Severity.VIOLATION else " (--fail-on-removal makes removals errors)"
    )


def findings(
    base: BaseFile, now: Iterable[ox.Triple], severity: Severity, lines: Mapping[Subject, int] | None = None
) -> tuple[list[Finding], str | None]:
    """A finding for each triple of `base` that `now` no longer states, or a note when `base` cannot be
    read (then nothing is compared). `lines` says where the new version describes each entity: a finding
    goes there (the entity whose facts went), else to the file alone."""
    try:
        decode(base.content, base.shown)
    except InputError:
        return [], f"{base.shown} is not UTF-8 text: not compared"
    parsed = parse_turtle(base.content, lines=True)
    if parsed.problems:
        return [], f"{base.shown} is not valid Turtle: not compared"
    now = list(now)
    gone = removed_triples(parsed.triples, parsed.lines, now)
    replaced = replacements([t for t, _ in gone], parsed.triples, now)
    out = []
    for triple, line in gone:
        new = replaced.get(triple)
        what = f"replaced by {show(ntriples(new))}" if new is not None else "no longer stated"
        out.append(
            Finding(
                Check.REMOVAL,
                severity,
                f"{what} ({base.shown}:{line})",
                file=base.name,
                line=(lines or {}).get(triple.subject),  # type: ignore[arg-type]
                entity=term_key(triple.subject),
                property=triple.predicate.value,
                value=term_value(triple.object),
            )
        )
    return out, None

"""What changed in the data between two versions: facts added, removed and changed, by entity.

A version is a git revision of the data folder (its committed files, read with `core.git`) or the working
tree (the files on disk). Each is read the way the build reads it (`graph.datafiles`: one named graph per
facts file, the source section it states; the ontology too when it is in the same checkout), with every
quad's file and line, and the two sets of asserted quads are compared. Nothing is written to disk: a
revision's files are read from git into memory.

A fact is a quad: the same triple stated by two sections is two facts, and a triple moved from one
section to another is removed from the first and added to the second. A *changed* fact is a removed one
and an added one with the same subject, property and section, when the property looks functional there:
the subject had exactly one value of it in that section before and has exactly one after, both literals
(a label, a date, a description, an identifier; a language-tagged one in the same language) or the
ontology declares the property `owl:FunctionalProperty`.

`removed_triples` is the comparison `validate` makes for one file of a contribution against its committed
version.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pyoxigraph as ox

from cybergraph.core.errors import InputError, UsageError
from cybergraph.core.files import read_file
from cybergraph.core.git import GIT_TIMEOUT, Checkout, Commit, NotACheckout
from cybergraph.core.limits import DEFAULT_DIFF_MAX_BYTES
from cybergraph.core.positions import Position, display_path
from cybergraph.core.resources import Layout, layout
from cybergraph.graph.datafiles import data_file
from cybergraph.rdf.blank_nodes import UnsupportedBlankNodes, stable_labels, stable_triples
from cybergraph.rdf.read import decode, parse_turtle
from cybergraph.rdf.terms import (
    GRAPHS,
    ONTOLOGY_GRAPH,
    OWL,
    PREFIXES,
    RDF_TYPE,
    RDFS,
    SKOS,
    Term,
    datatype_of,
    from_ntriples,
    ntriples,
    short,
)

FORMATS = ("text", "markdown", "json")
WORKING_TREE = "the working tree"
_DISPLAY_PREFIXES = {**PREFIXES, "graph": GRAPHS}
_LABELS = (ox.NamedNode(RDFS + "label"), ox.NamedNode(SKOS + "prefLabel"))
_FUNCTIONAL = ox.NamedNode(OWL + "FunctionalProperty")
_MARKDOWN_LIMIT = 60_000  # characters: a GitHub comment holds 65,536
ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class Place:
    """Where a fact is stated: a file (`REV:path` for a revision) and the line its statement ends on."""

    file: str
    line: int | None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"

    def to_json(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line}


@dataclass(frozen=True)
class Change:
    """One fact added or removed, or one value changed, in one section. Terms in N-Triples form."""

    kind: str
    property: str
    section: str
    before: str | None = None
    after: str | None = None
    was: Place | None = None
    now: Place | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "change": self.kind,
            "property": self.property,
            "section": self.section,
            "before": self.before,
            "after": self.after,
            "was": self.was.to_json() if self.was else None,
            "now": self.now.to_json() if self.now else None,
        }


@dataclass
class EntityChanges:
    """The changes about one entity (the subject of the facts), with its label."""

    entity: str
    label: str | None
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class VersionName:
    """A version as the user named it: a revision and its commit, or the working tree (both None)."""

    revision: str | None = None
    commit: str | None = None

    def __str__(self) -> str:
        if self.revision is None:
            return WORKING_TREE
        return f"{self.revision} ({(self.commit or '')[:7]})"

    def to_json(self) -> dict[str, object]:
        return {"revision": self.revision, "commit": self.commit}


@dataclass
class Diff:
    """The difference between two versions of the data, by entity, in a stable order."""

    base: VersionName
    head: VersionName
    data: str
    entities: list[EntityChanges] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for e in self.entities for c in e.changes if c.kind == kind)


# ---------------------------------------------------------------------------------------------------------
# Reading a version


@dataclass
class Version:
    """Every asserted quad of one version, with the place of each (its first statement)."""

    name: VersionName
    places: dict[ox.Quad, Place] = field(default_factory=dict)


def _parse(raw: bytes, name: str) -> tuple[list[ox.Triple], list[int]]:
    decode(raw, name)
    parsed = parse_turtle(raw, lines=True)
    if parsed.problems:
        problem = parsed.problems[0]
        raise InputError(
            f"Turtle syntax error: {problem.message}",
            position=Position(name, problem.line, problem.column),
            hint="the build could not read this version either: fix the file, or compare other versions",
        )
    return parsed.triples, parsed.lines


def _version(name: VersionName, files: Iterable[tuple[str, ox.NamedNode, bytes]]) -> Version:
    """A version from its files: (display name, named graph, content)."""
    quads: list[ox.Quad] = []
    lines: list[Place] = []
    for shown, graph, raw in files:
        triples, at = _parse(raw, shown)
        quads += [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
        lines += [Place(shown, line) for line in at]
    # Parsers name blank nodes at random: named from their content, the same node matches in both
    # versions (a shared blank node cannot be named so: its facts then show as removed and added).
    with suppress(UnsupportedBlankNodes):
        quads = stable_labels(quads)
    version = Version(name)
    for quad, place in zip(quads, lines, strict=True):
        version.places.setdefault(quad, place)
    return version


def _graph(rel: PurePosixPath, data: PurePosixPath, ontology: PurePosixPath | None) -> ox.NamedNode | None:
    if rel == ontology:
        return ox.NamedNode(ONTOLOGY_GRAPH)
    if rel.suffix != ".ttl":
        return None
    item = data_file(Path(rel), Path(data))
    return ox.NamedNode(item.graph) if item else None


def _from_tree(where: Layout, with_ontology: bool, limit: int) -> Version:
    paths = [where.ontology_file] if with_ontology else []
    paths += sorted(where.data.rglob("*.ttl"))
    files = []
    total = 0
    for path in paths:
        graph = ox.NamedNode(ONTOLOGY_GRAPH) if path == where.ontology_file else None
        if graph is None:
            item = data_file(path, where.data)
            if item is None:
                continue
            graph = ox.NamedNode(item.graph)
        raw = read_file(path, limit=limit - total)
        total += len(raw)
        if total > limit:
            raise _too_large(limit)
        files.append((display_path(path), graph, raw))
    return _version(VersionName(), files)


def _from_commit(
    checkout: Checkout, commit: Commit, data: PurePosixPath, ontology: PurePosixPath | None, limit: int
) -> Version:
    blobs = checkout.blobs(commit, [data] + ([ontology] if ontology else []))
    chosen = [(b, g) for b in blobs if (g := _graph(b.path, data, ontology)) is not None]
    if not any(b.path != ontology for b, _ in chosen):
        raise UsageError(
            f"the revision {commit.name!r} has no data files in {data}/",
            hint="name a revision of this data folder",
        )
    contents = checkout.read([b for b, _ in chosen], limit=limit)
    files = [(f"{commit.name}:{b.path}", g, contents[b.path]) for b, g in chosen]
    return _version(VersionName(commit.name, commit.sha), files)


def _too_large(limit: int) -> UsageError:
    return UsageError(
        f"the data files hold more than {limit:,} bytes, the limit", hint="raise the limit with --max-bytes"
    )


# ---------------------------------------------------------------------------------------------------------
# Comparing


def _label(entity: Term, versions: Sequence[Version]) -> str | None:
    for version in versions:  # the newer version's label first
        found: list[ox.Literal] = [
            q.object
            for q in version.places
            if q.subject == entity and q.predicate in _LABELS and isinstance(q.object, ox.Literal)
        ]
        if found:
            english = [lit for lit in found if (lit.language or "").startswith("en")]
            return sorted(lit.value for lit in english or found)[0]
    return None


def _functional(versions: Sequence[Version]) -> set[ox.NamedNode]:
    return {
        q.subject
        for v in versions
        for q in v.places
        if q.predicate == RDF_TYPE and q.object == _FUNCTIONAL and isinstance(q.subject, ox.NamedNode)
    }


def _same_slot(before: Term, after: Term) -> bool:
    if isinstance(before, ox.Literal) and isinstance(after, ox.Literal):
        return (before.language or "") == (after.language or "")
    return False


def compare(base: Version, head: Version, *, data: str) -> Diff:
    """The difference from `base` to `head`, grouped by subject, each group sorted."""
    removed = [q for q in base.places if q not in head.places]
    added = [q for q in head.places if q not in base.places]
    functional = _functional((head, base))
    # How many values each (subject, property, section) has in each version: a slot that had one value and
    # has one, a different one, is a changed value.
    before_count: dict[tuple[Term, Term, object], int] = defaultdict(int)
    after_count: dict[tuple[Term, Term, object], int] = defaultdict(int)
    for quad in base.places:
        before_count[(quad.subject, quad.predicate, quad.graph_name)] += 1
    for quad in head.places:
        after_count[(quad.subject, quad.predicate, quad.graph_name)] += 1
    gone = {(q.subject, q.predicate, q.graph_name): q for q in removed}
    changes: dict[Term, list[Change]] = defaultdict(list)
    paired: set[ox.Quad] = set()
    for quad in added:
        slot = (quad.subject, quad.predicate, quad.graph_name)
        old = gone.get(slot)
        if (
            old is not None
            and before_count[slot] == 1
            and after_count[slot] == 1
            and (quad.predicate in functional or _same_slot(old.object, quad.object))
        ):
            paired.add(old)
            changes[quad.subject].append(
                _change(
                    CHANGED,
                    quad,
                    before=old.object,
                    after=quad.object,
                    was=base.places[old],
                    now=head.places[quad],
                )
            )
        else:
            changes[quad.subject].append(_change(ADDED, quad, after=quad.object, now=head.places[quad]))
    for quad in removed:
        if quad not in paired:
            changes[quad.subject].append(_change(REMOVED, quad, before=quad.object, was=base.places[quad]))
    out = Diff(base.name, head.name, data)
    for subject in sorted(changes, key=_sort_term):
        group = EntityChanges(_key(subject), _label(subject, (head, base)))
        group.changes = sorted(changes[subject], key=_sort_change)
        out.entities.append(group)
    return out


def _key(term: Term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value  # type: ignore[union-attr]


def _sort_term(term: Term) -> tuple[int, str]:
    return (1 if isinstance(term, ox.BlankNode) else 0, _key(term))


def _sort_change(change: Change) -> tuple[int, str, str, str, str]:
    """As the canonical Turtle writes an entity: its type first, then its labels, then by property."""
    first = _FIRST.get(change.property, 2)
    return (
        first,
        _name(change.property),
        change.before or change.after or "",
        change.after or "",
        change.section,
    )


_FIRST = {RDF_TYPE.value: 0, RDFS + "label": 1, SKOS + "prefLabel": 1}


def _change(
    kind: str,
    quad: ox.Quad,
    *,
    before: Term | None = None,
    after: Term | None = None,
    was: Place | None = None,
    now: Place | None = None,
) -> Change:
    return Change(
        kind,
        quad.predicate.value,
        quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else "",
        ntriples(before) if before is not None else None,
        ntriples(after) if after is not None else None,
        was,
        now,
    )


def diff(
    base: str,
    head: str | None = None,
    *,
    data: Path | str | None = None,
    timeout: float | None = GIT_TIMEOUT,
    max_bytes: int = DEFAULT_DIFF_MAX_BYTES,
) -> Diff:
    """What changed in the data from the git revision `base` to `head` (a revision; None: the working tree).

    The revisions are those of the git checkout the data folder (default: the project's data/) is in.
    Raises UsageError (exit code 2) for a folder outside a git checkout, a revision that names no commit
    or has no data files, or versions over `max_bytes`; InputError for a file that cannot be read;
    QueryTimeout when git does not answer within `timeout` seconds.
    """
    where = layout(data)
    try:
        checkout = Checkout.of(where.data, timeout=timeout)
    except NotACheckout as exc:
        raise UsageError(
            f"cannot compare versions: {exc.message}", hint="run diff on a data folder inside a git checkout"
        ) from None
    data_rel = checkout.relative(where.data)
    if data_rel is None:  # a link out of the checkout
        raise UsageError(
            f"the data folder {display_path(where.data)} is not inside the checkout {checkout.top}"
        )
    ontology_rel = checkout.relative(where.ontology_file)
    base_commit = checkout.commit(base)
    head_commit = checkout.commit(head) if head is not None else None
    old = _from_commit(checkout, base_commit, data_rel, ontology_rel, max_bytes)
    if head_commit is None:
        new = _from_tree(where, ontology_rel is not None, max_bytes)
    else:
        new = _from_commit(checkout, head_commit, data_rel, ontology_rel, max_bytes)
    return compare(old, new, data=display_path(where.data).rstrip("/") + "/")


def removed_triples(
    base: Sequence[ox.Triple], base_lines: Sequence[int], now: Iterable[ox.Triple]
) -> list[tuple[ox.Triple, int]]:
    """The triples of a file's base version that its new version no longer states, with the line each
    ended on there, in the base file's order."""
    try:
        old = stable_triples(base)
        current = set(stable_triples(now))
    except UnsupportedBlankNodes:
        old, current = list(base), set(now)
    out: dict[ox.Triple, int] = {}
    for triple, line in zip(old, base_lines, strict=True):
        if triple not in current:
            out.setdefault(triple, line)
    return list(out.items())


def replacements(
    removed: Iterable[ox.Triple], base: Iterable[ox.Triple], now: Iterable[ox.Triple]
) -> dict[ox.Triple, Term]:
    """For each removed triple whose value was changed rather than dropped, the new value: the rule of
    `compare` for one file (one value of the property before and one after, literals in one language)."""
    before: dict[tuple[Term, Term], set[Term]] = defaultdict(set)
    after: dict[tuple[Term, Term], set[Term]] = defaultdict(set)
    for triple in base:
        before[(triple.subject, triple.predicate)].add(triple.object)
    for triple in now:
        after[(triple.subject, triple.predicate)].add(triple.object)
    out: dict[ox.Triple, Term] = {}
    for triple in removed:
        old, new = before[(triple.subject, triple.predicate)], after[(triple.subject, triple.predicate)]
        if len(old) == 1 and len(new) == 1:
            value = next(iter(new))
            if value != triple.object and _same_slot(triple.object, value):
                out[triple] = value
    return out


# ---------------------------------------------------------------------------------------------------------
# Writing


def show(value: str) -> str:
    """A term in N-Triples form as a person writes it in Turtle (prefixed names, short datatypes)."""
    term = from_ntriples(value)
    if isinstance(term, ox.NamedNode):
        return short(term.value, _DISPLAY_PREFIXES)
    if isinstance(term, ox.Literal):
        text = json.dumps(term.value, ensure_ascii=False)
        if term.language:
            return f"{text}@{term.language}"
        datatype = datatype_of(term)
        return f"{text}^^{short(datatype, _DISPLAY_PREFIXES)}" if datatype else text
    return value


def _name(iri: str) -> str:
    return iri if iri.startswith("_:") else short(iri, _DISPLAY_PREFIXES)


def _plural(n: int, word: str, words: str) -> str:
    return f"{n:,} {word if n == 1 else words}"


def headline(result: Diff) -> str:
    """One line: which versions, and how many facts changed in how many entities."""
    versions = f"{result.base} → {result.head}"
    if not result.entities:
        return f"{versions}: no fact added, removed or changed in {result.data}"
    counts = (
        f"{_plural(result.count(ADDED), 'fact', 'facts')} added, {result.count(REMOVED):,} removed, "
        f"{result.count(CHANGED):,} changed"
    )
    return f"{versions}: {counts}, in {_plural(len(result.entities), 'entity', 'entities')}"


_SIGN = {ADDED: "+", REMOVED: "-", CHANGED: "~"}


def _values(change: Change) -> list[str]:
    """The value shown: the one added or removed, or the old and the new one."""
    return [show(v) for v in (change.before, change.after) if v is not None]


def _value_text(change: Change) -> str:
    return " → ".join(_values(change))


def _where_text(change: Change) -> str:
    places = [str(change.now)] if change.now else []
    if change.was:
        places.append(f"was {change.was}" if change.now else str(change.was))
    return "; ".join([_name(change.section), *places])


def to_text(result: Diff) -> str:
    """Entities in order, each with its label, then its facts: `+` added, `-` removed, `~` changed."""
    out = []
    for group in result.entities:
        title = _name(group.entity) + (f"  {group.label}" if group.label else "")
        out.append(title)
        for change in group.changes:
            fact = f"{_SIGN[change.kind]} {_name(change.property)} {_value_text(change)}"
            out.append(f"  {fact}  ({_where_text(change)})")
        out.append("")
    out.append(headline(result))
    return "\n".join(out) + "\n"


def _code(text: str) -> str:
    """Markdown code, safe in a table cell: a fence longer than any run of backticks, pipes escaped."""
    longest = max((len(run) for run in _runs(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}".replace("|", "\\|")


def _runs(text: str) -> list[str]:
    runs, current = [], ""
    for char in text:
        if char == "`":
            current += char
        elif current:
            runs.append(current)
            current = ""
    return [*runs, current] if current else runs


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~"})


def _escape(text: str) -> str:
    return " ".join(text.split()).translate(_MARKDOWN_SPECIAL)


def to_markdown(result: Diff) -> str:
    """A pull-request comment: the headline, then a table of the facts of each entity."""
    out = [f"**cybergraph diff** {_escape(headline(result))}", ""]
    size = len(out[0])
    for i, group in enumerate(result.entities):
        title = f"#### {_code(_name(group.entity))}" + (f" {_escape(group.label)}" if group.label else "")
        rows = [title, "", "| | property | value | section | where |", "|---|---|---|---|---|"]
        for change in group.changes:
            value = " → ".join(_code(v) for v in _values(change))
            where = [_code(str(change.now))] if change.now else []
            if change.was:
                where.append(f"was {_code(str(change.was))}" if change.now else _code(str(change.was)))
            cells = [change.kind, _code(_name(change.property)), value, _code(_name(change.section))]
            rows.append("| " + " | ".join([*cells, "<br>".join(where)]) + " |")
        rows.append("")
        block = "\n".join(rows)
        if size + len(block) > _MARKDOWN_LIMIT:
            left = len(result.entities) - i
            more = _plural(left, "more entity", "more entities")
            out.append(f"… and {more}: run `cybergraph diff` for the whole list.")
            out.append("")
            break
        out.append(block)
        size += len(block)
    return "\n".join(out).rstrip("\n") + "\n"


def to_json(result: Diff) -> str:
    document = {
        "base": result.base.to_json(),
        "head": result.head.to_json(),
        "data": result.data,
        "summary": {
            ADDED: result.count(ADDED),
            REMOVED: result.count(REMOVED),
            CHANGED: result.count(CHANGED),
            "entities": len(result.entities),
        },
        "entities": [
            {"entity": g.entity, "label": g.label, "changes": [c.to_json() for c in g.changes]}
            for g in result.entities
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render(result: Diff, fmt: str) -> str:
    """The difference in one of FORMATS."""
    if fmt == "text":
        return to_text(result)
    if fmt == "markdown":
        return to_markdown(result)
    if fmt == "json":
        return to_json(result)
    raise ValueError(f"unknown format {fmt!r}")

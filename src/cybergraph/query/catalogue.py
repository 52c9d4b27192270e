"""The catalogue of stored queries (`queries/<name>.rq`) and the header each one opens with.

A stored query is a SPARQL file whose first comment lines the tool reads:

    # title: Timeline of instruments and events
    # question: What was adopted, opened, entered into force or held, in date order,
    #   between two years?
    # param: from (integer, default 1980, example 2000) first year
    # param: to (integer, default 2030, example 2005) last year
    # example: cybergraph query timeline --param from=2000 --param to=2005
    #
    # Free comments may follow a line holding only `#`.
    PREFIX cg: <https://w3id.org/cybergraph/def#>
    SELECT … WHERE { … FILTER(?year >= ?from && ?year <= ?to) } ORDER BY …

Keys: `title`, `question`, `param` (repeated), `example` (repeated), and `view`: how the question's
web page shows its answer by default, `table` (when left out), `timeline` or `network`. A line that
starts with `#` and at least two spaces continues the entry above it. A parameter is
`NAME (TYPE[, default V][, example V][, optional]) description`, TYPE one of entity, literal, date,
integer; values with commas or parentheses go in double quotes. Without a default and without
`optional` a parameter is required; an optional parameter without a value stays unbound, so its
variable matches anything.

Parameters are bound by a VALUES block at the top of the WHERE clause. Use them in triple patterns
anywhere, and in FILTER or BIND of the WHERE clause's own group: a FILTER inside a nested group,
OPTIONAL or GRAPH block does not see them, and a sub-SELECT sees them only if it projects them.

Answers must not depend on the engine (`cybergraph queries --check` and the tests hold every stored query
to this, on the embedded store, an Oxigraph server, Virtuoso and rdflib, each loading the published dump
the standard way): declare every prefix, ORDER BY completely, avoid GROUP_CONCAT and SAMPLE. Plain
patterns read the default graph, where every fact is once; a pattern that cites provenance reads
`GRAPH ?section` and restricts it to sources and sections (`?section cg:locator ?l`, `?section a
cg:SourceSection`, or STRSTARTS on the entity namespace), because some stores list other graphs there
(Virtuoso its own, and the graph it keeps the dump's default graph in); use DISTINCT where a fact stated
by two sections would give two rows. Virtuoso 7 mis-evaluates a few constructs, so the stored queries
avoid them: BNODE() (use a blank node of the CONSTRUCT template), FILTER EXISTS over a UNION (join a
sub-SELECT), OPTIONAL followed by FILTER(BOUND(…)) of its variable (make the pattern required), a path
such as `rdfs:subClassOf+` in a FILTER NOT EXISTS inside an OPTIONAL (the dump's inferred closure holds
every superclass link, so one step does), CONCAT or COALESCE relying on an unbound value being an
error (Virtuoso concatenates it as empty), ORDER BY LCASE(…) of a language-tagged label's STR (write
STR(LCASE(…))).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from cybergraph.core.errors import InputError, UsageError
from cybergraph.core.positions import Position, display_path
from cybergraph.core.resources import ROOT
from cybergraph.query.params import NAME, ParamError, ParamSpec, ParamType, convert

KEYS = ("title", "question", "param", "example", "view")
#: The ways a question's page can show its answer (`# view:`); the first is the default.
VIEWS = ("table", "timeline", "network")
QUERY_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_KEY_LINE = re.compile(r"^#\s?([A-Za-z][\w-]*)\s*:\s?(.*)$")
_CONTINUATION = re.compile(r"^#(?:\s{2,}|\t)(\S.*)$")


def folder() -> Path:
    """Where the stored queries live."""
    return ROOT / "queries"


@dataclass(frozen=True)
class StoredQuery:
    """A query with its header: what it answers and the parameters it takes."""

    name: str
    text: str
    origin: str
    title: str = ""
    question: str = ""
    params: tuple[ParamSpec, ...] = ()
    examples: tuple[str, ...] = ()
    path: Path | None = None
    view: str = VIEWS[0]
    # The line of each header entry, for messages about it: ("param", "from") -> 3.
    lines: dict[tuple[str, str], int] = field(default_factory=dict, compare=False, repr=False)

    def param(self, name: str) -> ParamSpec | None:
        return next((p for p in self.params if p.name == name), None)

    def example_params(self, index: int = 0) -> dict[str, str]:
        """The --param values of one of the header's example invocations."""
        return example_args(self.examples[index], self.name, origin=self.origin)[1]

    @property
    def label(self) -> str:
        """How messages name the query."""
        return f"query {self.name!r}" if self.path else "the query"


def _split_options(text: str, pos: Position) -> list[str]:
    items, current, quoted = [], "", False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            quoted = not quoted
            current += ch
        elif ch == "\\" and quoted and i + 1 < len(text):
            current += text[i : i + 2]
            i += 1
        elif ch == "," and not quoted:
            items.append(current.strip())
            current = ""
        else:
            current += ch
        i += 1
    if quoted:
        raise InputError("a quoted value in the parameter is not closed", position=pos)
    items.append(current.strip())
    return items


def _value(text: str, pos: Position) -> str:
    if text.startswith('"'):
        import json  # only a quoted value needs it

        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            raise InputError(f"bad quoted value {text}", position=pos, hint='write it as "…"') from None
        if not isinstance(value, str):
            raise InputError(f"bad quoted value {text}", position=pos)
        return value
    return text


def parse_param(text: str, pos: Position) -> ParamSpec:
    """One `param:` entry: `NAME (TYPE, default V, example V, optional) description`."""
    match = re.match(r"^([A-Za-z_]\w*)\s*\(", text)
    if not match:
        raise InputError(
            f"bad parameter {text!r}",
            position=pos,
            hint="write: # param: NAME (TYPE, default VALUE, example VALUE) description",
        )
    name = match.group(1)
    # The options end at the first ")" outside double quotes.
    quoted, end = False, -1
    for i in range(match.end(), len(text)):
        if text[i] == '"' and text[i - 1] != "\\":
            quoted = not quoted
        elif text[i] == ")" and not quoted:
            end = i
            break
    if end < 0:
        raise InputError(f"parameter {name}: no closing parenthesis", position=pos)
    options = _split_options(text[match.end() : end], pos)
    description = text[end + 1 :].strip()
    types = {t.value: t for t in ParamType}
    if not options or options[0] not in types:
        raise InputError(
            f"parameter {name}: unknown type {options[0] if options else ''!r}",
            position=pos,
            hint=f"the types: {', '.join(types)}",
        )
    kind = types[options[0]]
    default = example = None
    optional = False
    for option in options[1:]:
        word, _, rest = option.partition(" ")
        if word == "default" and rest.strip():
            default = _value(rest.strip(), pos)
        elif word == "example" and rest.strip():
            example = _value(rest.strip(), pos)
        elif option == "optional":
            optional = True
        else:
            raise InputError(
                f"parameter {name}: unknown option {option!r}",
                position=pos,
                hint="options after the type: default VALUE, example VALUE, optional",
            )
    spec = ParamSpec(name, kind, default, example, optional, description)
    for label, value in (("default", default), ("example", example)):
        if value is not None:
            try:
                convert(spec, value)
            except ParamError as exc:
                raise InputError(
                    f"parameter {name}: the {label} is not {kind.value}: {exc}",
                    position=pos,
                    hint=f"expected {kind.expected}",
                ) from None
    return spec


def parse(text: str, *, name: str, origin: str, path: Path | None = None, stored: bool = True) -> StoredQuery:
    """A query and its header; a stored query must have a title, a question and an example."""
    entries: list[tuple[str, str, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.rstrip()
        if not stripped.startswith("#") or stripped.strip("#").strip() == "":
            break
        continuation = _CONTINUATION.match(stripped)
        key_line = _KEY_LINE.match(stripped)
        if continuation and entries:
            key, value, at = entries[-1]
            entries[-1] = (key, f"{value} {continuation.group(1).strip()}".strip(), at)
        elif key_line and key_line.group(1).lower() in KEYS:
            entries.append((key_line.group(1).lower(), key_line.group(2).strip(), number))
        elif not stored and not entries:
            break  # a query of one's own may open with any comment
        else:
            found = f"key {key_line.group(1)!r}" if key_line else "line"
            raise InputError(
                f"unknown header {found}",
                position=Position(origin, number, 1),
                hint="header lines are '# title:', '# question:', '# param:', '# example:' or '# view:';"
                " end the header with a line holding only '#' to write free comments after it",
            )
    title = question = ""
    view = VIEWS[0]
    params: list[ParamSpec] = []
    examples: list[str] = []
    lines: dict[tuple[str, str], int] = {}
    for key, value, number in entries:
        pos = Position(origin, number, 1)
        if key == "view":
            if lines.get((key, "")):
                raise InputError("a second view", position=pos)
            if value not in VIEWS:
                raise InputError(
                    f"unknown view {value!r}", position=pos, hint=f"the views: {', '.join(VIEWS)}"
                )
            lines[(key, "")] = number
            view = value
        elif key in ("title", "question"):
            if lines.get((key, "")):
                raise InputError(f"a second {key}", position=pos)
            if not value:
                raise InputError(f"an empty {key}", position=pos)
            lines[(key, "")] = number
            if key == "title":
                title = value
            else:
                question = value
        elif key == "param":
            spec = parse_param(value, pos)
            if spec.name in {p.name for p in params}:
                raise InputError(f"parameter {spec.name} is declared twice", position=pos)
            params.append(spec)
            lines[("param", spec.name)] = number
        else:
            examples.append(value)
            lines[("example", str(len(examples) - 1))] = number
    if stored:
        for key, value in (("title", title), ("question", question)):
            if not value:
                raise InputError(
                    f"the header has no {key}",
                    position=Position(origin, 1, 1),
                    hint=f"add a line '# {key}: …' at the top",
                )
        if not examples:
            raise InputError(
                "the header has no example",
                position=Position(origin, 1, 1),
                hint=f"add a line '# example: cybergraph query {name} …'",
            )
    query = StoredQuery(
        name=name,
        text=text,
        origin=origin,
        title=title,
        question=question,
        params=tuple(params),
        examples=tuple(examples),
        path=path,
        view=view,
        lines=lines,
    )
    for index, example in enumerate(examples):
        pos = Position(origin, lines[("example", str(index))], 1)
        example_args(example, name, origin=origin, pos=pos, query=query if stored else None)
    return query


def example_args(
    example: str, name: str, *, origin: str, pos: Position | None = None, query: StoredQuery | None = None
) -> tuple[list[str], dict[str, str]]:
    """The words of an example invocation and its --param values; checks them against `query`."""
    pos = pos or Position(origin)
    try:
        words = shlex.split(example)
    except ValueError as exc:
        raise InputError(f"the example cannot be read: {exc}", position=pos) from None
    if query is not None and words[:3] != ["cybergraph", "query", name]:
        raise InputError(
            f"the example does not run this query: {example}",
            position=pos,
            hint=f"start it with: cybergraph query {name}",
        )
    values: dict[str, str] = {}
    for i, word in enumerate(words):
        pair = None
        if word == "--param" and i + 1 < len(words):
            pair = words[i + 1]
        elif word.startswith("--param="):
            pair = word.removeprefix("--param=")
        if pair is None:
            continue
        key, _, value = pair.partition("=")
        values[key] = value
        if query is None:
            continue
        spec = query.param(key)
        if spec is None:
            raise InputError(f"the example gives an unknown parameter {key!r}", position=pos)
        try:
            convert(spec, value)
        except ParamError as exc:
            raise InputError(f"the example's {key} is not {spec.type.value}: {exc}", position=pos) from None
    return words, values


def load_file(path: Path, *, stored: bool = True) -> StoredQuery:
    """A query file and its header (for a user's own file, the header is optional)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot read the query: {exc.strerror}", position=Position(display_path(path))
        ) from None
    except UnicodeDecodeError:
        raise InputError("the query is not UTF-8 text", position=Position(display_path(path))) from None
    return parse(text, name=path.stem, origin=display_path(path), path=path, stored=stored)


def from_text(text: str, *, origin: str = "<--sparql>") -> StoredQuery:
    """A query given on the command line."""
    return parse(text, name="sparql", origin=origin, stored=False)


def names(where: Path | None = None) -> list[str]:
    where = where or folder()
    return sorted(p.stem for p in where.glob("*.rq"))


def catalogue(where: Path | None = None) -> list[StoredQuery]:
    """Every stored query, by name."""
    where = where or folder()
    return [load_file(where / f"{n}.rq") for n in names(where)]


def find(name: str, where: Path | None = None) -> StoredQuery:
    """The stored query called `name`; an unknown name is a UsageError that suggests near ones."""
    where = where or folder()
    known = names(where)
    if not QUERY_NAME.match(name) or name not in known:
        import difflib  # only for the suggestions of an error

        near = difflib.get_close_matches(name, known, n=3, cutoff=0.75)
        hint = f"did you mean {', '.join(near)}? " if near else ""
        raise UsageError(
            f"no stored query {name!r}",
            hint=hint + "`cybergraph queries` lists them; run your own with --file or --sparql",
        )
    return load_file(where / f"{name}.rq")


def ontology_terms(path: Path | None = None) -> set[str]:
    """Every IRI the ontology describes."""
    import pyoxigraph as ox

    path = path or ROOT / "ontology" / "cybergraph.ttl"
    return {q.subject.value for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}


# Aggregates whose result the standard leaves to the engine.
_ENGINE_CHOICE = {
    "GROUP_CONCAT": "its values in an order the engine chooses",
    "SAMPLE": "a value the engine chooses",
}


def check(
    queries: list[StoredQuery] | None = None, *, terms: set[str] | None = None, namespace: str | None = None
) -> list[InputError]:
    """Problems of stored queries beyond their headers, each at its file, line and column.

    A parameter the query does not use; a syntax error; a SERVICE (stored queries stay off the network);
    a SELECT without ORDER BY, GROUP_CONCAT or SAMPLE (the output would depend on the engine); a term of
    our namespace that the ontology does not define. A header that cannot be read is raised by
    `catalogue()` instead.
    """
    from cybergraph.query.guard import Unreadable, check_size, inspect, keyword_position, own_graph
    from cybergraph.query.sparql import Query, check_syntax
    from cybergraph.rdf.terms import PREFIXES, TERMS

    queries = catalogue() if queries is None else queries
    terms = ontology_terms() if terms is None else terms
    ns = namespace or TERMS
    problems: list[InputError] = []
    for stored in queries:
        query = Query(stored.text, origin=stored.origin)
        try:
            # The complete SPARQL 1.1 grammar first: stored queries are run without this check.
            check_size(stored.text, stored.origin)
            facts = inspect(stored.text)
        except Unreadable as problem:
            problems.append(
                InputError(
                    f"the SPARQL 1.1 grammar cannot read the query: {problem.message}",
                    position=Position(stored.origin, problem.line, problem.column),
                    hint="stored queries are written in SPARQL 1.1",
                )
            )
            continue
        except InputError as exc:
            problems.append(exc)
            continue
        for service in facts.services:
            problems.append(
                InputError(
                    f"a stored query may not use SERVICE ({service})",
                    position=keyword_position(stored.text, "service", stored.origin),
                    hint="stored queries run on the graph alone",
                )
            )
        for graph in facts.graphs:
            if not own_graph(graph):
                problems.append(
                    InputError(
                        f"a stored query may not name the graph <{graph}> in FROM: it is not one of this"
                        " dataset's graphs",
                        position=keyword_position(stored.text, "from", stored.origin),
                    )
                )
        # A query that would reach out is never handed to an engine, not even to check its syntax.
        if not facts.services and all(own_graph(g) for g in facts.graphs):
            try:
                check_syntax(query, prefixes={})
            except InputError as exc:
                problems.append(exc)
                continue
        if not QUERY_NAME.match(stored.name):
            problems.append(
                InputError(
                    f"the file name {stored.name!r} is not a query name",
                    position=Position(stored.origin),
                    hint="use lower-case letters, digits and hyphens",
                )
            )
        used = query.variables
        for spec in stored.params:
            if not NAME.match(spec.name) or spec.name not in used:
                problems.append(
                    InputError(
                        f"parameter {spec.name} is not used in the query (no ?{spec.name})",
                        position=Position(stored.origin, stored.lines.get(("param", spec.name)), 1),
                    )
                )
        toks = query.tokens
        params = {p.name for p in stored.params}
        for i, tok in enumerate(toks[:-1]):
            target = toks[i + 1].text[1:]
            if tok.kind == "word" and tok.upper == "AS" and target in params:
                problems.append(
                    InputError(
                        f"parameter {target} is also set by the query (AS ?{target})",
                        position=query.position(toks[i + 1].start),
                        hint="parameters are bound before the WHERE clause runs: rename the computed value",
                    )
                )
        if query.form == "SELECT" and not query.ordered:
            problems.append(
                InputError(
                    "the SELECT has no ORDER BY",
                    position=query.position(query.form_start),
                    hint="order the rows completely, so that every engine gives the same bytes",
                )
            )
        for tok in query.tokens:
            if tok.kind == "word" and tok.upper in _ENGINE_CHOICE:
                problems.append(
                    InputError(
                        f"{tok.upper} gives {_ENGINE_CHOICE[tok.upper]}",
                        position=query.position(tok.start),
                        hint="so engines give different answers: return one row per value, or use MIN or MAX",
                    )
                )
        for iri, offset in query.iris(PREFIXES):
            if iri.startswith(ns) and iri not in terms:
                local = iri[len(ns) :]
                import difflib

                near = difflib.get_close_matches(
                    ns + local, sorted(t for t in terms if t.startswith(ns)), n=1
                )
                problems.append(
                    InputError(
                        f"cg:{local} is not defined by the ontology",
                        position=query.position(offset),
                        hint=f"did you mean cg:{near[0][len(ns) :]}?" if near else None,
                    )
                )
    return problems

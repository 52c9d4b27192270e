"""`validate()`: check a contribution (or the whole graph) and return a report of findings, never print.

With files, they are validated as a contribution merged into the built graph, so references to existing
entities resolve; without files, the whole graph is validated, every data file through the same checks
(see checks.CHECKS for the list and its order). Each file is read and parsed once.

A contributed file in the data folder's facts/ is the new version of that file: the graph it is merged
into is built without it. Everything runs under `sandbox.run_limited`: no network, and a time limit.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cybergraph.core.errors import CybergraphError, UsageError
from cybergraph.core.files import temp_folder
from cybergraph.core.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_TRIPLES, DEFAULT_TIMEOUT
from cybergraph.core.positions import display_path
from cybergraph.core.resources import Layout, layout
from cybergraph.core.sandbox import run_limited
from cybergraph.graph.build import BuiltGraph, build
from cybergraph.graph.datafiles import FACTS_FOLDER, data_files
from cybergraph.rdf.read import read_bytes
from cybergraph.validation import removal
from cybergraph.validation.checks import Context, inside, run
from cybergraph.validation.findings import Report, quiet_rdflib
from cybergraph.validation.syntax import Input, ParsedFile, parse, read_inputs

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_TRIPLES", "DEFAULT_TIMEOUT", "Input", "Report", "validate"]

TEMP_PREFIX = "cybergraph-validate-"  # + pid-random: the temporary data folder of a contribution


def validate(
    files: Sequence[Path | str | Input] | None = None,
    *,
    data: Path | str | None = None,
    graph: BuiltGraph | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_triples: int = DEFAULT_MAX_TRIPLES,
    stdin_name: str | None = None,
    base: str | None = None,
    fail_on_removal: bool = False,
) -> Report:
    """Validate `files` (paths, `-` for standard input, or Input) against the graph; None: the whole graph.

    `data` is the data folder (default: the project's data/); `graph` a graph already built from it.
    `timeout` (seconds, None for no limit) bounds the whole validation, reading standard input included;
    `max_bytes` the contribution's size (no more is ever read) and `max_triples` its number of triples
    (parsing stops there); `stdin_name` validates standard input as if it were that file. `strict` makes
    warnings count against conformance. `base` names a git revision (such as "HEAD") to compare each file
    with its committed version there: each fact it no longer states is a finding of the removal check, a
    warning, or an error with `fail_on_removal` (the command line compares with HEAD by default; here,
    None compares nothing). Raises InputError (exit code 2) for input that is not Turtle text or over a
    limit, UsageError for a revision that names no commit, QueryTimeout at the time limit.
    """
    if timeout is not None and timeout <= 0:
        raise UsageError("the time limit must be a positive number of seconds")
    if max_bytes <= 0:
        raise UsageError("the size limit must be a positive number of bytes")
    if max_triples <= 0:
        raise UsageError("the limit of triples must be a positive number")
    start = time.monotonic()
    inputs = (
        read_inputs(files, max_bytes=max_bytes, stdin_name=stdin_name, timeout=timeout, started=start)
        if files
        else None
    )
    if data is not None:
        data = Path(data).resolve()  # build() names files by their file: URI, which needs an absolute path
    where = layout(data)
    named = (
        [(i.name, i.path) for i in inputs]
        if inputs is not None
        else [(display_path(i.path), i.path) for i in data_files(where)]
    )
    bases = removal.read_bases(
        named,
        where.data,
        base,
        limit=max_bytes,
        deadline=None if timeout is None else start + timeout,
        whole_graph=inputs is None,
        fail=fail_on_removal,
    )
    _preload()
    with ExitStack() as stack:
        # The graph is built (or taken from the cache) here, and the checks run in the worker: the
        # worker is forked, and an embedded store cannot be written in a process forked from one that
        # has a store open. The build is trusted work; the time it took counts against the limit.
        target = _prepare(inputs, data, graph, stack)
        target.bases = bases
        target.data = where.data
        report = run_limited(lambda: _run(inputs, target, max_triples), timeout=timeout, started=start)
    report.strict = strict
    return report


@dataclass
class _Target:
    """The graph the checks run against, as prepared before the worker starts."""

    where: Layout
    built: BuiltGraph | None
    failure: CybergraphError | None = None  # why the whole graph could not be built
    bases: removal.Bases = field(default_factory=removal.Bases)  # the committed versions to compare with
    data: Path | None = None  # the user's data folder (`where` may be a folder of links to its files)


def _prepare(
    inputs: list[Input] | None, data: Path | None, graph: BuiltGraph | None, stack: ExitStack
) -> _Target:
    where = layout(data)
    if graph is not None:
        return _Target(where, graph)
    if inputs is not None:
        built, where = _existing(where, inputs, stack)
        return _Target(where, built)
    try:
        return _Target(where, build(data=where.data))
    except CybergraphError as exc:  # the syntax check reports every syntax error, not only the first
        return _Target(where, None, exc)


def _preload() -> None:
    # Imported before the worker is forked, so that it does not pay for them at every validation.
    import owlrl  # noqa: F401
    import pyshacl  # noqa: F401


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's cycle collector looked through every object after each 700 new ones: validation makes
    millions of small objects that live until it ends (a tenth of its time went there)."""
    saved = gc.get_threshold()
    gc.set_threshold(100_000, saved[1], saved[2])
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def _run(inputs: list[Input] | None, target: _Target, max_triples: int) -> Report:
    with quiet_rdflib(), _fewer_collections():
        if inputs is not None:
            files: list[ParsedFile] = []
            for item in inputs:  # the limit is checked as each file is parsed: parsing stops there
                files.append(parse(item, max_triples=max_triples, before=sum(len(f.triples) for f in files)))
            return run(
                Context(
                    target.where,
                    files,
                    contribution=True,
                    built=target.built,
                    bases=target.bases,
                    data_folder=target.data,
                )
            )
        items = [Input(display_path(i.path), read_bytes(i.path), i.path) for i in data_files(target.where)]
        files = [parse(item, allow_empty=True) for item in items]
        context = Context(
            target.where,
            files,
            contribution=False,
            built=target.built,
            failure=target.failure,
            bases=target.bases,
        )
        return run(context)


def _existing(where: Layout, inputs: list[Input], stack: ExitStack) -> tuple[BuiltGraph, Layout]:
    """The graph a contribution is merged into: the data folder without the facts files it changes.

    A facts file of the data folder given as a contribution is its new version, and it is already in the
    data folder: the graph it is checked against is built from the other files, so that its entities are
    new and its findings are its own. Other data files (the source catalogue) are merged as they are.
    """
    changed = {
        rel
        for i in inputs
        if (rel := inside(i.path, where.data)) is not None and rel.parts[0] == FACTS_FOLDER
    }
    if not changed:
        return build(data=where.data), where
    # The other files, linked into a temporary folder (data/ itself is never touched), removed however
    # validation ends; one left by a process killed outright is removed by the next validation.
    folder = stack.enter_context(temp_folder(TEMP_PREFIX))
    for path in sorted(where.data.rglob("*.ttl")):
        rel = path.relative_to(where.data)
        if rel not in changed:
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).symlink_to(path.resolve())
    return build(data=folder), layout(folder)

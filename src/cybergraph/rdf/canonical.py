"""Keeping committed Turtle in canonical form: which files, and rewriting them atomically."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cybergraph.core.files import write_text
from cybergraph.core.positions import display_path
from cybergraph.core.resources import ROOT
from cybergraph.rdf.read import read_triples
from cybergraph.rdf.turtle import to_turtle


def canonical_files() -> list[Path]:
    """The project's committed Turtle files."""
    return sorted(p for folder in ("ontology", "shapes", "data") for p in (ROOT / folder).rglob("*.ttl"))


def canonical_text(path: Path) -> str:
    """The canonical Turtle text of a file's graph; InputError when it cannot be read or parsed."""
    return to_turtle(read_triples(path))


def check_or_write(files: Iterable[Path], *, write: bool) -> list[str]:
    """The files not in canonical form; with `write`, rewrite them.

    Every file is read and rendered before any is written: a file that does not parse (InputError) leaves
    all of them as they were, rather than some rewritten and the rest not.
    """
    pending: list[tuple[Path, str]] = []
    for path in files:
        text = canonical_text(path)
        if path.read_text(encoding="utf-8") != text:
            pending.append((path, text))
    if write:
        for path, text in pending:
            write_text(path, text)
    return [display_path(path) for path, _ in pending]

"""Where in a file a problem is: a path with a 1-based line and column, and offsets turned into them.

>>> str(Position("data/facts/a.ttl", 3, 7))
'data/facts/a.ttl:3:7'
>>> line_col("ab\\ncd", 4)
(2, 2)
>>> LineIndex("ab\\ncd").at(4)
(2, 2)
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Position:
    """Where in a file a problem is: 1-based line and column (never below 1)."""

    path: str
    line: int | None = None
    column: int | None = None

    def __post_init__(self) -> None:
        # A position before the start of the text (a parser's odd offset) is shown at its start.
        if self.line is not None and self.line < 1:
            object.__setattr__(self, "line", 1)
        if self.column is not None and self.column < 1:
            object.__setattr__(self, "column", 1)

    def __str__(self) -> str:
        text = self.path
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset of `text` (clamped to the text)."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class LineIndex:
    """Line and column of many offsets of one text, each found by bisection."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        start = text.find("\n")
        while start >= 0:
            self.starts.append(start + 1)
            start = text.find("\n", start + 1)
        self.length = len(text)

    def at(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self.length))
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


def display_path(path: Path | str) -> str:
    """A path as a user would type it: relative to the working directory when it is below it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)

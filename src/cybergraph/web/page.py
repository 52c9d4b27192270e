"""A rendered page, and data written into one for its scripts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup


@dataclass(frozen=True)
class Page:
    """A rendered page: its HTTP status, its HTML, and whether an answer on it was cut at the row limit."""

    status: int
    html: str
    truncated: bool = False


def script_json(data: Any) -> Markup:
    """Data for a <script type="application/json"> block: sorted keys, and no `<` that could end it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))

"""Where the project's folders and the cache are, as plain paths, from `os` alone.

`core.resources.ROOT` and `graph.cache.cache_root()` are these as `Path`s; a cold `cybergraph query`
(`cli/fast.py`) finds its cache with them without importing pathlib or the dataclasses those modules use.
"""

from __future__ import annotations

import os

_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
_CHECKOUT = os.path.dirname(os.path.dirname(_PACKAGE))


def _root() -> str:
    # A checkout (or an editable install) has the folders beside src/; a wheel carries them as package data.
    if os.path.isfile(os.path.join(_CHECKOUT, "ontology", "cybergraph.ttl")):
        return _CHECKOUT
    return os.path.join(_PACKAGE, "_resources")


#: The folder that holds ontology/, shapes/, data/ and queries/.
ROOT = _root()

#: Seconds a file must be older than before its size and time stand for its bytes (the cache key's
#: shortcut, and the cold query's index): a file changed again within the file system's time resolution
#: could keep both (git's "racily clean" files).
SETTLED = 2.0


def cache_folder() -> str:
    """Where built stores are kept: $CYBERGRAPH_CACHE, else .cache/ in a checkout, else the user cache."""
    chosen = os.environ.get("CYBERGRAPH_CACHE")
    if chosen:
        return chosen
    if os.path.isfile(os.path.join(ROOT, "pyproject.toml")) and os.access(ROOT, os.W_OK):
        return os.path.join(ROOT, ".cache", "cybergraph")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "cybergraph")


def data_folder(data: str | None) -> str:
    """The data folder a command reads, resolved: `data` (--data), else $CYBERGRAPH_DATA, else ROOT/data."""
    chosen = data if data is not None else os.environ.get("CYBERGRAPH_DATA")
    return os.path.realpath(chosen if chosen else os.path.join(ROOT, "data"))

"""cybergraph: a linked-data knowledge graph of international cybersecurity cooperation.

The library API returns values; the `cybergraph` command is a thin layer over it.

>>> import cybergraph
>>> graph = cybergraph.load()  # doctest: +SKIP
"""

from __future__ import annotations

from cybergraph.load import load

__version__ = "0.1.0"

__all__ = ["__version__", "load"]

"""The version of cybergraph (one place; the package and every output that names it read it here)."""

__version__ = "0.1.0"

"""The version of cybergraph (one place; the package and every output that names it read it here)."""

__version__ = "0.1.0"

#: Bump when the build pipeline changes what it produces from the same inputs (a part of every cache key;
#: here, not in graph.build, so that a cold `query` can check its cache without importing the build).
PIPELINE_VERSION = "7"

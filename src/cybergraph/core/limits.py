"""Default limits of validation: light, so the command line can show them without importing the work."""

from __future__ import annotations

DEFAULT_TIMEOUT = 60.0  # seconds
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# A contribution of more triples is refused as soon as it is parsed: validation time grows with the number
# of triples (10,000 new entities of 6 triples each take about 10 s), and so does memory.
DEFAULT_MAX_TRIPLES = 100_000
# What `diff` reads of one version of the data (the project's data is about 1 MB).
DEFAULT_DIFF_MAX_BYTES = 100 * 1024 * 1024

"""Default limits of validation: light, so the command line can show them without importing the work."""

from __future__ import annotations

DEFAULT_TIMEOUT = 60.0  # seconds
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

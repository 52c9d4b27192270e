"""Foundations with no RDF in them: errors and exit codes, positions, folders, files, limits, the sandbox."""

"""Asking the graph: stored questions and their parameters, engines (embedded or remote), results, formats."""

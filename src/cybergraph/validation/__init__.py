"""Checking a contribution (or the whole graph): one pipeline of checks, findings and their report."""

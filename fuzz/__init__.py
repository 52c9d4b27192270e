"""Fuzzing harnesses (`make fuzz`): hostile input for the command line and its parsers."""

"""Options more than one command defines, here so that a command's parser needs no other command's module
(`cybergraph query` would otherwise import `export`'s, and through it the exporter, at every start-up)."""

from __future__ import annotations

import argparse


def add_context_arguments(parser: argparse.ArgumentParser) -> None:
    """--context-url (a remote JSON-LD context, opt-in) and --inline-context (the default), shared with
    `query`. The address is a constant here, not an import, so that `--help` stays fast."""
    context = parser.add_mutually_exclusive_group()
    context.add_argument(
        "--context-url",
        nargs="?",
        const="https://w3id.org/cybergraph/context.jsonld",
        metavar="URL",
        help="JSON-LD: name a remote @context at URL instead of carrying it inline (without URL: the"
        " project's address, https://w3id.org/cybergraph/context.jsonld, which serves nothing yet);"
        " a processor must then fetch it, or be given src/cybergraph/rdf/context.jsonld, to read the file",
    )
    context.add_argument(
        "--inline-context",
        action="store_true",
        help="JSON-LD: carry the @context inline (the default; kept so that older scripts still run)",
    )

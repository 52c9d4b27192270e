"""`cybergraph queries`: the catalogue of stored questions, one query's header, or a check of them all."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from cybergraph.core.errors import EXIT_FINDINGS, EXIT_OK

if TYPE_CHECKING:
    from cybergraph.query.catalogue import StoredQuery

NAME = "queries"
HELP = "list the stored queries (name, title, parameters), show one, or --check them all"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "name", nargs="?", metavar="NAME", help="show this query's question, parameters and examples"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="check every stored query (header, syntax, parameters used, ORDER BY, ontology terms);"
        " exit 1 when one has a problem",
    )


def render_list(queries: list[StoredQuery]) -> str:
    rows = [(q.name, q.title, ", ".join(p.summary() for p in q.params) or "-") for q in queries]
    heads = ("name", "title", "parameters")
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(heads)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append(
        f"({len(rows)} queries; `cybergraph queries NAME` shows one, `cybergraph query NAME` runs it)"
    )
    return "\n".join(lines) + "\n"


def render_one(query: StoredQuery) -> str:
    import textwrap

    question = textwrap.fill(query.question, 100, initial_indent="  ", subsequent_indent="  ")
    lines = [f"{query.name}: {query.title}", "", question, ""]
    if query.params:
        lines.append("Parameters")
        for p in query.params:
            extra = [p.type.value]
            if p.default is not None:
                extra.append(f"default {p.default}")
            elif p.optional:
                extra.append("optional: unset matches anything")
            else:
                extra.append("required")
            if p.example is not None:
                extra.append(f"example {p.example}")
            lines.append(f"  --param {p.name}=…  ({', '.join(extra)}) {p.description}".rstrip())
        lines.append("")
    lines.append("Examples")
    lines += [f"  {e}" for e in query.examples]
    lines += ["", f"File: {query.origin}"]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from cybergraph.core.files import write_stdout
    from cybergraph.query.catalogue import catalogue, check, find

    if args.name:
        write_stdout(render_one(find(args.name)))
        return EXIT_OK
    queries = catalogue()
    if args.check:
        problems = check(queries)
        for problem in problems:
            print(problem.render(), file=sys.stderr)
        print(f"{len(queries)} queries checked, {len(problems)} problems", file=sys.stderr)
        return EXIT_FINDINGS if problems else EXIT_OK
    write_stdout(render_list(queries))
    return EXIT_OK

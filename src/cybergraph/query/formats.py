"""The formats query answers are written in.

SELECT and ASK answers: `table` (for people: labels instead of IRIs, wide cells wrapped), `markdown`,
and `csv`, `tsv`, `json` and `xml` exactly as the W3C SPARQL 1.1 Query Results formats define them.
CONSTRUCT and DESCRIBE answers (graphs): `turtle`, `ntriples` and `jsonld`, by the writers of `cybergraph
export` (the project's canonical Turtle; sorted N-Triples; JSON-LD with the project's context).

Blank nodes of a result set are renamed b0, b1, … in order of appearance (a result set's labels are its
own, says the standard), so the same answer is the same bytes whichever engine gave it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from cybergraph.core.errors import UsageError
from cybergraph.query.format_names import FORMATS as FORMATS  # the names, for callers of this module
from cybergraph.query.format_names import GRAPH, TABULAR
from cybergraph.query.results import Boolean, Result, Solutions, Triples
from cybergraph.query.tabular import boolean_text, csv_text, relabelled, tsv_text
from cybergraph.rdf.terms import DISPLAY_LOCAL, NUMERIC, PREFIXES, XSD_STRING, Term, short


def xml_escape(text: str, entities: Mapping[str, str] | None = None) -> str:
    """Escape &, < and > (and any extra `entities`) for XML text, as xml.sax.saxutils.escape does.

    Written here because importing xml.sax.saxutils pulls in urllib (~30 ms at every start-up).
    """
    text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for key, value in (entities or {}).items():
        text = text.replace(key, value)
    return text


SUFFIX = {
    "table": "txt",
    "csv": "csv",
    "tsv": "tsv",
    "json": "srj",
    "xml": "srx",
    "markdown": "md",
    "turtle": "ttl",
    "ntriples": "nt",
    "jsonld": "jsonld",
}


def check_format(fmt: str, form: str) -> None:
    """Refuse a format that cannot hold the answer of a query of this form (before it runs)."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    if graph and fmt not in GRAPH:
        raise UsageError(
            f"a {form} query answers with a graph, which --format {fmt} cannot hold",
            hint=f"use --format {', '.join(GRAPH)}",
        )
    if not graph and fmt not in TABULAR:
        raise UsageError(
            f"{'a' if form == 'SELECT' else 'an'} {form} query answers with"
            f" {'rows' if form == 'SELECT' else 'true or false'},"
            f" which --format {fmt} cannot hold",
            hint=f"use --format {', '.join(TABULAR)}",
        )


# -- blank nodes


def _relabel(solutions: Solutions) -> Solutions:
    rows = relabelled(solutions.rows)
    if rows is solutions.rows:
        return solutions
    return Solutions(solutions.variables, tuple(tuple(row) for row in rows), solutions.ordered)


# -- W3C formats (CSV and TSV in query/tabular.py, which a cold `query` imports without this module)


def to_csv(result: Solutions | Boolean) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, CRLF line ends (an ASK gives `true` or `false`)."""
    if isinstance(result, Boolean):
        return boolean_text(result.value, "csv")
    return csv_text(result.variables, result.rows)


def to_tsv(result: Solutions | Boolean) -> str:
    """SPARQL 1.1 Query Results TSV: `?var` header, terms in Turtle form (an ASK gives `true`/`false`)."""
    if isinstance(result, Boolean):
        return boolean_text(result.value, "tsv")
    return tsv_text(result.variables, result.rows)


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    out: dict[str, object] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def to_json(result: Solutions | Boolean) -> str:
    """SPARQL 1.1 Query Results JSON (one line, as oxigraph and Jena write it)."""
    if isinstance(result, Boolean):
        doc: dict[str, object] = {"head": {}, "boolean": result.value}
    else:
        result = _relabel(result)
        bindings = [
            {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    import json  # here: a cold `query` in another format need not import it

    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


# A carriage return must be a character reference: XML parsers turn a literal one into a line feed.
_XML_TEXT = {'"': "&quot;", "'": "&apos;", "\r": "&#13;"}


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value, _XML_TEXT)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value, _XML_TEXT)}</bnode>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject>"
            f"<predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>"
        )
    value = xml_escape(term.value, _XML_TEXT)
    if term.language:
        return f'<literal xml:lang="{xml_escape(term.language, _XML_TEXT)}">{value}</literal>'
    if term.datatype.value != XSD_STRING:
        return f'<literal datatype="{xml_escape(term.datatype.value, _XML_TEXT)}">{value}</literal>'
    return f"<literal>{value}</literal>"


def to_xml(result: Solutions | Boolean) -> str:
    """SPARQL Query Results XML Format (one line, as oxigraph writes it)."""
    head = '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
    if isinstance(result, Boolean):
        return head + f"<head></head><boolean>{'true' if result.value else 'false'}</boolean></sparql>\n"
    result = _relabel(result)
    out = [head, "<head>"]
    out += [f'<variable name="{xml_escape(v, _XML_TEXT)}"/>' for v in result.variables]
    out.append("</head><results>")
    for row in result.rows:
        out.append("<result>")
        for v, t in zip(result.variables, row, strict=True):
            if t is not None:
                out.append(f'<binding name="{xml_escape(v, _XML_TEXT)}">{_xml_term(t)}</binding>')
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out)


# -- for people


def display(term: Term | None, labels: Mapping[str, str], prefixes: Mapping[str, str]) -> str:
    """A term as a person reads it: an IRI by its label (or prefixed name), a literal by its text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return labels.get(term.value) or short(term.value, prefixes, local=DISPLAY_LOCAL)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        parts = (term.subject, term.predicate, term.object)
        return "<< " + " ".join(display(t, labels, prefixes) for t in parts) + " >>"
    return term.value


def _numeric(column: list[Term | None]) -> bool:
    values = [t for t in column if t is not None]
    return bool(values) and all(
        isinstance(t, ox.Literal) and not t.language and t.datatype.value in NUMERIC for t in values
    )


def _widths(natural: list[int], minimum: list[int], available: int) -> list[int]:
    """Column widths that fit `available`: narrow columns keep their width, wide ones share the rest,
    none goes below its minimum (the table is then wider than asked)."""
    widths = list(natural)
    if sum(widths) <= available:
        return widths
    floor = [min(m, n) for m, n in zip(minimum, natural, strict=True)]
    fixed: set[int] = set()
    while True:
        free = [i for i in range(len(widths)) if i not in fixed]
        if not free:
            return widths
        room = available - sum(widths[i] for i in fixed)
        share = max(room // len(free), 1)
        settled = [i for i in free if natural[i] <= share] or [i for i in free if floor[i] >= share]
        if not settled:
            for n, i in enumerate(free):
                widths[i] = share + (1 if n < room % len(free) else 0)
            return widths
        for i in settled:
            widths[i] = natural[i] if natural[i] <= share else floor[i]
            fixed.add(i)


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").split("\n")


def to_table(
    result: Solutions | Boolean,
    *,
    labels: Mapping[str, str] | None = None,
    prefixes: Mapping[str, str] | None = None,
    width: int = 100,
) -> str:
    """Aligned columns with a rule under the header and a row count; cells wrap to fit `width`."""
    if isinstance(result, Boolean):
        return ("true" if result.value else "false") + "\n"
    labels = labels or {}
    prefixes = PREFIXES if prefixes is None else prefixes
    result = _relabel(result)
    gap = 2
    columns = list(zip(*result.rows, strict=True)) if result.rows else [() for _ in result.variables]
    right = [_numeric(list(c)) for c in columns]
    cells = [[_lines(display(t, labels, prefixes)) for t in row] for row in result.rows]
    natural = []
    for i, name in enumerate(result.variables):
        longest = max((len(line) for row in cells for line in row[i]), default=0)
        natural.append(max(len(name), longest))
    # A column may shrink to its header (up to 12) or its longest word (up to 20), not below.
    longest_word = [
        max((len(w) for row in cells for line in row[i] for w in line.split()), default=0)
        for i in range(len(result.variables))
    ]
    minimum = [
        max(min(len(name), 12), min(longest_word[i], 20), 4) for i, name in enumerate(result.variables)
    ]
    widths = _widths(natural, minimum, max(width - gap * (len(natural) - 1), len(natural)))

    import textwrap  # here: only a table wraps its cells

    def wrapped(lines: list[str], w: int) -> list[str]:
        out: list[str] = []
        for line in lines:
            out += textwrap.wrap(line, w, break_on_hyphens=False) or [""]
        return out

    def render(row: list[list[str]]) -> list[str]:
        parts = [wrapped(c, w) for c, w in zip(row, widths, strict=True)]
        height = max((len(p) for p in parts), default=1)
        lines = []
        for k in range(height):
            texts = []
            for i, p in enumerate(parts):
                text = p[k] if k < len(p) else ""
                texts.append(text.rjust(widths[i]) if right[i] else text.ljust(widths[i]))
            lines.append((" " * gap).join(texts).rstrip())
        return lines

    out = render([[v] for v in result.variables])
    out.append((" " * gap).join("-" * w for w in widths))
    for row in cells:
        out += render(row)
    count = len(result.rows)
    out.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(out) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\r\n", "<br>").replace("\n", "<br>")


def to_markdown(
    result: Solutions | Boolean,
    *,
    labels: Mapping[str, str] | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> str:
    """A Markdown table: IRIs as links labelled by their label, numbers right-aligned."""
    if isinstance(result, Boolean):
        return ("true" if result.value else "false") + "\n"
    labels = labels or {}
    prefixes = PREFIXES if prefixes is None else prefixes
    result = _relabel(result)
    columns = list(zip(*result.rows, strict=True)) if result.rows else [() for _ in result.variables]
    rule = ["---:" if _numeric(list(c)) else "---" for c in columns]

    def cell(term: Term | None) -> str:
        text = _md(display(term, labels, prefixes))
        if isinstance(term, ox.NamedNode):
            return f"[{text}](<{term.value}>)"
        return text

    lines = ["| " + " | ".join(_md(v) for v in result.variables) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in result.rows]
    return "\n".join(lines) + "\n"


# -- graphs


def canonical(triples: tuple[ox.Triple, ...]) -> list[ox.Triple]:
    """The triples once each, blank nodes named by RDF canonicalisation (the writers sort them)."""
    if not any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples):
        return list(dict.fromkeys(triples))
    from cybergraph.rdf.blank_nodes import canonical_triples

    return list(canonical_triples(triples))


def to_ntriples(result: Triples) -> str:
    """N-Triples, one triple a line, in sorted order, blank nodes named by RDF canonicalisation."""
    from cybergraph.rdf.ntriples import to_ntriples as write

    return write(canonical(result.triples))


def to_turtle(result: Triples, *, prefixes: Mapping[str, str] | None = None) -> str:
    """The project's canonical Turtle (the writer of exports and committed files, for any graph)."""
    from cybergraph.rdf.terms import PREFIXES
    from cybergraph.rdf.turtle import to_turtle as write

    return write(result.triples, PREFIXES if prefixes is None else prefixes)


def to_jsonld(result: Triples, *, context_url: str | None = None) -> str:
    """JSON-LD as `cybergraph export` writes it: short keys from the project's context, carried inline
    (or, with `context_url`, named by that address), nodes sorted, blank nodes named by RDF
    canonicalisation."""
    from cybergraph.rdf.jsonld import to_jsonld as write

    quads = (ox.Quad(t.subject, t.predicate, t.object) for t in canonical(result.triples))
    return write(quads, context_url=context_url)


def render(
    result: Result,
    fmt: str,
    *,
    labels: Mapping[str, str] | None = None,
    width: int = 100,
    context_url: str | None = None,
) -> str:
    """The result in one of FORMATS (`context_url`: JSON-LD's remote context, see `to_jsonld`)."""
    if context_url is not None:  # checked (jsonld is imported) only when one is given
        from cybergraph.rdf.jsonld import context_address

        context_url = context_address(context_url, format=fmt)
    if isinstance(result, Triples):
        check_format(fmt, "CONSTRUCT")
        if fmt == "turtle":
            return to_turtle(result)
        if fmt == "ntriples":
            return to_ntriples(result)
        return to_jsonld(result, context_url=context_url)
    check_format(fmt, "SELECT" if isinstance(result, Solutions) else "ASK")
    if fmt == "table":
        return to_table(result, labels=labels, width=width)
    if fmt == "markdown":
        return to_markdown(result, labels=labels)
    return {"csv": to_csv, "tsv": to_tsv, "json": to_json, "xml": to_xml}[fmt](result)

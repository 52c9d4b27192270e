"""Where each page is: the site's paths, rooted at the path of its base URL, and the IRIs they stand for.

Every link inside a page is a path from the root of the host (`/cybergraph/id/apec` for the base URL
`https://example.org/cybergraph`), never a whole URL and never relative to the page: the same HTML then
works at any host under the same path, behind w3id.org's redirect, and on the static site, whose files
hold exactly what the server sends.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from cybergraph.rdf.terms import ENTITIES, TERMS

#: A slug as the project writes them (cgid:convention-on-cybercrime); anything else is no entity page.
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")
#: A term's local name in the ontology (cg:LegalInstrument).
LOCAL = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def base_path(base_url: str) -> str:
    """The path of a base URL without its trailing slash: "" for the root of a host."""
    return urlsplit(base_url.strip()).path.rstrip("/")


class Links:
    """The paths of pages and files for one base URL."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.root = base_path(base_url)

    def path(self, page: str) -> str:
        """A site path ("/id/apec", "/") as a link from the host's root."""
        return (self.root + page) if page != "/" else (self.root + "/")

    def static(self, name: str) -> str:
        return f"{self.root}/static/{name}"

    def entity(self, iri: str) -> str | None:
        """The page of one of the graph's IRIs (an entity, or a term of the ontology); None for others."""
        if iri.startswith(ENTITIES) and SLUG.match(iri[len(ENTITIES) :]):
            return self.path("/id/" + iri[len(ENTITIES) :])
        if iri.startswith(TERMS) and LOCAL.match(iri[len(TERMS) :]):
            return self.path("/def") + "#" + iri[len(TERMS) :]
        return None

    def class_page(self, iri: str) -> str | None:
        if iri.startswith(TERMS) and LOCAL.match(iri[len(TERMS) :]):
            return self.path("/class/" + iri[len(TERMS) :])
        return None

    def query(self, name: str, params: dict[str, str] | None = None) -> str:
        page = self.path("/queries/" + name)
        if params:
            page += "?" + "&".join(f"{quote(k)}={quote(v, safe='')}" for k, v in sorted(params.items()))
        return page


def slug_of(iri: str) -> str | None:
    """The slug of an entity IRI; None for an IRI outside the entity namespace."""
    if iri.startswith(ENTITIES) and SLUG.match(iri[len(ENTITIES) :]):
        return iri[len(ENTITIES) :]
    return None

"""The HTTP server (`cybergraph serve`): the SPARQL 1.1 Protocol, dereferenceable IRIs, the stored questions
as a web API, with limits that hold under abuse. Pages are rendered by `cybergraph.web`."""

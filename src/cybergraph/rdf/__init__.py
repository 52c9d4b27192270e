"""RDF as the package handles it: pyoxigraph terms, the vocabulary, the one reader and the writers."""

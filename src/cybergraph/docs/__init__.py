"""The ontology's reference page and class diagram."""

"""Pages for reading the register: home, browsing, provisions with provenance, documents, search."""

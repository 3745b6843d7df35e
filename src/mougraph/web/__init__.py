"""The SPARQL endpoint: a FastAPI app over the read-only store, with queries run in worker processes."""

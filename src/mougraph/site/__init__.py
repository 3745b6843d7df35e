"""The linked-data site: pages, pictures and the query workbench."""

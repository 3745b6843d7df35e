"""The linked-data site: pages, layout and the SPARQL workbench."""

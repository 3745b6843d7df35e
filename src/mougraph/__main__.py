"""``python -m mougraph`` runs the command line."""

from mougraph.cli import main

main()

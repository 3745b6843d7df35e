"""``python -m mougraph`` runs the command line."""

if __name__ == "__main__":  # worker processes are spawned: they import this module without running it
    from mougraph.cli import main  # imported here, so that a spawned worker does not import the whole CLI

    main()

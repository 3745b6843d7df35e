"""mougraph: an open knowledge graph of Thailand's international digital-cooperation agreements."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mougraph")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"

__all__ = ["__version__"]

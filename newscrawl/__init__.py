"""newscrawl: news websites to clean, validated JSON Lines datasets (see README.md)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newscrawl")
except PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"

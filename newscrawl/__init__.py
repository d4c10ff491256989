"""newscrawl: news websites to clean, validated JSON Lines datasets (see README.md).

From Python: `newscrawl.extract(html, url=...)` and `newscrawl.extract_file(path)` give the
record of one page (newscrawl/api.py); they are imported on first use, so that `import
newscrawl` does not import Scrapy."""

from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("newscrawl")
except PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"

API = ("extract", "extract_file")
__all__ = ["__version__", *API]


def __getattr__(name: str) -> Any:
    if name in API:
        from newscrawl import api

        return getattr(api, name)
    raise AttributeError(f"module 'newscrawl' has no attribute {name!r}")

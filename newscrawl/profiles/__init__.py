"""Site profiles, one small file per site: each module here defines `PROFILE` (a
`SiteProfile`), and `newscrawl.sites.PROFILES` registers every one of them by name and by host.
Al Mayadeen's three editions are built in (`newscrawl/sites.py`). See docs/site-profiles.md,
"Adding a site"."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any


def discover() -> list[Any]:
    """The `PROFILE` of every module in this package, in module-name order."""
    found = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        profile = getattr(importlib.import_module(f"{__name__}.{module.name}"), "PROFILE", None)
        if profile is not None:
            found.append(profile)
    return found

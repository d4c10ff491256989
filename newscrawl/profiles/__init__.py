"""The registry of site profiles: one small module per site in this package, each defining
`PROFILE` (or `PROFILES`, for a site of several editions, like `almayadeen`); this module finds
a URL's profile by host, or a profile by name. A site with no module gets the generic profile.
See docs/site-profiles.md, "Adding a site".
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from newscrawl.normalize.urls import hostname
from newscrawl.profile import SiteProfile, generic_profile


class UnknownProfile(ValueError):
    """No registered profile has this name."""


@cache
def all_profiles() -> dict[str, SiteProfile]:
    """Every registered profile by name, in module-name order. Two profiles of one name or one
    host are refused: the second would silently shadow the first."""
    profiles: dict[str, SiteProfile] = {}
    hosts: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found = getattr(module, "PROFILES", None) or (getattr(module, "PROFILE", None),)
        for profile in (p for p in found if p is not None):
            if profile.name in profiles:
                raise ValueError(f"two site profiles are named {profile.name!r}")
            for host in profile.hosts:
                if host in hosts:
                    raise ValueError(f"{host} is in profiles {hosts[host]!r} and {profile.name!r}")
                hosts[host] = profile.name
            profiles[profile.name] = profile
    return profiles


@cache
def _by_host() -> dict[str, SiteProfile]:
    return {host: profile for profile in all_profiles().values() for host in profile.hosts}


def profile_named(name: str) -> SiteProfile:
    """The registered profile called `name`; UnknownProfile names the ones there are."""
    try:
        return all_profiles()[name]
    except KeyError:
        names = ", ".join(sorted(all_profiles()))
        raise UnknownProfile(f"unknown profile {name!r}; profiles: {names}") from None


def profile_for(url: str, generic_only: bool = False) -> SiteProfile:
    """The profile that reads `url`: a registered one by host (or alias), else the generic
    profile. `generic_only`: the sites the generic extractor reads get the generic profile even
    when one is registered for them (what the generic rule alone makes of a site: `newscrawl
    extract --generic`); sites with an extractor of their own keep their profile."""
    host = (hostname(url) or "unknown").lower()
    profile = _by_host().get(host)
    if profile is None or (generic_only and profile.extractor == "generic"):
        return generic_profile(host)
    return profile

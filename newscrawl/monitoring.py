"""Spidermon, switched on by settings alone (`SPIDERMON_ENABLED = True`).

newscrawl's settings list this extension and name newscrawl's monitor suite
(`SPIDERMON_SPIDER_CLOSE_MONITORS`, newscrawl/monitors.py); with `SPIDERMON_ENABLED` it starts
Spidermon's own extension, which runs the suite when the spider closes and its alert actions
(`NEWSCRAWL_ALERTS`) when a monitor fails. Spidermon is an optional extra
(`pip install 'newscrawl[monitoring]'`): this module never imports it unless it is enabled, and a
crawl that enables it without it installed stops with a message that says what to install.
A project that lists Spidermon's extension in `EXTENSIONS` itself keeps it; this one stands
aside.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from scrapy.exceptions import NotConfigured

SPIDERMON_EXTENSION = "spidermon.contrib.scrapy.extensions.Spidermon"
# What the monitors and their alert actions import (jinja2: the actions' message templates).
NEEDED = ("spidermon", "jinja2")
# `NEWSCRAWL_ALERTS` names: Spidermon's actions that post when a monitor fails.
ALERTS = {
    "slack": "spidermon.contrib.actions.slack.notifiers.SendSlackMessageSpiderFinished",
    "email": "spidermon.contrib.actions.email.smtp.SendSmtpEmail",
    "telegram": "spidermon.contrib.actions.telegram.notifiers.SendTelegramMessageSpiderFinished",
    "discord": "spidermon.contrib.actions.discord.notifiers.SendDiscordMessageSpiderFinished",
}


def alert_actions(settings: Any) -> list[str]:
    """The dotted paths of the actions `NEWSCRAWL_ALERTS` names."""
    return [ALERTS.get(name, name) for name in settings.getlist("NEWSCRAWL_ALERTS")]


def monitoring_problem(settings: Any) -> str | None:
    """Why the monitors cannot run although they are enabled; None when they can (or are off)."""
    if not settings.getbool("SPIDERMON_ENABLED"):
        return None
    missing = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    if missing:
        what = " and ".join(missing)
        install = "pip install 'newscrawl[monitoring]'"
        return f"SPIDERMON_ENABLED is set but {what} not installed: {install}"
    for name in settings.getlist("NEWSCRAWL_ALERTS"):
        if name not in ALERTS and "." not in name:
            known = ", ".join(ALERTS)
            return f"NEWSCRAWL_ALERTS: no alert {name!r} (use {known}, or an action's dotted path)"
    return None


class Monitoring:
    """Spidermon's extension, when enabled and not already configured by the project."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> Any:
        settings = crawler.settings
        if not settings.getbool("SPIDERMON_ENABLED"):
            raise NotConfigured  # quietly: monitoring is off by default
        if SPIDERMON_EXTENSION in settings.getdict("EXTENSIONS"):
            raise NotConfigured("the project runs Spidermon's extension itself")
        problem = monitoring_problem(settings)
        if problem:
            raise RuntimeError(problem)
        from spidermon.contrib.scrapy.extensions import Spidermon

        return Spidermon.from_crawler(crawler)

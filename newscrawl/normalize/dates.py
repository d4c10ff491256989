"""Timestamps to ISO 8601 in the publisher's own UTC offset.

Forms understood:
- ISO 8601 with an offset (`2022-02-20T18:04:00+02:00`): the instant is kept, shown in the
  publisher's zone.
- ISO 8601 without an offset (`2024-02-28T07:28:00.0000000`): read in `naive_iso_zone`, which is
  UTC for Al Mayadeen's `article:*_time` meta tags (confirmed: they are naive UTC).
- What readers see (`20 Feb 2022 18:04`, `20 February 2022`, `Feb 20, 2022 18:04`): the publisher's
  local time, with its summer time applied by the tz database.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

BEIRUT = ZoneInfo("Asia/Beirut")

MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)
_DAY_MONTH_YEAR = re.compile(
    r"^(\d{1,2})\s+([^\W\d_]+)\.?,?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2}))?$", re.I
)
_MONTH_DAY_YEAR = re.compile(
    r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2}))?$", re.I
)


def to_ascii_digits(text: str) -> str:
    return text.translate(_ARABIC_DIGITS)


def _offset(value: str) -> tzinfo:
    if value == "Z":
        return UTC
    digits = value[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:])
    return timezone(timedelta(minutes=minutes if value[0] == "+" else -minutes))


def parse_datetime(
    raw: str | None, zone: tzinfo = BEIRUT, naive_iso_zone: tzinfo = UTC
) -> datetime | None:
    """The instant a timestamp string names, as an aware datetime in `zone`; None if unreadable."""
    if not raw:
        return None
    text = to_ascii_digits(" ".join(raw.split()))
    if match := _ISO.match(text):
        year, month, day, hour, minute, second, fraction, offset = match.groups()
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        try:
            naive = datetime(
                int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro
            )
        except ValueError:
            return None
        aware = naive.replace(tzinfo=_offset(offset) if offset else naive_iso_zone)
        return aware.astimezone(zone)
    for pattern, day_group, month_group in ((_DAY_MONTH_YEAR, 1, 2), (_MONTH_DAY_YEAR, 2, 1)):
        if match := pattern.match(text):
            month = MONTHS.get(match.group(month_group).lower())
            if month is None:
                return None
            hour, minute = match.group(4), match.group(5)
            try:
                local = datetime(
                    int(match.group(3)),
                    month,
                    int(match.group(day_group)),
                    int(hour or 0),
                    int(minute or 0),
                )
            except ValueError:
                return None
            return local.replace(tzinfo=zone)
    return None


def to_iso(moment: datetime | None) -> str | None:
    """ISO 8601 with seconds and the offset, microseconds dropped."""
    if moment is None:
        return None
    return moment.replace(microsecond=0).isoformat()


def normalize_timestamp(
    raw: str | None, zone: tzinfo = BEIRUT, naive_iso_zone: tzinfo = UTC
) -> str | None:
    return to_iso(parse_datetime(raw, zone, naive_iso_zone))

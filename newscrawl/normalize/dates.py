"""Timestamps to ISO 8601 in the publisher's own UTC offset.

Forms understood:
- ISO 8601 with an offset (`2022-02-20T18:04:00+02:00`): the instant is kept, shown in the
  publisher's zone.
- ISO 8601 without an offset (`2024-02-28T07:28:00.0000000`): read in `naive_iso_zone`, which is
  UTC for Al Mayadeen's `article:*_time` meta tags (confirmed: they are naive UTC).
- What readers see, in the publisher's local time with its summer time applied by the tz
  database, in English, Arabic, Spanish and German:
  `20 Feb 2022 18:04`, `Feb 20, 2022`, `20. Februar 2022`, `20.02.2022 18:04`, `20.02.22`
  (a two-digit year is this century's), `20 شباط 2022 18:04` (Levantine months),
  `20 فبراير 2022` (Egyptian months), `٢٠ آب ١٦:٤١` (Arabic-Indic digits, no year: the latest
  such day not after the reference time), `20 de febrero de 2022 18:04`, and "today"/"yesterday"
  forms (`اليوم 06:42`, `أمس 22:10`, `hoy 06:42`, `Today 06:42`) relative to the reference time
  (the crawl time).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

BEIRUT = ZoneInfo("Asia/Beirut")

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("jan", "january", "januar", "ene", "enero", "كانون الثاني", "يناير",
        "januari", "janvier", "janv", "gennaio", "janeiro", "stycznia", "ocak"),
    2: ("feb", "february", "februar", "febrero", "شباط", "فبراير",
        "februari", "février", "févr", "fevrier", "febbraio", "fevereiro", "fev", "lutego",
        "şubat"),
    3: ("mar", "march", "mär", "märz", "marzo", "آذار", "مارس",
        "mars", "marts", "maart", "março", "marca", "mart"),
    4: ("apr", "april", "abr", "abril", "نيسان", "أبريل", "إبريل",
        "avril", "avr", "aprile", "kwietnia", "nisan"),
    5: ("may", "mai", "mayo", "أيار", "مايو", "maj", "mei", "maggio", "maio", "maja", "mayıs"),
    6: ("jun", "june", "juni", "junio", "حزيران", "يونيو", "يونيه",
        "juin", "giugno", "junho", "czerwca", "haziran"),
    7: ("jul", "july", "juli", "julio", "تموز", "يوليو", "يوليه",
        "juillet", "juil", "luglio", "julho", "lipca", "temmuz"),
    8: ("aug", "august", "ago", "agosto", "آب", "أغسطس",
        "augusti", "augustus", "août", "aout", "sierpnia", "ağustos"),
    9: ("sep", "sept", "september", "septiembre", "setiembre", "أيلول", "سبتمبر",
        "septembre", "settembre", "setembro", "set", "września", "eylül"),
    10: ("oct", "october", "okt", "oktober", "octubre", "تشرين الأول", "أكتوبر",
         "octobre", "ottobre", "outubro", "out", "października", "ekim"),
    11: ("nov", "november", "noviembre", "تشرين الثاني", "نوفمبر",
         "novembre", "novembro", "listopada", "kasım"),
    12: ("dec", "december", "dez", "dezember", "dic", "diciembre", "كانون الأول", "ديسمبر",
         "desember", "des", "décembre", "déc", "dicembre", "dezembro", "grudnia", "aralık"),
}  # fmt: skip

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# For matching month names only: hamza forms of alef are written both ways on the site
# (`آب` and `اب`, `أيار` and `ايار`). The text itself is never changed.
_ALEF = str.maketrans("أإآ", "ااا")


def _fold(text: str) -> str:
    return text.lower().translate(_ALEF)


MONTHS = {_fold(name): number for number, names in _MONTH_NAMES.items() for name in names}
_MONTH = "|".join(sorted((re.escape(name) for name in MONTHS), key=len, reverse=True))
# A time after the date: `14:07`, `4:30:26 PM`, `at 3:05 p.m.`, `- 05:00`, `14.03` (British),
# `à 14h03` (French), then a zone name if one is written (`EST`; `Uhr` and other words are no
# zone and are ignored). The whole text must match: a time is read only at the end of a date.
_TIME = (
    r"(?:,?\s*(?:at|a las|à|um|om|ore|alle|o|klo|kl\.?|الساعة|-|–|\|)?\s*"
    r"(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})"
    r"(?::(?P<second>\d{2}))?(?:\s*(?P<half>[ap])\.?\s?m\b\.?)?(?:\s*(?P<zone>[a-z]{1,5}))?)?"
)

_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?(?:\s*\(?([A-Z]{2,5})\)?)?$"
)  # a bare date (`2024-04-30`) is that day's midnight in the site's zone; a zone name after
# the time (`2023-12-22T15:55:11Z EST`) gives the offset only when the time has none
# Date, time to the second (or a fraction of it) and offset (`Z` or hours and minutes) in one
# form (`2025-10-01T00:22:00+03:00`, `2024-03-02T16:00:34.000Z`, `…+0200`; ASCII digits): what
# `_ISO` reads as `_parse_iso` would, and `datetime.fromisoformat` reads the same way (to the
# microsecond: both cut a fraction after six digits).
_FULL_ISO = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})", re.ASCII
)
_DAY_MONTH = re.compile(
    rf"^(?P<day>\d{{1,2}})\.?\s+(?:de\s+)?(?P<month>{_MONTH})\.?,?\s*(?:de\s+)?(?P<year>\d{{4}})?"
    rf"{_TIME}$"
)
_MONTH_DAY = re.compile(
    rf"^(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}}){_TIME}$"
)
_NUMERIC = re.compile(
    rf"^(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.(?P<year>\d{{4}}|\d{{2}}){_TIME}$"
)  # European day.month.year
_US_NUMERIC = re.compile(
    rf"^(?:[a-z]{{2,9}}\.?,?\s+)?(?P<month>\d{{1,2}})/(?P<day>\d{{1,2}})/(?P<year>\d{{4}}|\d{{2}})"
    rf"{_TIME}$"
)  # American month/day/year (`12/21/2023 4:30:26 PM`, `Fri, 12/22/2023 - 05:00`)
_YEAR_FIRST = re.compile(
    rf"^(?P<year>\d{{4}})\s*(?:년|年|\.|/)\s*(?P<month>\d{{1,2}})\s*(?:월|月|\.|/)\s*"
    rf"(?P<day>\d{{1,2}})\s*(?:일|日|\.)?(?:\s*\(\w{{1,3}}\))?{_TIME}$"
)  # East Asian year-first dates (`2023년 12월 20일`, `2023年12月20日`, `2023.12.20 20:41`)
# A time written before its date ("01:38:07 PM IST Nov 20, 2019"): read as the date, then it.
_TIME_FIRST = re.compile(
    r"^(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\b\.?)?(?:\s[a-z]{2,5})?)[\s,|-]+(?P<date>.+)$"
)
_DATE_START = re.compile(r"^(?:\d|[^\W\d_]{3})")
_RELATIVE = re.compile(
    r"^(?P<word>اليوم|today|hoy|امس|yesterday|ayer)\s*(?:-|,|،)?\s*"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})$"
)
_YESTERDAY = frozenset({"امس", "yesterday", "ayer"})
_LEADING_WORD = re.compile(r"^[^\W\d_]{2,12}\.?,?\s+")
_HUMAN_FORMS = (_DAY_MONTH, _MONTH_DAY, _NUMERIC, _US_NUMERIC, _YEAR_FIRST)


def to_ascii_digits(text: str) -> str:
    return text.translate(_ARABIC_DIGITS)


@lru_cache(maxsize=256)  # a site writes its times with one or two offsets
def _offset(value: str) -> tzinfo:
    if value == "Z":
        return UTC
    digits = value[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:])
    return timezone(timedelta(minutes=minutes if value[0] == "+" else -minutes))


def _local(
    day: date, hour: str | None, minute: str | None, zone: tzinfo, second: str | None = None
) -> datetime | None:
    try:
        return datetime(
            day.year, day.month, day.day, int(hour or 0), int(minute or 0), int(second or 0),
            tzinfo=zone,
        )  # fmt: skip
    except ValueError:
        return None


def _hour_of(match: re.Match[str]) -> str | None:
    """The match's hour on the 24-hour clock (`4:30 PM` is 16, `12:10 am` is 0)."""
    hour, half = match["hour"], match["half"]
    if hour is None or half is None:
        return hour
    number = int(hour) % 12
    return str(number + 12 if half == "p" else number)


def _zone_of(match: re.Match[str], zone: tzinfo) -> tzinfo:
    """The zone a matched time is written in: the name after it when it is a known one
    (`EST`), else `zone`."""
    name = match["zone"]
    minutes = _ABBREVIATIONS.get(name.upper()) if name else None
    return zone if minutes is None else timezone(timedelta(minutes=minutes))


def _parse_iso(
    match: re.Match[str], zone: tzinfo | None, naive_iso_zone: tzinfo
) -> datetime | None:
    year, month, day, hour, minute, second, fraction, offset, name = match.groups()
    if not offset and name in _ABBREVIATIONS:
        minutes = _ABBREVIATIONS[name]
        offset = f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        naive = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
            micro,
        )
    except ValueError:
        return None
    # A date alone is that calendar day in the site's zone (its midnight there); a naive time
    # is in `naive_iso_zone`.
    local = zone if hour is None and zone is not None else naive_iso_zone
    try:
        aware = naive.replace(tzinfo=_offset(offset) if offset else local)
        return aware if zone is None else aware.astimezone(zone)
    except (ValueError, OverflowError):  # an offset past ±24 h, or a date at the calendar's edge
        return None


def _parse_human(
    text: str, site_zone: tzinfo | None, reference: datetime | None, day_first: bool = False
) -> datetime | None:
    zone = site_zone or UTC
    folded = _fold(text)
    today = (reference or datetime.now(UTC)).astimezone(zone).date()
    if match := _RELATIVE.match(folded):
        day = today - timedelta(days=1) if match["word"] in _YESTERDAY else today
        return _local(day, match["hour"], match["minute"], zone)
    if (moved := _TIME_FIRST.match(folded)) and _DATE_START.match(moved["date"]):
        folded = f"{moved['date']} {moved['time']}"  # "01:38 pm ist nov 20, 2019"
    # The text, then (a weekday or a label before the date: "monday, august 5, 2024", "tue 6
    # aug 2024 06.00 bst", "le 5 août 2024 à 14h03") the text after its first word.
    candidates = (folded, _LEADING_WORD.sub("", folded, count=1))
    match = next(
        (m for text in candidates for form in _HUMAN_FORMS if (m := form.match(text))), None
    )
    if match is None:
        return None
    month_text, day_number = match["month"].rstrip("."), int(match["day"])
    month = int(month_text) if month_text.isdigit() else MONTHS[month_text]
    if match.re is _US_NUMERIC and (day_first or month > 12 >= day_number):
        month, day_number = day_number, month  # 05/08/2024 on a French page; 13/05/2024
    year = int(match["year"]) if match["year"] else today.year
    if match["year"] and len(match["year"]) == 2:
        year += 2000
    if not 1 <= month <= 12:
        return None
    try:
        day = date(year, month, day_number)
    except ValueError:
        return None
    if not match["year"] and day > today:
        # A date shown without its year is the latest such day, never a future one.
        try:
            day = date(year - 1, month, day_number)
        except ValueError:
            return None
    moment = _local(day, _hour_of(match), match["minute"], _zone_of(match, zone), match["second"])
    # A time with its zone named is shown in the site's zone, as ISO times with offsets are.
    return moment.astimezone(site_zone) if moment and site_zone else moment


# Time zone abbreviations in dates written by servers (`Fri Apr 28 19:20:36 CEST 2023`).
_ABBREVIATIONS = {"UTC": 0, "GMT": 0, "Z": 0, "CET": 60, "CEST": 120, "EET": 120, "EEST": 180,
                  "WET": 0, "WEST": 60, "BST": 60, "EST": -300, "EDT": -240, "CST": -360,
                  "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420}  # fmt: skip
_JAVA = re.compile(
    r"^[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([A-Z]{1,4}) (\d{4})$"
)
# JavaScript's `Date.toString()`: "Tue Nov 19 2019 03:05:46 GMT+0000 (Coordinated Universal Time)".
_JAVASCRIPT = re.compile(
    r"^[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT([+-]\d{4})"
    r"(?: \([^()]*\))?$"
)


def _parse_mail_or_java(text: str, zone: tzinfo | None) -> datetime | None:
    """RFC 2822 dates (`Fri, 28 Apr 2023 19:20:36 +0200`, feeds and headers) and Java's
    `Date.toString()` (`Fri Apr 28 19:20:36 CEST 2023`), which some CMSs print in meta tags."""
    moment: datetime | None = None
    if match := _JAVASCRIPT.match(text):
        month = MONTHS.get(_fold(match[1]))
        if month is None:
            return None
        try:
            day, year, hour, minute, second = (int(match[i]) for i in (2, 3, 4, 5, 6))
            moment = datetime(year, month, day, hour, minute, second, tzinfo=_offset(match[7]))
        except ValueError:
            return None
    elif match := _JAVA.match(text):
        month = MONTHS.get(_fold(match[1]))
        offset = _ABBREVIATIONS.get(match[6])
        if month is None or offset is None:
            return None
        try:
            day, hour, minute, second = (int(match[i]) for i in (2, 3, 4, 5))
            zone_of_text = timezone(timedelta(minutes=offset))
            moment = datetime(int(match[7]), month, day, hour, minute, second, tzinfo=zone_of_text)
        except ValueError:
            return None
    elif "," in text[:5] or re.search(r"[+-]\d{4}$|GMT$", text):
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if moment is None or moment.tzinfo is None:
        return None
    return moment if zone is None else moment.astimezone(zone)


def looks_like_timestamp(text: str) -> bool:
    """Whether a short text is a date line in one of the human forms above (any language)."""
    folded = _fold(to_ascii_digits(" ".join(text.split())))
    return bool(_DAY_MONTH.match(folded) or _MONTH_DAY.match(folded) or _RELATIVE.match(folded))


# A date in a line of text, in the forms above: `28.04.2023`, `25.04.24`, `2023-04-28`,
# `12/20/2023`, `2023.12.20`, `2023년 12월 20일`, `28 April 2023`, `28. April 2023`,
# `April 28, 2023`; then the time if one follows (`| 14:07 Uhr`, `, 14:07`, `um 14:07`,
# `4:30:26 PM`).
_DATE_IN_LINE = re.compile(
    rf"(?<![\w.])(?P<date>\d{{1,2}}\.\d{{1,2}}\.(?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{4}}"
    rf"|\d{{4}}\s?[년年./]\s?\d{{1,2}}\s?[월月./]\s?\d{{1,2}}(?:\s?[일日])?"
    rf"|\d{{1,2}}\.?\s+(?:{_MONTH})\.?,?\s+\d{{4}}|(?:{_MONTH})\.?\s+\d{{1,2}},?\s+\d{{4}})"
    r"(?!\.?\d)(?:[\s,|–-]*(?:um|at|kl\.)?\s*"
    r"(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\b\.?)?)(?![\d:]))?",
    re.I,
)


def date_in_line(line: str, words_before: int = 4) -> str | None:
    """The date a short line shows ("Do 25.04.24 | 14:07 Uhr", "Datum 28.04.2023", "By Jane
    Rivera | April 28, 2023"), as `date` or `date hh:mm`: the line's first date, if at most
    `words_before` words come before it (a weekday, a label, a byline); else None (a sentence or
    a caption that mentions a date)."""
    match = _DATE_IN_LINE.search(line)
    if match is None:
        return None
    words = [w for w in line[: match.start()].split() if any(c.isalnum() for c in w)]
    if len(words) > words_before:
        return None
    day = " ".join(match["date"].split())
    return f"{day} {match['time']}" if match["time"] else day


def parse_datetime(
    raw: str | None,
    zone: tzinfo | None = BEIRUT,
    naive_iso_zone: tzinfo = UTC,
    reference: datetime | None = None,
    day_first: bool = False,
) -> datetime | None:
    """The instant a timestamp string names, as an aware datetime in `zone`; None if unreadable.
    `zone` None (a site whose time zone is not known): a time with an offset keeps its own,
    a naive one is in `naive_iso_zone`, a human one in UTC.

    `reference` (the crawl time) dates the forms that need it: "today", "yesterday" and dates
    shown without a year. `day_first`: a slashed date is day/month/year (`day_first_language`),
    not the American month/day/year; a first number over 12 is a day either way.
    """
    if not raw:
        return None
    if _FULL_ISO.fullmatch(raw):  # the commonest form, read by `datetime` in C
        try:
            moment = datetime.fromisoformat(raw)
            return moment if zone is None else moment.astimezone(zone)
        except (ValueError, OverflowError):  # no such day, time or offset: None, as below
            return None
    text = to_ascii_digits(" ".join(raw.replace("\u200f", "").replace("\u200e", "").split()))
    if match := _ISO.match(text):
        return _parse_iso(match, zone, naive_iso_zone)
    moment = _parse_human(text, zone, reference, day_first) or _parse_mail_or_java(text, zone)
    if moment is None and (shown := date_in_line(text, words_before=3)) and shown != text:
        # A date with words around it that no form above reads whole ("Publié le 05/08/2024
        # à 14h03", "Montag, 5. August 2024, 14:03 Uhr"): the date the line shows, as a reader
        # finds it.
        return parse_datetime(shown, zone, naive_iso_zone, reference, day_first)
    return moment


# English-speaking countries that write the month first (`8/5/2024` is August 5).
_MONTH_FIRST_REGIONS = frozenset({"us", "ph", "fm", "mh", "pw", "as", "gu", "mp", "pr", "vi", "um"})


def day_first_language(language: str | None) -> bool:
    """Whether a page in `language` (a BCP 47 tag: `fr`, `en-GB`) writes slashed dates day
    first: every language but English, and English outside the United States and the few
    countries that follow it. Plain `en` (no country) keeps the American order."""
    if not language:
        return False
    primary, _, rest = language.lower().replace("_", "-").partition("-")
    if primary != "en":
        return True
    region = rest.split("-")[0] if rest else ""
    return bool(region) and region not in _MONTH_FIRST_REGIONS


def to_iso(moment: datetime | None) -> str | None:
    """ISO 8601 with seconds and the offset, microseconds dropped."""
    if moment is None:
        return None
    return _whole_seconds(moment).isoformat()


def _whole_seconds(moment: datetime) -> datetime:
    """`moment` without its microseconds (itself when it has none: most times, and a copy of an
    aware time costs as much as reading its zone)."""
    return moment.replace(microsecond=0) if moment.microsecond else moment


def normalize_timestamp(
    raw: str | None,
    zone: tzinfo | None = BEIRUT,
    naive_iso_zone: tzinfo = UTC,
    reference: datetime | None = None,
    day_first: bool = False,
    latest: datetime | None = None,
) -> str | None:
    """`parse_datetime`'s instant as ISO 8601 (`to_iso`); None when it is after `latest` (a
    time later than the page could have been written: a misreading or a placeholder)."""
    moment = parse_datetime(raw, zone, naive_iso_zone, reference, day_first)
    if moment is None:
        return None
    moment = _whole_seconds(moment)
    return None if latest is not None and moment > latest else moment.isoformat()


def parse_instant(text: Any) -> datetime | None:
    """The moment an ISO 8601 timestamp with an offset names, or None when it names none."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newscrawl.normalize.dates import (
    _ISO,
    _parse_iso,
    date_in_line,
    day_first_language,
    normalize_timestamp,
    parse_datetime,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # The metadata script: Beirut local time with its offset, kept as written.
        ("2022-02-20T18:04:00+02:00", "2022-02-20T18:04:00+02:00"),
        ("2024-05-30T23:54:36+03:00", "2024-05-30T23:54:36+03:00"),
        # Meta tags are NAIVE UTC with a 7-digit fraction (site notes): 07:28 UTC is 09:28 Beirut.
        ("2024-02-28T07:28:00.0000000", "2024-02-28T09:28:00+02:00"),
        ("2024-07-14T18:30:00.0000000", "2024-07-14T21:30:00+03:00"),
        # UTC and other offsets are shown in Beirut time.
        ("2022-02-20T16:04:00Z", "2022-02-20T18:04:00+02:00"),
        ("2022-02-20T11:04:00-05:00", "2022-02-20T18:04:00+02:00"),
        # What readers see is Beirut local time, summer time applied by the tz database.
        ("20 Feb 2022 18:04", "2022-02-20T18:04:00+02:00"),
        ("14 Jul 2024 21:30", "2024-07-14T21:30:00+03:00"),
        ("14 July 2024 21:30", "2024-07-14T21:30:00+03:00"),
        ("Jul 14, 2024 21:30", "2024-07-14T21:30:00+03:00"),
        ("28 Nov 2025", "2025-11-28T00:00:00+02:00"),
        # Lebanon's 2024 summer time began on Sunday 31 March at midnight.
        ("30 Mar 2024 12:00", "2024-03-30T12:00:00+02:00"),
        ("31 Mar 2024 12:00", "2024-03-31T12:00:00+03:00"),
        ("27 Oct 2024 12:00", "2024-10-27T12:00:00+02:00"),
        # Arabic-Indic digits.
        ("٢٠ Feb ٢٠٢٢ ١٨:٠٤", "2022-02-20T18:04:00+02:00"),
    ],
)
def test_timestamp_forms(raw: str, expected: str) -> None:
    assert normalize_timestamp(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "yesterday", "2022-13-01T00:00:00", "31 Feb 2022 10:00"])
def test_unreadable_timestamps_give_none(raw: str | None) -> None:
    assert normalize_timestamp(raw) is None


def test_naive_iso_zone_is_a_choice() -> None:
    from newscrawl.normalize.dates import BEIRUT

    assert normalize_timestamp("2024-02-28T09:28:00", BEIRUT, BEIRUT) == "2024-02-28T09:28:00+02:00"
    assert normalize_timestamp("2024-02-28T07:28:00", BEIRUT, UTC) == "2024-02-28T09:28:00+02:00"


def test_every_real_arabic_timestamp_round_trips(arabic_metadata: list[dict]) -> None:
    """296 real scripts: Beirut local time with offset comes out unchanged, updated never
    before published."""
    for record in arabic_metadata:
        published = normalize_timestamp(record["published_time"])
        modified = normalize_timestamp(record["last_updated"])
        assert published == record["published_time"], record["postid"]
        assert modified == record["last_updated"], record["postid"]
        assert published.endswith("+03:00")  # May is summer time in Beirut
        assert modified >= published


CRAWLED = datetime(2024, 8, 25, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Levantine month names, with and without hamza, and Arabic-Indic digits.
        ("20 شباط 2022 18:04", "2022-02-20T18:04:00+02:00"),
        ("3 تشرين الثاني 2024 10:00", "2024-11-03T10:00:00+02:00"),
        ("1 كانون الثاني 2025", "2025-01-01T00:00:00+02:00"),
        ("12 أيار 2024", "2024-05-12T00:00:00+03:00"),
        ("12 ايار 2024", "2024-05-12T00:00:00+03:00"),
        ("٢٠ آب ٢٠٢٤ ١٦:٤١", "2024-08-20T16:41:00+03:00"),
        # Egyptian month names.
        ("20 فبراير 2022", "2022-02-20T00:00:00+02:00"),
        ("5 أكتوبر 2023 09:15", "2023-10-05T09:15:00+03:00"),
        # Sidebar forms without a year: the latest such day, never in the future.
        ("20 اب 16:41", "2024-08-20T16:41:00+03:00"),
        ("30 ديسمبر 10:00", "2023-12-30T10:00:00+02:00"),
        # "Today" and "yesterday", in Beirut's calendar at crawl time.
        ("اليوم 06:42", "2024-08-25T06:42:00+03:00"),
        ("أمس 22:10", "2024-08-24T22:10:00+03:00"),
        ("Today 06:42", "2024-08-25T06:42:00+03:00"),
        # Spanish.
        ("20 de febrero de 2022 18:04", "2022-02-20T18:04:00+02:00"),
        ("20 feb 2022 18:04", "2022-02-20T18:04:00+02:00"),
        ("14 julio 2024", "2024-07-14T00:00:00+03:00"),
        ("hoy 06:42", "2024-08-25T06:42:00+03:00"),
        ("ayer 23:59", "2024-08-24T23:59:00+03:00"),
    ],
)
def test_arabic_and_spanish_forms(raw: str, expected: str) -> None:
    assert normalize_timestamp(raw, reference=CRAWLED) == expected


def test_today_uses_beirut_calendar_not_utc() -> None:
    # 22:30 UTC on 24 August is already 25 August in Beirut.
    late = datetime(2024, 8, 24, 22, 30, tzinfo=UTC)
    assert normalize_timestamp("اليوم 00:15", reference=late) == "2024-08-25T00:15:00+03:00"


def test_a_bare_iso_date_is_that_days_midnight() -> None:
    assert normalize_timestamp("2024-04-30", None, UTC) == "2024-04-30T00:00:00+00:00"
    assert normalize_timestamp("2024-04-30T16:05Z", None, UTC) == "2024-04-30T16:05:00+00:00"
    assert normalize_timestamp("2024-13-30", None, UTC) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Fri Apr 28 19:20:36 CEST 2023", "2023-04-28T19:20:36+02:00"),  # Java's Date
        ("Fri, 28 Apr 2023 19:20:36 +0200", "2023-04-28T19:20:36+02:00"),  # RFC 2822
        ("Fri, 28 Apr 2023 17:20:36 GMT", "2023-04-28T17:20:36+00:00"),
        ("Fri Apr 28 19:20:36 XYZ 2023", None),  # an unknown zone is not guessed
    ],
)
def test_server_written_dates_keep_their_offset(raw: str, expected: str | None) -> None:
    assert normalize_timestamp(raw, None, UTC) == expected


BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # German pages: day.month.year (a two-digit year is this century's) and month names,
        # in Berlin's local time with its summer time.
        ("28.04.2023", "2023-04-28T00:00:00+02:00"),
        ("25.04.24 14:07", "2024-04-25T14:07:00+02:00"),
        ("3.1.2024 9:05", "2024-01-03T09:05:00+01:00"),
        ("28. April 2023", "2023-04-28T00:00:00+02:00"),
        ("13. Mai 2026 15:44", "2026-05-13T15:44:00+02:00"),
        ("1. März 2025", "2025-03-01T00:00:00+01:00"),
        ("24. Dez. 2024", "2024-12-24T00:00:00+01:00"),
        ("31.02.2023", None),
        ("28.13.2023", None),
    ],
)
def test_german_forms(raw: str, expected: str | None) -> None:
    assert normalize_timestamp(raw, BERLIN) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Do 25.04.24 | 14:07 Uhr | Von Eva Kirchner-Rätsch", "25.04.24 14:07"),
        ("Datum 28.04.2023", "28.04.2023"),
        ("Veröffentlicht am 13. Mai 2026 um 15:44", "13. Mai 2026 15:44"),
        ("By Jane Rivera | April 28, 2023", "April 28, 2023"),
        # A 12-hour time is read with its half of the day.
        ("Published April 28, 2023 at 3:05 pm", "April 28, 2023 3:05 pm"),
        ("Published 12/21/2023 4:30:26 PM", "12/21/2023 4:30:26 PM"),
        ("입력 2023.12.20 20:41", "2023.12.20 20:41"),
        ("Publisert 20. desember 2023 kl. 14:05", "20. desember 2023 14:05"),
        ("Updated 2023-04-28 09:30", "2023-04-28 09:30"),
        ("28 April 2023", "28 April 2023"),
        # A date inside a sentence or a caption is not the article's.
        ("Ukrainische Kriegstechnik bei den Kämpfen um Bachmut, 24. April 2023", None),
        ("Version 1.2.3 is out", None),
        ("Lesezeit 5 Min.", None),
    ],
)
def test_the_date_a_line_shows(line: str, expected: str | None) -> None:
    assert date_in_line(line) == expected


def test_a_date_alone_is_that_day_in_the_sites_zone() -> None:
    """`2024-04-30` on a New York site is April 30 there, not UTC midnight (April 29, 20:00)."""
    new_york = ZoneInfo("America/New_York")
    assert normalize_timestamp("2024-04-30", new_york) == "2024-04-30T00:00:00-04:00"
    assert normalize_timestamp("2024-04-30T14:07:00", new_york) == "2024-04-30T10:07:00-04:00"
    assert normalize_timestamp("2024-04-30T14:07:00", new_york, new_york) == (
        "2024-04-30T14:07:00-04:00"
    )


# Forms found on pages of sites nobody tuned on (issue 15): American numbers, a zone name after
# the time, month names of the shipped profiles' languages and their neighbours, East Asian
# year-first dates. A site without a known zone (None) keeps the offset the text gives.
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12/20/2023 20:41:43", "2023-12-20T20:41:43+00:00"),
        ("12/21/2023 4:30:26 PM", "2023-12-21T16:30:26+00:00"),
        ("12/21/2023 12:10 am", "2023-12-21T00:10:00+00:00"),
        ("Fri, 12/22/2023 - 05:00", "2023-12-22T05:00:00+00:00"),
        # The offset wins over the name after it; a name alone gives the offset.
        ("2023-12-22T15:55:11.647030Z EST", "2023-12-22T15:55:11+00:00"),
        ("2023-12-22T10:55:11 EST", "2023-12-22T10:55:11-05:00"),
        ("Nov 18, 2019 7:45 am PST", "2019-11-18T07:45:00-08:00"),
        ("20. desember 2023 kl. 14:05", "2023-12-20T14:05:00+00:00"),  # Norwegian
        ("1 février 2024 à 14:05", "2024-02-01T14:05:00+00:00"),  # French
        ("3 maart 2024", "2024-03-03T00:00:00+00:00"),  # Dutch
        ("12 października 2023", "2023-10-12T00:00:00+00:00"),  # Polish
        ("2023년 12월 20일", "2023-12-20T00:00:00+00:00"),  # Korean
        ("2023.12.20 20:41", "2023-12-20T20:41:00+00:00"),
        ("2023年12月20日 20:41", "2023-12-20T20:41:00+00:00"),  # Japanese, Chinese
        ("13/21/2023", None),  # no thirteenth month
        # A time before its date; JavaScript's Date.toString().
        ("01:38:07 PM IST Nov 20, 2019", "2019-11-20T13:38:07+00:00"),  # IST: which one?
        ("Tue Nov 19 2019 03:05:46 GMT+0100 (Central European Standard Time)",
         "2019-11-19T03:05:46+01:00"),
    ],
)
def test_forms_of_unknown_sites(raw: str, expected: str | None) -> None:
    assert normalize_timestamp(raw, None) == expected


def test_a_zone_named_after_a_human_time_is_converted_to_the_sites_zone() -> None:
    new_york = ZoneInfo("America/New_York")
    assert normalize_timestamp("12/21/2023 9:30 PM GMT", new_york) == "2023-12-21T16:30:00-05:00"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Times written with a dot (British papers) or an h (French), and after "ore" (Italian).
        ("5 Aug 2024 14.03 BST", "2024-08-05T14:03:00+01:00"),
        ("5 août 2024 à 14h03", "2024-08-05T14:03:00+00:00"),
        ("5 agosto 2024 ore 14:03", "2024-08-05T14:03:00+00:00"),
        # A weekday or a label before the date.
        ("Tue 6 Aug 2024 06.00 BST", "2024-08-06T06:00:00+01:00"),
        ("Monday, August 5, 2024", "2024-08-05T00:00:00+00:00"),
        ("le 5 août 2024 à 14h03", "2024-08-05T14:03:00+00:00"),
        ("Updated: Aug. 5, 2024, 2:03 p.m. ET", "2024-08-05T14:03:00+00:00"),
        # Words around a date no form reads whole: the date the line shows, as a reader finds it.
        ("Montag, 5. August 2024, 14:03 Uhr", "2024-08-05T14:03:00+00:00"),
        ("Publisert 05.08.2024 14:03", "2024-08-05T14:03:00+00:00"),
        # Still nothing where no date is shown, and a number is not a time.
        ("The 2024 report", None),
        ("5 August 2024 12.5 million", "2024-08-05T00:00:00+00:00"),
    ],
)
def test_dates_with_words_around_them_and_other_clocks(raw: str, expected: str | None) -> None:
    assert normalize_timestamp(raw, None) == expected


@pytest.mark.parametrize(
    ("language", "day_first"),
    [("fr", True), ("de-DE", True), ("es", True), ("ar", True), ("en-GB", True), ("en_AU", True),
     ("en-IN", True), ("en-US", False), ("en", False), ("", False), (None, False)],
)  # fmt: skip
def test_which_languages_write_slashed_dates_day_first(
    language: str | None, day_first: bool
) -> None:
    assert day_first_language(language) is day_first


def test_a_slashed_date_is_read_in_the_pages_order() -> None:
    assert normalize_timestamp("05/08/2024 14:03", None) == "2024-05-08T14:03:00+00:00"
    assert normalize_timestamp("05/08/2024 14:03", None, day_first=True) == (
        "2024-08-05T14:03:00+00:00"
    )
    # A first number over 12 is a day, whatever the language says.
    assert normalize_timestamp("13/05/2024", None) == "2024-05-13T00:00:00+00:00"
    assert normalize_timestamp("Publié le 05/08/2024 à 14h03", None, day_first=True) == (
        "2024-08-05T14:03:00+00:00"
    )


def test_a_time_after_the_latest_possible_is_no_time() -> None:
    latest = datetime(2024, 5, 9, 12, 0, tzinfo=UTC)
    assert normalize_timestamp("2024-05-09T12:00:00Z", None, UTC, latest=latest) == (
        "2024-05-09T12:00:00+00:00"
    )
    assert normalize_timestamp("2024-05-09T12:00:01Z", None, UTC, latest=latest) is None
    assert normalize_timestamp("2024-05-09T12:00:00.900Z", None, UTC, latest=latest) == (
        "2024-05-09T12:00:00+00:00"
    )


def _iso_the_long_way(raw: str, zone: ZoneInfo | None) -> datetime | None:
    """`parse_datetime` of a full ISO timestamp without its `datetime.fromisoformat` path."""
    match = _ISO.match(raw)
    return _parse_iso(match, zone, UTC) if match else None


FIELDS = st.sampled_from(["00", "01", "09", "12", "23", "24", "28", "29", "30", "31", "59", "60"])


@given(
    year=st.sampled_from(["0001", "1999", "2024", "2025", "9999"]),
    month=FIELDS,
    day=FIELDS,
    clock=st.tuples(FIELDS, FIELDS, FIELDS),
    fraction=st.sampled_from(
        ["", ".0", ".5", ".000", ".123456", ".9999999", ".0000001", ".1234567890"]
    ),
    offset=st.one_of(
        st.sampled_from(["Z", ""]),  # no offset: read the long way, in the naive zone
        st.tuples(st.sampled_from("+-"), FIELDS, st.sampled_from([":", ""]), FIELDS).map("".join),
    ),
    zone=st.sampled_from([None, ZoneInfo("Asia/Beirut"), ZoneInfo("Pacific/Kiritimati")]),
)
@example(year="0001", month="01", day="01", clock=("00", "00", "00"), fraction="",
         offset="+03:00", zone=ZoneInfo("Asia/Beirut"))  # fmt: skip  # before the first year
@example(year="9999", month="12", day="31", clock=("23", "59", "59"), fraction=".9999999",
         offset="-0900", zone=None)  # fmt: skip
@example(year="2024", month="03", day="02", clock=("16", "00", "34"), fraction=".000",
         offset="Z", zone=ZoneInfo("Asia/Beirut"))  # fmt: skip
def test_full_iso_timestamps_read_in_c_as_the_long_way(
    year: str,
    month: str,
    day: str,
    clock: tuple[str, str, str],
    fraction: str,
    offset: str,
    zone: ZoneInfo | None,
) -> None:
    """To the microsecond and the offset, not only as the record shows it (`to_iso`)."""
    raw = f"{year}-{month}-{day}T{':'.join(clock)}{fraction}{offset}"
    fast, slow = parse_datetime(raw, zone), _iso_the_long_way(raw, zone)
    assert (fast and fast.isoformat()) == (slow and slow.isoformat())

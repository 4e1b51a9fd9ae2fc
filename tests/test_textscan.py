"""Tests for noshow.textscan: finding zoned clock times in invite text."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from datetime import date, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgets import REQUEST_TIMEOUT, examples
from guard import MEMORY_LIMIT
from noshow.textscan import (
    MAX_SCAN_CHARS,
    TimeMention,
    ZoneMeaning,
    find_time_mentions,
)


def only(text: str) -> TimeMention:
    """The single mention in ``text``."""
    mentions = find_time_mentions(text)
    assert len(mentions) == 1, mentions
    return mentions[0]


def offsets(mention: TimeMention) -> list[timedelta | None]:
    return [meaning.offset for meaning in mention.meanings]


def hours(value: float) -> timedelta:
    return timedelta(hours=value)


# --------------------------------------------------------------------------- basic shapes


def test_interview_est() -> None:
    mention = only("Interview 10:00 AM EST")
    assert mention.text == "10:00 AM EST"
    assert mention.start == time(10, 0)
    assert mention.end is None
    assert mention.on is None
    assert mention.zone_token == "EST"
    assert mention.kind == "standard"
    assert mention.family_zone == "America/New_York"
    assert mention.meanings == (
        ZoneMeaning("US Eastern Standard Time (UTC-05:00)", hours(-5), None),
    )
    assert not mention.ambiguous


@pytest.mark.parametrize(
    ("text", "written", "expected"),
    [
        ("at 10:00 AM CET", "10:00 AM CET", time(10, 0)),
        ("at 10 AM CET", "10 AM CET", time(10, 0)),
        ("at 10am CET", "10am CET", time(10, 0)),
        ("at 10AM CET", "10AM CET", time(10, 0)),
        ("at 10.30am CET", "10.30am CET", time(10, 30)),
        ("at 10:00am CET", "10:00am CET", time(10, 0)),
        ("at 10 a.m. CET", "10 a.m. CET", time(10, 0)),
        ("at 3 p.m. CET", "3 p.m. CET", time(15, 0)),
        ("at 2pm CET", "2pm CET", time(14, 0)),
        ("at 14:00 CET", "14:00 CET", time(14, 0)),
        ("at 14.00 CET", "14.00 CET", time(14, 0)),
        ("à 14h00 CET", "14h00 CET", time(14, 0)),
        ("à 14h CET", "14h CET", time(14, 0)),
        ("um 14 Uhr MEZ", "14 Uhr MEZ", time(14, 0)),
        ("um 14:00 Uhr MEZ", "14:00 Uhr MEZ", time(14, 0)),
        ("at 9:05 PM CET", "9:05 PM CET", time(21, 5)),
        ("at 12 noon CET", "12 noon CET", time(12, 0)),
        ("at 12 AM CET", "12 AM CET", time(0, 0)),
        ("at 12 PM CET", "12 PM CET", time(12, 0)),
        ("at 12:30 AM CET", "12:30 AM CET", time(0, 30)),
        ("at 10:00:00 CET", "10:00:00 CET", time(10, 0)),
        ("at 09:15 CET", "09:15 CET", time(9, 15)),
    ],
)
def test_time_formats(text: str, written: str, expected: time) -> None:
    mention = only(text)
    assert mention.text == written
    assert mention.start == expected
    assert mention.zone_token in ("CET", "MEZ")


@pytest.mark.parametrize(
    "text",
    ["10:00\u202fAM PT", "10:00\u00a0AM PT", "10:00 AM\u00a0PT", "10:00\u2009AM PT"],
)
def test_unusual_spaces_are_normalised_but_text_is_verbatim(text: str) -> None:
    mention = only(f"Call at {text}.")
    assert mention.text == text
    assert mention.start == time(10, 0)
    assert mention.zone_token == "PT"


def test_bare_times_are_ignored() -> None:
    assert find_time_mentions("See you at 10:00 in room 4, or 2pm at the latest.") == []


def test_zone_in_parentheses_is_part_of_text() -> None:
    mention = only("Call at 2pm (CET), thanks")
    assert mention.text == "2pm (CET)"
    assert mention.zone_token == "CET"


# --------------------------------------------------------------------------- abbreviations


@pytest.mark.parametrize(
    ("token", "kind", "family"),
    [
        ("EST", "standard", "America/New_York"),
        ("EDT", "daylight", "America/New_York"),
        ("ET", "generic", "America/New_York"),
        ("CST", "standard", "America/Chicago"),
        ("CDT", "daylight", "America/Chicago"),
        ("CT", "generic", "America/Chicago"),
        ("MST", "standard", "America/Denver"),
        ("MDT", "daylight", "America/Denver"),
        ("MT", "generic", "America/Denver"),
        ("PST", "standard", "America/Los_Angeles"),
        ("PDT", "daylight", "America/Los_Angeles"),
        ("PT", "generic", "America/Los_Angeles"),
        ("GMT", "standard", "Europe/London"),
        ("BST", "daylight", "Europe/London"),
        ("CET", "standard", "Europe/Berlin"),
        ("CEST", "daylight", "Europe/Berlin"),
        ("MEZ", "standard", "Europe/Berlin"),
        ("MESZ", "daylight", "Europe/Berlin"),
        ("EET", "standard", "Europe/Helsinki"),
        ("EEST", "daylight", "Europe/Helsinki"),
        ("WET", "standard", "Europe/Lisbon"),
        ("WEST", "daylight", "Europe/Lisbon"),
        ("AEST", "standard", "Australia/Sydney"),
        ("AEDT", "daylight", "Australia/Sydney"),
        ("NZST", "standard", "Pacific/Auckland"),
        ("NZDT", "daylight", "Pacific/Auckland"),
        ("AKST", "standard", "America/Anchorage"),
        ("HST", "standard", "Pacific/Honolulu"),
        ("HNE", "standard", "America/Toronto"),
        ("HAE", "daylight", "America/Toronto"),
        ("UTC", "offset", None),
    ],
)
def test_abbreviation_kind_and_family(token: str, kind: str, family: str | None) -> None:
    mention = only(f"Interview at 10:00 AM {token} sharp")
    assert mention.zone_token == token
    assert mention.kind == kind
    assert mention.family_zone == family


@pytest.mark.parametrize(
    ("token", "offset"),
    [
        ("EST", hours(-5)),
        ("EDT", hours(-4)),
        ("CDT", hours(-5)),
        ("MST", hours(-7)),
        ("MDT", hours(-6)),
        ("PST", hours(-8)),
        ("PDT", hours(-7)),
        ("AKDT", hours(-8)),
        ("ADT", hours(-3)),
        ("NST", -timedelta(hours=3, minutes=30)),
        ("NDT", -timedelta(hours=2, minutes=30)),
        ("GMT", hours(0)),
        ("UTC", hours(0)),
        ("WET", hours(0)),
        ("WEST", hours(1)),
        ("CET", hours(1)),
        ("CEST", hours(2)),
        ("MEZ", hours(1)),
        ("MESZ", hours(2)),
        ("EET", hours(2)),
        ("EEST", hours(3)),
        ("MSK", hours(3)),
        ("IDT", hours(3)),
        ("GST", hours(4)),
        ("PKT", hours(5)),
        ("NPT", timedelta(hours=5, minutes=45)),
        ("SGT", hours(8)),
        ("HKT", hours(8)),
        ("JST", hours(9)),
        ("KST", hours(9)),
        ("ACST", timedelta(hours=9, minutes=30)),
        ("ACDT", timedelta(hours=10, minutes=30)),
        ("AWST", hours(8)),
        ("AEST", hours(10)),
        ("AEDT", hours(11)),
        ("NZST", hours(12)),
        ("NZDT", hours(13)),
        ("SAST", hours(2)),
        ("WAT", hours(1)),
        ("EAT", hours(3)),
        ("BRT", hours(-3)),
        ("ART", hours(-3)),
        ("CLT", hours(-4)),
        ("COT", hours(-5)),
        ("PET", hours(-5)),
    ],
)
def test_unambiguous_abbreviation_offsets(token: str, offset: timedelta) -> None:
    mention = only(f"10:00 {token}")
    assert offsets(mention) == [offset]
    assert mention.meanings[0].zone is None
    assert not mention.ambiguous


@pytest.mark.parametrize(
    ("token", "zone"),
    [
        ("ET", "America/New_York"),
        ("CT", "America/Chicago"),
        ("MT", "America/Denver"),
        ("PT", "America/Los_Angeles"),
    ],
)
def test_generic_us_abbreviations_mean_the_region_clock(token: str, zone: str) -> None:
    mention = only(f"9am {token}")
    assert len(mention.meanings) == 1
    assert mention.meanings[0].offset is None
    assert mention.meanings[0].zone == zone
    assert not mention.ambiguous


def test_ist_has_three_meanings_india_first() -> None:
    mention = only("Phone screen 9:00 AM IST")
    assert offsets(mention) == [
        timedelta(hours=5, minutes=30),
        hours(1),
        hours(2),
    ]
    labels = [meaning.label for meaning in mention.meanings]
    assert "India" in labels[0]
    assert "Irish" in labels[1]
    assert "Israel" in labels[2]
    assert mention.ambiguous
    assert mention.family_zone == "Asia/Kolkata"


def test_cst_has_three_meanings_us_central_first() -> None:
    mention = only("10:00 AM CST")
    assert offsets(mention) == [hours(-6), hours(8), hours(-5)]
    labels = [meaning.label for meaning in mention.meanings]
    assert "Central" in labels[0]
    assert "China" in labels[1]
    assert "Cuba" in labels[2]
    assert mention.ambiguous


def test_bst_is_british_or_bangladesh() -> None:
    mention = only("3pm BST")
    assert offsets(mention) == [hours(1), hours(6)]
    assert "British" in mention.meanings[0].label
    assert "Bangladesh" in mention.meanings[1].label
    assert mention.kind == "daylight"
    assert mention.family_zone == "Europe/London"
    assert mention.ambiguous


def test_ast_is_atlantic_or_arabia() -> None:
    mention = only("11:00 AST")
    assert offsets(mention) == [hours(-4), hours(3)]
    assert "Atlantic" in mention.meanings[0].label
    assert "Arabia" in mention.meanings[1].label
    assert mention.ambiguous


def test_meaning_labels_show_the_offset() -> None:
    assert only("10:00 IST").meanings[0].label == "India Standard Time (UTC+05:30)"
    assert only("10:00 NST").meanings[0].label == "Newfoundland Standard Time (UTC-03:30)"


def test_lowercase_abbreviation_only_right_after_am_pm() -> None:
    mention = only("let's talk at 10 am est")
    assert mention.zone_token == "est"
    assert offsets(mention) == [hours(-5)]
    assert only("10pm cet").zone_token == "cet"
    assert find_time_mentions("at 10:00 est") == []  # no am/pm: too weak
    assert find_time_mentions("at 10 am et") == []  # two-letter ones must be uppercase
    assert find_time_mentions("at 10am ist") == []  # ambiguous ones must be uppercase


def test_abbreviation_must_be_a_whole_word() -> None:
    assert find_time_mentions("10:00 ETA at the office") == []
    assert find_time_mentions("10:00 ESTIMATE") == []
    assert find_time_mentions("10:00 PTO day") == []


def test_short_abbreviations_need_a_time_before_them() -> None:
    assert find_time_mentions("MT Everest, CT scan, PT session, ET phone home") == []
    assert find_time_mentions("Room 10 CT, floor 2 PT, 5 ET") == []


# --------------------------------------------------------------------------- names and offsets


@pytest.mark.parametrize(
    ("name", "kind", "offset", "zone"),
    [
        ("Eastern Time", "generic", None, "America/New_York"),
        ("Central Time", "generic", None, "America/Chicago"),
        ("Mountain Time", "generic", None, "America/Denver"),
        ("Pacific Time", "generic", None, "America/Los_Angeles"),
        ("pacific time", "generic", None, "America/Los_Angeles"),
        ("Eastern Standard Time", "standard", hours(-5), None),
        ("Pacific Daylight Time", "daylight", hours(-7), None),
        ("Central European Time", "standard", hours(1), None),
        ("Central European Summer Time", "daylight", hours(2), None),
        ("Mitteleuropäische Zeit", "standard", hours(1), None),
        ("Mitteleuropäische Sommerzeit", "daylight", hours(2), None),
        ("India Standard Time", "standard", timedelta(hours=5, minutes=30), None),
        ("British Summer Time", "daylight", hours(1), None),
        ("Greenwich Mean Time", "standard", hours(0), None),
    ],
)
def test_zone_names(name: str, kind: str, offset: timedelta | None, zone: str | None) -> None:
    mention = only(f"The call is at 10:00 {name}.")
    assert mention.zone_token == name
    assert mention.kind == kind
    assert len(mention.meanings) == 1
    assert mention.meanings[0].offset == offset
    assert mention.meanings[0].zone == zone
    assert not mention.ambiguous


def test_written_out_names_keep_their_family() -> None:
    assert only("10:00 Eastern Standard Time").family_zone == "America/New_York"
    assert only("10:00 British Summer Time").family_zone == "Europe/London"
    assert only("10:00 Mitteleuropäische Sommerzeit").family_zone == "Europe/Berlin"


def test_heure_de_paris() -> None:
    mention = only("Entretien à 14h (heure de Paris)")
    assert mention.text == "14h (heure de Paris)"
    assert mention.zone_token == "heure de Paris"
    assert mention.kind == "generic"
    assert mention.meanings == (ZoneMeaning("Europe/Paris", None, "Europe/Paris"),)


def test_city_time() -> None:
    mention = only("Let's meet 10am London time")
    assert mention.zone_token == "London time"
    assert mention.meanings[0].zone == "Europe/London"


def test_region_word_alone() -> None:
    mention = only("Talk at 2pm Eastern?")
    assert mention.zone_token == "Eastern"
    assert mention.meanings[0].zone == "America/New_York"
    assert find_time_mentions("Meet at 2pm Central Park") == []


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("10:00 Europe/Berlin", "Europe/Berlin"),
        ("10:00 AM (America/New_York)", "America/New_York"),
        ("9:30 America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
    ],
)
def test_iana_names(text: str, token: str) -> None:
    mention = only(text)
    assert mention.zone_token == token
    assert mention.kind == "generic"
    assert mention.meanings == (ZoneMeaning(token, None, token),)
    assert mention.family_zone == token


def test_unknown_iana_like_names_are_ignored() -> None:
    assert find_time_mentions("10:00 Europe/Atlantis") == []


@pytest.mark.parametrize(
    ("written", "offset"),
    [
        ("UTC+1", hours(1)),
        ("UTC+01:00", hours(1)),
        ("UTC +2", hours(2)),
        ("GMT-5", hours(-5)),
        ("GMT-05:00", hours(-5)),
        ("GMT+05:30", timedelta(hours=5, minutes=30)),
        ("UTC\u221205:00", hours(-5)),
        ("UTC+0100", hours(1)),
        ("UTC-3:30", -timedelta(hours=3, minutes=30)),
    ],
)
def test_explicit_offsets(written: str, offset: timedelta) -> None:
    mention = only(f"Call 15:00 {written} please")
    assert mention.zone_token == written
    assert mention.text == f"15:00 {written}"
    assert mention.kind == "offset"
    assert mention.family_zone is None
    assert offsets(mention) == [offset]
    assert mention.meanings[0].zone is None


def test_offset_label() -> None:
    assert only("15:00 GMT-5").meanings[0].label == "UTC-05:00"


def test_bare_numeric_offset_is_not_enough() -> None:
    assert find_time_mentions("Call 10:00 +0100 or 10:00 +01:00") == []


def test_absurd_offset_is_rejected() -> None:
    assert find_time_mentions("10:00 UTC+25") == []
    assert find_time_mentions("10:00 GMT+99:00") == []


def test_z_only_directly_attached() -> None:
    mention = only("Starts 14:00Z.")
    assert mention.text == "14:00Z"
    assert mention.zone_token == "Z"
    assert mention.kind == "offset"
    assert offsets(mention) == [hours(0)]
    assert find_time_mentions("Starts 14:00 Z") == []
    assert find_time_mentions("Plan 14:00Zulu") == []


def test_iso_datetime_with_offset() -> None:
    utc = only("DTSTART 2026-12-08T10:00:00Z")
    assert utc.on == date(2026, 12, 8)
    assert offsets(utc) == [hours(0)]
    plus = only("at 2026-12-08T10:00:00+01:00 sharp")
    assert plus.zone_token == "+01:00"
    assert plus.on == date(2026, 12, 8)
    assert offsets(plus) == [hours(1)]


# --------------------------------------------------------------------------- Google and Outlook


def test_google_body() -> None:
    text = (
        "Interview with Acme\n"
        "Tuesday Dec 8, 2026 \u22c5 10am \u2013 10:45am (Central European Time - Berlin)\n"
        "Google Meet joining info"
    )
    mention = only(text)
    assert mention.text == "10am \u2013 10:45am (Central European Time - Berlin)"
    assert mention.start == time(10, 0)
    assert mention.end == time(10, 45)
    assert mention.on == date(2026, 12, 8)
    assert mention.zone_token == "Central European Time - Berlin"
    assert mention.kind == "generic"
    assert mention.meanings == (ZoneMeaning("Europe/Berlin", None, "Europe/Berlin"),)
    assert mention.family_zone == "Europe/Berlin"


@pytest.mark.parametrize(
    ("name", "zone"),
    [
        ("Eastern Time - New York", "America/New_York"),
        ("India Standard Time - Kolkata", "Asia/Kolkata"),
        ("Pacific Time - Los Angeles", "America/Los_Angeles"),
        ("Brasilia Standard Time - Sao Paulo", "America/Sao_Paulo"),
        ("Greenwich Mean Time - London", "Europe/London"),
    ],
)
def test_google_zone_names_resolve_the_city(name: str, zone: str) -> None:
    mention = only(f"Wed Dec 9 \u22c5 9am \u2013 10am ({name})")
    assert mention.zone_token == name
    assert mention.kind == "generic"
    assert mention.meanings[0].zone == zone
    assert mention.meanings[0].offset is None
    assert mention.on is None  # no year written


def test_google_unknown_city_falls_back_to_the_name() -> None:
    mention = only("9am (Central European Time - Atlantis)")
    assert mention.kind == "standard"
    assert offsets(mention) == [hours(1)]


def test_outlook_body() -> None:
    text = (
        "When: Tuesday, December 8, 2026 10:00 AM-10:45 AM (UTC+01:00) Amsterdam, Berlin, "
        "Bern, Rome, Stockholm, Vienna\nWhere: Microsoft Teams Meeting"
    )
    mention = only(text)
    token = "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"
    assert mention.text == "10:00 AM-10:45 AM " + token
    assert mention.zone_token == token
    assert mention.start == time(10, 0)
    assert mention.end == time(10, 45)
    assert mention.on == date(2026, 12, 8)
    assert mention.kind == "generic"
    assert mention.meanings == (ZoneMeaning("Europe/Amsterdam", None, "Europe/Amsterdam"),)
    assert mention.family_zone == "Europe/Amsterdam"
    assert not mention.ambiguous


@pytest.mark.parametrize(
    ("display", "zone"),
    [
        ("(UTC-05:00) Eastern Time (US & Canada)", "America/New_York"),
        ("(UTC-08:00) Pacific Time (US & Canada)", "America/Los_Angeles"),
        ("(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi", "Asia/Kolkata"),
        ("(UTC+00:00) Dublin, Edinburgh, Lisbon, London", "Europe/Dublin"),
        ("(UTC+03:00) Moscow, St. Petersburg", "Europe/Moscow"),
        ("(UTC-07:00) Arizona", "America/Phoenix"),
        ("(GMT+01:00) Berlin", "Europe/Berlin"),
    ],
)
def test_outlook_display_names(display: str, zone: str) -> None:
    mention = only(f"When: 9:00 AM-9:30 AM {display}\n")
    assert mention.zone_token == display
    assert mention.kind == "generic"
    assert mention.meanings == (ZoneMeaning(zone, None, zone),)
    assert mention.family_zone == zone


def test_outlook_display_name_without_a_known_city_is_the_written_offset() -> None:
    mention = only("When: 9:00 AM (UTC+01:00) West Central Africa\n")
    assert mention.zone_token == "(UTC+01:00) West Central Africa"
    assert offsets(mention) == [hours(1)]
    assert mention.meanings[0].zone is None


def test_offset_in_parentheses_without_cities_is_an_offset() -> None:
    mention = only("9:00 AM (UTC+01:00).")
    assert mention.text == "9:00 AM (UTC+01:00)"
    assert mention.zone_token == "UTC+01:00"
    assert mention.kind == "offset"


# --------------------------------------------------------------------------- German and French


def test_german_uhr_mez() -> None:
    mention = only("Vorstellungsgespräch um 14:00 Uhr MEZ")
    assert mention.text == "14:00 Uhr MEZ"
    assert mention.start == time(14, 0)
    assert mention.zone_token == "MEZ"
    assert mention.kind == "standard"
    assert offsets(mention) == [hours(1)]
    assert mention.family_zone == "Europe/Berlin"


def test_german_date_and_mesz() -> None:
    mention = only("Termin: 8. Dezember 2026, 14:00 Uhr MESZ")
    assert mention.text == "14:00 Uhr MESZ"
    assert mention.on == date(2026, 12, 8)
    assert mention.kind == "daylight"
    assert offsets(mention) == [hours(2)]


def test_german_weekday_and_um() -> None:
    mention = only("Mittwoch, 9. Dezember 2026 um 14:00 Uhr (MEZ)")
    assert mention.text == "14:00 Uhr (MEZ)"
    assert mention.on == date(2026, 12, 9)


def test_french_date_and_range() -> None:
    mention = only("le 8 décembre 2026 de 10h à 11h (heure de Paris)")
    assert mention.start == time(10, 0)
    assert mention.end == time(11, 0)
    assert mention.on == date(2026, 12, 8)


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tuesday, December 8, 2026 10:00 AM EST", date(2026, 12, 8)),
        ("Dec 8, 2026 \u22c5 10am PT", date(2026, 12, 8)),
        ("Dec. 8 2026, 10am PT", date(2026, 12, 8)),
        ("2026-12-08 10:00 CET", date(2026, 12, 8)),
        ("8. Dezember 2026, 14:00 Uhr MEZ", date(2026, 12, 8)),
        ("8.12.2026 14:00 MEZ", date(2026, 12, 8)),
        ("8 December 2026 at 10:00 GMT", date(2026, 12, 8)),
        ("Tuesday 8th of December 2026 @ 10:00 GMT", date(2026, 12, 8)),
        ("March 3rd, 2027 - 9am ET", date(2027, 3, 3)),
        ("10:00 AM EST on Tuesday, December 8, 2026", date(2026, 12, 8)),
        ("14:00 Uhr MEZ am 8. Dezember 2026", date(2026, 12, 8)),
    ],
)
def test_dates_next_to_the_time(text: str, expected: date) -> None:
    assert only(text).on == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tuesday Dec 8 10am ET",  # no year
        "Tuesday Dec 8 \u22c5 10am (Eastern Time - New York)",
        "February 30, 2026 10:00 CET",  # no such day
        "Smarch 8, 2026 10:00 CET",  # no such month
        "Dec 8, 2026 is the day. Later: 10:00 CET",  # not next to the time
        "12/08/2026 10:00 CET",  # US or European? don't guess
    ],
)
def test_no_date_when_not_sure(text: str) -> None:
    assert only(text).on is None


# --------------------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    ("text", "written", "start", "end"),
    [
        ("Slot: 11:00 - 12:00 AST", "11:00 - 12:00 AST", time(11), time(12)),
        ("Dinner 7pm - 8pm (CET)", "7pm - 8pm (CET)", time(19), time(20)),
        ("10am \u2013 10:45am CET", "10am \u2013 10:45am CET", time(10), time(10, 45)),
        ("10am \u2014 11am CET", "10am \u2014 11am CET", time(10), time(11)),
        ("10:00-11:00 UTC", "10:00-11:00 UTC", time(10), time(11)),
        ("from 10am to 11am ET", "10am to 11am ET", time(10), time(11)),
        ("von 14 bis 15 Uhr MEZ", "14 bis 15 Uhr MEZ", time(14), time(15)),
        ("10-11am PT", "10-11am PT", time(10), time(11)),
        ("11-1pm PT", "11-1pm PT", time(11), time(13)),
        ("11:30-12:30pm PT", "11:30-12:30pm PT", time(11, 30), time(12, 30)),
        ("10:00 - 11:00 PM CET", "10:00 - 11:00 PM CET", time(22), time(23)),
        ("10am ET - 11am ET", "10am ET - 11am ET", time(10), time(11)),
        ("10:00 AM EST to 11:00 AM EST", "10:00 AM EST to 11:00 AM EST", time(10), time(11)),
        ("23:00 - 00:30 UTC", "23:00 - 00:30 UTC", time(23), time(0, 30)),
    ],
)
def test_ranges(text: str, written: str, start: time, end: time) -> None:
    mention = only(text)
    assert mention.text == written
    assert mention.start == start
    assert mention.end == end


def test_range_with_different_zones_is_two_mentions() -> None:
    first, second = find_time_mentions("10:00 AM EST - 11:00 AM CST")
    assert (first.zone_token, first.end) == ("EST", None)
    assert (second.zone_token, second.start) == ("CST", time(11))


def test_too_long_range_from_a_bare_hour_is_not_guessed() -> None:
    # "9-5pm" is a working day, not an interview; neither "9" nor "5pm" alone is right.
    assert find_time_mentions("Office hours 9-5pm PT") == []


def test_bare_number_before_a_time_is_not_a_range() -> None:
    mention = only("Room 5 - 10:00 CET")
    assert mention.text == "10:00 CET"
    assert mention.end is None


# --------------------------------------------------------------------------- several times


def test_two_times_in_one_text() -> None:
    first, second = find_time_mentions("Interview 10:00 AM PT (11:00 AM MT for you)")
    assert first.text == "10:00 AM PT"
    assert first.start == time(10, 0)
    assert first.meanings[0].zone == "America/Los_Angeles"
    assert second.text == "11:00 AM MT"
    assert second.start == time(11, 0)
    assert second.meanings[0].zone == "America/Denver"


def test_mentions_come_in_order() -> None:
    text = "9am PT / 12pm ET / 17:00 GMT / 18:00 CET / 22:30 IST"
    mentions = find_time_mentions(text)
    assert [m.zone_token for m in mentions] == ["PT", "ET", "GMT", "CET", "IST"]
    positions = [text.index(m.text) for m in mentions]
    assert positions == sorted(positions)


def test_same_time_twice_is_reported_twice() -> None:
    assert len(find_time_mentions("10am ET. Again: 10am ET.")) == 2


# --------------------------------------------------------------------------- false positives


@pytest.mark.parametrize(
    "text",
    [
        "Join Zoom Meeting https://zoom.us/j/123456789?pwd=aBcD12.8:00PST",
        "https://example.com/meet?at=8:00%20PST&tz=EST",
        "https://example.com/8:00-PST/10:00EST",
        "www.example.com/slots/10:00CET",
        "https://example.com/a,10:00PST",
        "https://example.com/(10:00PST)",
        "HTTPS://EXAMPLE.COM/x(9am_ET)",
        "Dial +1 415 555 0100 or +49 30 1234567 (EST callers first)",
        "Phone: +44 20 7946 0958 BST",
        "Meeting ID: 123 456 7890\nPasscode: 12345",
        "Install v2.10 CET edition",
        "Room 14 CET wing",
        "Price: $14.00 CET, \u20ac12.50 CET",
        "Duration: 45 min CET",
        "2026-12-08",
        "1st round, 2nd round",
        "IP 10.20.30.40 GMT",
        "Score 3:2 ET",
        "Section 4.12.1 PT",
        "10:00",
        "",
    ],
)
def test_no_false_positives(text: str) -> None:
    assert find_time_mentions(text) == []


def test_attached_zone_outside_a_url_is_found() -> None:
    assert only("Call at (10:00PST)").zone_token == "PST"


def test_time_right_after_a_url_is_still_found() -> None:
    text = "Link: https://meet.google.com/abc-defg-hij?t=10:00EST\nStarts 10:00 AM EST."
    mention = only(text)
    assert mention.text == "10:00 AM EST"
    assert text.index(mention.text) > text.index("\n")


# --------------------------------------------------------------------------- API details


def test_dataclasses_are_frozen() -> None:
    mention = only("10:00 CET")
    with pytest.raises(dataclasses.FrozenInstanceError):
        mention.start = time(11)  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        mention.meanings[0].offset = None  # type: ignore[misc]


def test_ambiguous_ignores_region_meanings() -> None:
    mention = TimeMention(
        text="x",
        start=time(10),
        end=None,
        on=None,
        zone_token="X",
        meanings=(
            ZoneMeaning("a", hours(1), None),
            ZoneMeaning("b", None, "Europe/Berlin"),
            ZoneMeaning("c", hours(1), None),
        ),
        family_zone=None,
        kind="standard",
    )
    assert not mention.ambiguous
    assert dataclasses.replace(
        mention, meanings=(*mention.meanings, ZoneMeaning("d", hours(2), None))
    ).ambiguous


def test_only_the_first_part_of_huge_text_is_scanned() -> None:
    assert find_time_mentions(" " * MAX_SCAN_CHARS + "10:00 CET") == []
    assert len(find_time_mentions("10:00 CET" + " " * MAX_SCAN_CHARS)) == 1


# --------------------------------------------------------------------------- robustness

_FRAGMENTS = [
    "10",
    "10:00",
    "10.30",
    "14h",
    "h",
    "00",
    ":",
    ".",
    "am",
    "PM",
    "a.m.",
    " ",
    "\u00a0",
    "\u202f",
    "\u22c5",
    "-",
    "\u2013",
    " to ",
    " bis ",
    "Uhr",
    "(",
    ")",
    "[",
    "]",
    ",",
    "EST",
    "IST",
    "CET",
    "MEZ",
    "Z",
    "T",
    "UTC",
    "GMT",
    "+",
    "\u2212",
    "01:00",
    "5",
    "Eastern Time",
    "Central European Time",
    " - ",
    "Berlin",
    "Kolkata",
    "Europe/Berlin",
    "(UTC+01:00) ",
    "Amsterdam, ",
    "heure de ",
    "Paris",
    " time",
    "Dec",
    "8",
    "2026",
    "2026-12-08",
    "Dezember",
    "\n",
    "https://",
    "www.",
    "/",
    "?",
    "=",
    "$",
    "noon",
    "12",
]


@settings(max_examples=examples(300), deadline=None)
@given(st.text())
def test_random_text_never_raises(text: str) -> None:
    for mention in find_time_mentions(text):
        assert mention.text in text
        assert mention.zone_token in mention.text
        assert mention.meanings


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=30).map("".join))
def test_time_like_text_never_raises(text: str) -> None:
    for mention in find_time_mentions(text):
        assert mention.text in text
        assert mention.zone_token in mention.text
        assert mention.meanings
        assert mention.kind in ("standard", "daylight", "generic", "offset")
        assert isinstance(mention.start, time)
        assert mention.end is None or isinstance(mention.end, time)


_HOSTILE = [
    "1" * 1_000_000,
    "10:00 " * 170_000,
    "10:00 AM EST " * 80_000,
    "10-" * 350_000,
    "10:00 (" * 150_000,
    "10am (A - " * 100_000,
    "10:00 (UTC+01:00) " + "Amsterdam, " * 100_000,
    "10:00 (UTC+01:00) Aaaa Aaaa Aaaa " * 40_000,
    "Dec 8, 2026 " * 85_000,
    "https://" + "a" * 1_000_000,
    "\u00a0" * 1_000_000,
    "10:00\u202f" * 170_000,
    "1.1." * 250_000,
    "10h heure de " * 80_000,
    "10:00 Aa/Bb/Cc/Dd/" * 60_000,
]


_SCAN_IN_CHILD = """
import json, resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from noshow.textscan import find_time_mentions
texts = json.load(sys.stdin)
json.dump([[m.text for m in find_time_mentions(t)[:5]] for t in texts], sys.stdout)
"""


@pytest.fixture(scope="module")
def hostile_scans() -> list[list[str]]:
    """Every hostile text scanned in one child process with a memory limit and a hang guard: a
    bound without a clock (a quadratic scan of a megabyte never ends within the guard)."""
    done = subprocess.run(
        [sys.executable, "-c", _SCAN_IN_CHILD, str(MEMORY_LIMIT)],
        input=json.dumps(_HOSTILE).encode(),
        capture_output=True,
        timeout=REQUEST_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    found: list[list[str]] = json.loads(done.stdout)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(_HOSTILE)))
def test_hostile_megabyte_is_scanned_within_bounds(
    index: int, hostile_scans: list[list[str]]
) -> None:
    text = _HOSTILE[index]
    assert len(text) >= 1_000_000
    for mention in hostile_scans[index]:
        assert mention in text

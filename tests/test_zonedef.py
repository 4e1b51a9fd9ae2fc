"""DefinedZone: an invite's own VTIMEZONE, evaluated by noshow, checked against tzdata.

Every expectation here comes from tzdata (zoneinfo, UTC -> local only) or from plain
arithmetic on the offsets written in the definition, never from noshow itself.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from noshow.errors import InviteError
from noshow.invites import read_document
from noshow.model import Resolution
from noshow.parsing.ics import CalendarDoc, parse_calendars
from noshow.zonedef import MAX_BLOCKS, MAX_ONSET_STEPS, PROBE_STEPS, DefinedZone
from noshow.zones import ZoneContext, match_definition, resolve_time, resolve_zone, suggested_zones

H = timedelta(hours=1)


def calendar(body: str) -> str:
    """A VCALENDAR around ``body`` (a VTIMEZONE, maybe events), with CRLF line ends."""
    text = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//noshow tests//EN\n" + body.strip()
    return (text + "\nEND:VCALENDAR\n").replace("\n", "\r\n")


def parsed(body: str) -> CalendarDoc:
    """``body`` read the way noshow reads every invite (parse_calendars)."""
    (doc,) = parse_calendars(calendar(body))
    return doc


def defined(body: str) -> DefinedZone:
    doc = parsed(body)
    assert not doc.definition_errors
    (zone,) = doc.definitions.values()
    return zone


# Outlook/Exchange write every zone with a dummy 1601 start and a yearly rule.
W_EUROPE = """
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
"""

EASTERN = """
BEGIN:VTIMEZONE
TZID:Eastern Standard Time
BEGIN:STANDARD
DTSTART:16010101T020000
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
"""

# Brazil dropped daylight saving time in 2019; Outlook installs that were never updated still
# send this (DST from the first Sunday of November to the third Sunday of February).
STALE_BRAZIL = """
BEGIN:VTIMEZONE
TZID:E. South America Standard Time
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:-0200
TZOFFSETTO:-0300
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=3SU;BYMONTH=2
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T000000
TZOFFSETFROM:-0300
TZOFFSETTO:-0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11
END:DAYLIGHT
END:VTIMEZONE
"""

# America/Sao_Paulo's last daylight-saving seasons, written as onsets (DTSTART + RDATE), the
# way full-history exporters write irregular zones. The last STANDARD onset uses a second RDATE
# line and a PERIOD value, both allowed by RFC 5545.
SAO_PAULO_RDATES = """
BEGIN:VTIMEZONE
TZID:America/Sao_Paulo-history
BEGIN:DAYLIGHT
DTSTART:20161016T000000
RDATE:20171015T000000,20181104T000000
TZOFFSETFROM:-0300
TZOFFSETTO:-0200
TZNAME:-02
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:20170219T000000
RDATE:20180218T000000
RDATE;VALUE=PERIOD:20190217T000000/PT1H
TZOFFSETFROM:-0200
TZOFFSETTO:-0300
TZNAME:-03
END:STANDARD
END:VTIMEZONE
"""

INDIA_STANDARD_ONLY = """
BEGIN:VTIMEZONE
TZID:India Standard Time
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:+0530
TZOFFSETTO:+0530
TZNAME:IST
END:STANDARD
END:VTIMEZONE
"""

# Liberia moved from -0:44:30 to UTC at 1972-01-07 00:00 local time.
MONROVIA_SECONDS = """
BEGIN:VTIMEZONE
TZID:Monrovia Mean Time
BEGIN:STANDARD
DTSTART:19720107T000000
TZOFFSETFROM:-004430
TZOFFSETTO:+0000
TZNAME:GMT
END:STANDARD
END:VTIMEZONE
"""

# icalendar's own test file: Los Angeles leaving local mean time in 1883.
LOS_ANGELES_LMT = """
BEGIN:VTIMEZONE
TZID:America/Los Angeles
BEGIN:STANDARD
DTSTART:18831118T120702
RDATE:18831118T120702
TZNAME:PST
TZOFFSETFROM:-075258
TZOFFSETTO:-0800
END:STANDARD
END:VTIMEZONE
"""

# A full-history export (tzurl.org style): RFC 5545 requires a VTIMEZONE rule's UNTIL in UTC.
# For a zone east of UTC the last onset's UTC date is the day before its local date.
SYDNEY_HISTORY = """
BEGIN:VTIMEZONE
TZID:Sydney-history
BEGIN:STANDARD
TZOFFSETFROM:+1100
TZOFFSETTO:+1000
TZNAME:AEST
DTSTART:20000326T030000
RRULE:FREQ=YEARLY;UNTIL=20050326T160000Z;BYMONTH=3;BYDAY=-1SU
END:STANDARD
BEGIN:DAYLIGHT
TZOFFSETFROM:+1000
TZOFFSETTO:+1100
TZNAME:AEDT
DTSTART:20011028T020000
RRULE:FREQ=YEARLY;UNTIL=20071027T160000Z;BYMONTH=10;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+1100
TZOFFSETTO:+1000
TZNAME:AEST
DTSTART:20060402T030000
RDATE:20070325T030000
END:STANDARD
BEGIN:STANDARD
TZOFFSETFROM:+1100
TZOFFSETTO:+1000
TZNAME:AEST
DTSTART:20080406T030000
RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU
END:STANDARD
BEGIN:DAYLIGHT
TZOFFSETFROM:+1000
TZOFFSETTO:+1100
TZNAME:AEDT
DTSTART:20081005T020000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU
END:DAYLIGHT
END:VTIMEZONE
"""


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def grid(start: datetime, end: datetime, step: timedelta) -> list[datetime]:
    out = []
    t = start
    while t < end:
        out.append(t)
        t += step
    return out


def assert_same_offsets(zone: DefinedZone, iana: str, instants: list[datetime]) -> None:
    tz = ZoneInfo(iana)
    wrong = [
        (t, zone.offset_at(t), t.astimezone(tz).utcoffset())
        for t in instants
        if zone.offset_at(t) != t.astimezone(tz).utcoffset()
    ]
    assert not wrong, wrong[:5]


# -- Outlook-style 1601 definitions ----------------------------------------------------------


def test_outlook_w_europe_follows_berlin_every_hour() -> None:
    zone = defined(W_EUROPE)
    assert zone.tzid == "W. Europe Standard Time"
    assert_same_offsets(zone, "Europe/Berlin", grid(utc(2024, 1, 1), utc(2028, 1, 1), H))


def test_outlook_eastern_follows_new_york_every_hour() -> None:
    zone = defined(EASTERN)
    assert_same_offsets(zone, "America/New_York", grid(utc(2024, 1, 1), utc(2028, 1, 1), H))


@pytest.mark.parametrize(
    ("body", "onset", "before", "after"),
    [
        (W_EUROPE, utc(2026, 3, 29, 1), 1, 2),
        (W_EUROPE, utc(2026, 10, 25, 1), 2, 1),
        (EASTERN, utc(2026, 3, 8, 7), -5, -4),
        (EASTERN, utc(2026, 11, 1, 6), -4, -5),
    ],
)
def test_transition_to_the_second(body: str, onset: datetime, before: int, after: int) -> None:
    zone = defined(body)
    assert zone.offset_at(onset - timedelta(seconds=1)) == timedelta(hours=before)
    assert zone.offset_at(onset) == timedelta(hours=after)
    # A naive instant is read as UTC, like an aware one.
    assert zone.offset_at(onset.replace(tzinfo=None)) == timedelta(hours=after)


def test_old_outlook_dates_before_the_first_onset_use_the_from_offset() -> None:
    zone = defined(W_EUROPE)
    assert zone.offset_at(utc(1500, 6, 1)) == timedelta(hours=1)


# -- gap and fold readings -----------------------------------------------------------------------


def test_gap_reads_with_the_offset_before_the_gap() -> None:
    zone = defined(W_EUROPE)
    wall = datetime(2026, 3, 29, 2, 30)
    assert zone.readings(wall) == []
    assert zone.to_instant(wall) == utc(2026, 3, 29, 1, 30)  # 02:30 at +01:00
    assert wall.replace(tzinfo=zone).utcoffset() == timedelta(hours=1)
    # The same reading as tzdata's fold=0 (PEP 495: the offset before the gap).
    berlin = wall.replace(tzinfo=ZoneInfo("Europe/Berlin")).astimezone(UTC)
    assert zone.to_instant(wall) == berlin
    # Just outside the gap, times are ordinary again.
    assert zone.to_instant(datetime(2026, 3, 29, 1, 59)) == utc(2026, 3, 29, 0, 59)
    assert zone.to_instant(datetime(2026, 3, 29, 3, 0)) == utc(2026, 3, 29, 1, 0)


def test_fold_reads_the_first_occurrence_unless_fold_is_set() -> None:
    zone = defined(W_EUROPE)
    wall = datetime(2026, 10, 25, 2, 30)
    assert zone.readings(wall) == [datetime(2026, 10, 25, 0, 30), datetime(2026, 10, 25, 1, 30)]
    assert zone.to_instant(wall) == utc(2026, 10, 25, 0, 30)
    assert zone.to_instant(wall, fold=1) == utc(2026, 10, 25, 1, 30)
    first, second = wall.replace(tzinfo=zone), wall.replace(tzinfo=zone, fold=1)
    assert first.utcoffset() == timedelta(hours=2)
    assert second.utcoffset() == timedelta(hours=1)
    assert first.dst() == timedelta(hours=1)
    assert second.dst() == timedelta(0)
    # No TZNAME in an Outlook definition: the TZID stands in.
    assert first.tzname() == "W. Europe Standard Time"
    assert zone.tzname(None) == "W. Europe Standard Time"
    assert zone.utcoffset(None) is None and zone.dst(None) is None


def test_eastern_gap_and_fold() -> None:
    zone = defined(EASTERN)
    assert zone.readings(datetime(2026, 3, 8, 2, 15)) == []
    assert zone.to_instant(datetime(2026, 3, 8, 2, 15)) == utc(2026, 3, 8, 7, 15)
    assert zone.to_instant(datetime(2026, 11, 1, 1, 15)) == utc(2026, 11, 1, 5, 15)
    assert zone.to_instant(datetime(2026, 11, 1, 1, 15), fold=1) == utc(2026, 11, 1, 6, 15)


@pytest.mark.parametrize(
    ("body", "iana"), [(W_EUROPE, "Europe/Berlin"), (EASTERN, "America/New_York")]
)
def test_fromutc_round_trip_matches_tzdata(body: str, iana: str) -> None:
    zone = defined(body)
    tz = ZoneInfo(iana)
    instants = grid(utc(2026, 1, 1), utc(2027, 1, 1), timedelta(hours=7))
    for day in (utc(2026, 3, 8), utc(2026, 3, 29), utc(2026, 10, 25), utc(2026, 11, 1)):
        instants += grid(day, day + timedelta(days=1), timedelta(minutes=10))
    for instant in instants:
        local = instant.astimezone(zone)  # fromutc
        expected = instant.astimezone(tz)
        assert local.replace(tzinfo=None) == expected.replace(tzinfo=None), instant
        assert local.fold == expected.fold, instant
        assert local.utcoffset() == expected.utcoffset(), instant
        assert local.astimezone(UTC) == instant, instant


# -- RDATE-based, STANDARD-only and seconds ------------------------------------------------------


def test_rdate_definition_follows_sao_paulo() -> None:
    zone = defined(SAO_PAULO_RDATES)
    assert_same_offsets(
        zone, "America/Sao_Paulo", grid(utc(2016, 6, 1), utc(2020, 6, 1), timedelta(minutes=30))
    )
    # Every onset to the second, including the one given as a PERIOD on a second RDATE line.
    for onset, after in [
        (utc(2017, 10, 15, 3), -2),
        (utc(2018, 2, 18, 2), -3),
        (utc(2018, 11, 4, 3), -2),
        (utc(2019, 2, 17, 2), -3),
    ]:
        assert zone.offset_at(onset) == timedelta(hours=after)
        assert zone.offset_at(onset - timedelta(seconds=1)) == timedelta(hours=-5 - after)


def test_rdate_definition_gap_fold_and_names() -> None:
    zone = defined(SAO_PAULO_RDATES)
    # Midnight 2018-11-04 never happened in Sao Paulo; read at -03:00.
    assert zone.readings(datetime(2018, 11, 4, 0, 30)) == []
    assert zone.to_instant(datetime(2018, 11, 4, 0, 30)) == utc(2018, 11, 4, 3, 30)
    # 23:30 on 2019-02-16 happened twice; the first is at -02:00.
    assert zone.to_instant(datetime(2019, 2, 16, 23, 30)) == utc(2019, 2, 17, 1, 30)
    assert zone.to_instant(datetime(2019, 2, 16, 23, 30), fold=1) == utc(2019, 2, 17, 2, 30)
    assert datetime(2018, 12, 1, 12, tzinfo=zone).tzname() == "-02"
    assert datetime(2019, 6, 1, 12, tzinfo=zone).tzname() == "-03"
    assert datetime(2018, 12, 1, 12, tzinfo=zone).dst() == H
    assert datetime(2019, 6, 1, 12, tzinfo=zone).dst() == timedelta(0)


def test_standard_only_definition() -> None:
    zone = defined(INDIA_STANDARD_ONLY)
    for instant in grid(utc(2026, 1, 1), utc(2027, 1, 1), timedelta(hours=13)):
        assert zone.offset_at(instant) == timedelta(hours=5, minutes=30)
    wall = datetime(2026, 3, 29, 2, 30)
    assert zone.readings(wall) == [datetime(2026, 3, 28, 21, 0)]
    assert zone.to_instant(wall) == utc(2026, 3, 28, 21, 0)
    local = wall.replace(tzinfo=zone)
    assert local.dst() == timedelta(0)
    assert local.tzname() == "IST"
    match = match_definition(zone, 2026, [])
    assert match is not None and match.exact
    assert match.zone == "Asia/Kolkata"


def test_offsets_with_seconds_leave_a_gap_of_44_minutes_30() -> None:
    zone = defined(MONROVIA_SECONDS)
    before = -timedelta(minutes=44, seconds=30)
    assert zone.offset_at(utc(1971, 6, 1)) == before
    assert zone.offset_at(utc(1972, 1, 7, 0, 44, 29)) == before
    assert zone.offset_at(utc(1972, 1, 7, 0, 44, 30)) == timedelta(0)
    assert zone.to_instant(datetime(1971, 12, 31, 12)) == utc(1971, 12, 31, 12, 44, 30)
    # 00:00 to 00:44:29 on 1972-01-07 never happened; read with the offset before.
    assert zone.readings(datetime(1972, 1, 7, 0, 20)) == []
    assert zone.to_instant(datetime(1972, 1, 7, 0, 20)) == utc(1972, 1, 7, 1, 4, 30)
    tz = ZoneInfo("Africa/Monrovia")
    for instant in grid(utc(1972, 1, 6), utc(1972, 1, 8), timedelta(minutes=7)):
        assert instant.astimezone(zone).utcoffset() == instant.astimezone(tz).utcoffset()
        assert instant.astimezone(zone).astimezone(UTC) == instant


def test_offsets_with_seconds_leave_a_fold_of_7_minutes_2() -> None:
    zone = defined(LOS_ANGELES_LMT)
    lmt = -timedelta(hours=7, minutes=52, seconds=58)
    assert zone.offset_at(utc(1883, 11, 18, 19, 59, 59)) == lmt
    assert zone.offset_at(utc(1883, 11, 18, 20)) == timedelta(hours=-8)
    wall = datetime(1883, 11, 18, 12, 3)
    assert zone.readings(wall) == [
        datetime(1883, 11, 18, 19, 55, 58),
        datetime(1883, 11, 18, 20, 3),
    ]
    assert zone.to_instant(wall) == utc(1883, 11, 18, 19, 55, 58)
    assert zone.to_instant(wall, fold=1) == utc(1883, 11, 18, 20, 3)


def test_utc_until_keeps_the_last_onset_east_of_utc() -> None:
    """RFC 5545 §3.8.5.3: a VTIMEZONE rule's UNTIL is UTC. 20050326T160000Z is the 2005-03-27
    03:00 (+11:00) onset itself, so that onset belongs to the rule."""
    zone = defined(SYDNEY_HISTORY)
    assert_same_offsets(
        zone, "Australia/Sydney", grid(utc(2001, 4, 1), utc(2011, 1, 1), timedelta(hours=3))
    )
    assert zone.offset_at(utc(2005, 3, 26, 15, 59, 59)) == timedelta(hours=11)
    assert zone.offset_at(utc(2005, 3, 26, 16)) == timedelta(hours=10)
    assert zone.offset_at(utc(2007, 10, 27, 16)) == timedelta(hours=11)


# -- bounds ----------------------------------------------------------------------------------------


def one_rule(rule: str, blocks: int = 1) -> str:
    block = (
        "BEGIN:STANDARD\nDTSTART:16010101T000000\nRRULE:"
        + rule
        + "\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nEND:STANDARD\n"
    )
    return "BEGIN:VTIMEZONE\nTZID:Hostile\n" + block * blocks + "END:VTIMEZONE"


@pytest.mark.parametrize("freq", ["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY"])
def test_rules_more_frequent_than_yearly_are_refused_quickly(freq: str) -> None:
    zone = defined(one_rule(f"FREQ={freq}"))
    with pytest.raises(InviteError, match="recurs too often to be a time zone"):
        zone.offset_at(utc(2026, 12, 1))
    assert zone.steps_taken == 0  # refused before a single rule step


def test_yearly_rule_with_endless_onsets_is_refused_quickly() -> None:
    # Twice a day, every day, since 1601: hundreds of thousands of onsets before 2026.
    zone = defined(one_rule("FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=0,12"))
    with pytest.raises(InviteError, match="recurs too often"):
        zone.offset_at(utc(2026, 12, 1))
    # The budget, not the rule, ends the work: a bound in steps, whatever the machine.
    assert zone.steps_taken <= MAX_ONSET_STEPS + 1


def test_rule_that_never_occurs_is_cheap_and_adds_no_onset() -> None:
    # dateutil alone would search every year up to 9999 for a 30 February: seconds per rule.
    zone = defined(one_rule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"))
    assert zone.offset_at(utc(2026, 12, 1)) == timedelta(hours=1)  # TZOFFSETFROM: no onset
    assert zone.to_instant(datetime(2026, 12, 1, 10)) == utc(2026, 12, 1, 9)
    # Only the fixed charge for checking that the rule ever occurs: no walk up to 9999.
    assert zone.steps_taken == PROBE_STEPS


def test_many_rules_that_never_occur_are_refused_quickly() -> None:
    zone = defined(one_rule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", blocks=MAX_BLOCKS))
    with pytest.raises(InviteError, match="too many rules"):
        zone.offset_at(utc(2026, 12, 1))
    assert zone.steps_taken <= MAX_ONSET_STEPS + PROBE_STEPS


def test_invalid_rule_is_an_invite_error() -> None:
    zone = defined(one_rule("FREQ=YEARLY;BYSETPOS=400;BYMONTH=1"))
    with pytest.raises(InviteError, match="is not valid"):
        zone.offset_at(utc(2026, 12, 1))


def test_definition_without_rules_is_refused() -> None:
    doc = parsed("BEGIN:VTIMEZONE\nTZID:Empty\nEND:VTIMEZONE")
    assert doc.definitions == {}
    assert "no STANDARD or DAYLIGHT" in doc.definition_errors["Empty"]


def test_too_many_blocks_are_refused() -> None:
    block = (
        "BEGIN:STANDARD\nDTSTART:19700101T000000\n"
        "TZOFFSETFROM:+0100\nTZOFFSETTO:+0100\nEND:STANDARD\n"
    )
    doc = parsed("BEGIN:VTIMEZONE\nTZID:Many\n" + block * (MAX_BLOCKS + 1) + "END:VTIMEZONE")
    assert doc.definitions == {}
    assert f"more than {MAX_BLOCKS}" in doc.definition_errors["Many"]


def test_definition_that_dateutil_cannot_build_is_still_read() -> None:
    """icalendar builds a dateutil zone from each VTIMEZONE and caches it by TZID for the whole
    process; dateutil refuses RDATE;VALUE=PERIOD. noshow must read such a file (the same way
    whatever it read before), since it evaluates VTIMEZONEs itself."""
    body = (
        SAO_PAULO_RDATES.replace("America/Sao_Paulo-history", "Period Zone")
        + """
BEGIN:VEVENT
UID:period@example.com
DTSTAMP:20180101T000000Z
DTSTART;TZID=Period Zone:20180601T100000
END:VEVENT
"""
    )
    for _ in range(2):
        document = read_document("period.ics", calendar(body).encode(), "Europe/Berlin")
        assert document.problems == ()
        (invite,) = document.invites
        assert invite.start.instant == utc(2018, 6, 1, 13)
        assert invite.start.zone == "America/Sao_Paulo"


# -- matching a definition to tzdata -------------------------------------------------------------


def test_w_europe_rules_without_a_name_match_berlin() -> None:
    match = match_definition(defined(W_EUROPE), 2026, [])
    assert match is not None
    assert (match.zone, match.exact) == ("Europe/Berlin", True)


def test_us_eastern_rules_without_a_name_match_new_york() -> None:
    match = match_definition(defined(EASTERN), 2026, [])
    assert match is not None
    assert (match.zone, match.exact) == ("America/New_York", True)


def test_name_hint_wins_among_equal_zones() -> None:
    name = "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"
    zone = defined(W_EUROPE.replace("TZID:W. Europe Standard Time", f"TZID:{name}"))
    hints = suggested_zones(name)
    assert hints[0] == "Europe/Amsterdam"
    match = match_definition(zone, 2026, hints)
    assert match is not None
    assert (match.zone, match.exact) == ("Europe/Amsterdam", True)
    assert resolve_zone(name, zone, 2026) == ("Europe/Amsterdam", Resolution.MATCHED)


def test_name_hint_never_beats_the_rules() -> None:
    # A name that suggests New York on rules that are Central European: the rules win.
    zone = defined(W_EUROPE)
    match = match_definition(zone, 2026, ["America/New_York"])
    assert match is not None
    assert match.zone == "Europe/Berlin"


def test_same_custom_tzid_with_different_rules_never_shares_an_answer() -> None:
    tzid = "Customized Time Zone"
    europe = defined(W_EUROPE.replace("TZID:W. Europe Standard Time", f"TZID:{tzid}"))
    eastern = defined(EASTERN.replace("TZID:Eastern Standard Time", f"TZID:{tzid}"))
    assert europe.signature != eastern.signature
    assert resolve_zone(tzid, europe, 2026) == ("Europe/Berlin", Resolution.MATCHED)
    assert resolve_zone(tzid, eastern, 2026) == ("America/New_York", Resolution.MATCHED)
    assert resolve_zone(tzid, europe, 2026) == ("Europe/Berlin", Resolution.MATCHED)


def test_stale_brazil_definition_resolves_to_sao_paulo_inexactly() -> None:
    zone = defined(STALE_BRAZIL)
    for hint_name in ("E. South America Standard Time", "(UTC-03:00) Brasilia"):
        hints = suggested_zones(hint_name)
        assert "America/Sao_Paulo" in hints
        match = match_definition(zone, 2026, hints)
        assert match is not None
        assert (match.zone, match.exact) == ("America/Sao_Paulo", False)


def test_stale_brazil_reading_uses_tzdata_and_keeps_the_definition_reading() -> None:
    tzid = "(UTC-03:00) Brasilia"
    zone = defined(STALE_BRAZIL.replace("TZID:E. South America Standard Time", f"TZID:{tzid}"))
    ctx = ZoneContext({tzid: zone}, "Europe/Berlin")
    # January 2026: the stale rules say -02:00; Brazil has been at -03:00 since 2019.
    january = resolve_time(datetime(2026, 1, 20, 10), tzid, False, ctx)
    assert january.zone == "America/Sao_Paulo"
    assert january.how is Resolution.MATCHED
    assert january.instant == utc(2026, 1, 20, 13)
    assert january.definition_instant == utc(2026, 1, 20, 12)
    # June 2026: both agree.
    june = resolve_time(datetime(2026, 6, 20, 10), tzid, False, ctx)
    assert june.instant == utc(2026, 6, 20, 13)
    assert june.definition_instant is None


def test_block_with_two_rrules_is_a_definition_error_not_a_crash() -> None:
    # Found by the issue-15 campaign: an AttributeError (exit 3) aborted the whole run.
    doc = parsed(
        "BEGIN:VTIMEZONE\nTZID:Two\nBEGIN:STANDARD\nDTSTART:16010101T030000\n"
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\n"
        "TZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE"
    )
    assert doc.definitions == {}
    assert "2 RRULEs" in doc.definition_errors["Two"]

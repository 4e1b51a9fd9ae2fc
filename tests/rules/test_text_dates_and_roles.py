"""NS104/NS105, round two: dates written in text, noon and midnight, times that are not the start
(deadlines, ends, ranges, other events, durations), several zones in one sentence, and one
finding per fact."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from noshow.check import check_documents
from noshow.invites import read_document
from noshow.model import You
from noshow.rules import Selection
from noshow.textcheck import checked_dates, checked_mentions
from noshow.textscan import MAX_MENTIONS, find_dates, find_time_mentions

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def invite_text(
    description: str,
    summary: str = "Interview",
    start: str = "20261216T100000",
    end: str = "20261216T110000",
    tzid: str = "America/New_York",
) -> bytes:
    escaped = description.replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//EN",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        "UID:text@test",
        "DTSTAMP:20261101T000000Z",
        f"DTSTART;TZID={tzid}:{start}",
        f"DTEND;TZID={tzid}:{end}",
        f"SUMMARY:{summary}",
        f"DESCRIPTION:{escaped}",
        "ORGANIZER:mailto:hr@example.com",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def findings(description: str, rule: str = "text-time-mismatch", **kwargs: str):
    document = read_document("t.ics", invite_text(description, **kwargs), "Europe/Berlin")
    report = check_documents(
        [document], You("Europe/Berlin"), NOW, selection=Selection(select=[rule])
    )
    [checked] = report.checked
    return list(checked.findings)


# -- dates ---------------------------------------------------------------------------------------

# The data: Wednesday 16 December 2026, 10:00-11:00 in New York (16:00 in Berlin).


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Your interview is on Thursday, December 17 at 10:00 AM ET.", "Thursday, December 17"),
        ("See you Thursday at 10:00 AM ET!", "Thursday"),
        ("Interview: 17 December, 10:00 AM ET", "17 December"),
        ("Ihr Gespräch: Donnerstag, 17. Dezember um 16 Uhr MEZ", "Donnerstag, 17. Dezember"),
        ("Votre entretien : jeudi 17 décembre à 16h CET", "jeudi 17 décembre"),
        ("Interview at 10:00 AM ET on Thu, Dec 17", "Thu, Dec 17"),
    ],
)
def test_wrong_date_in_text_is_reported_with_both_dates(text: str, said: str) -> None:
    [finding] = findings(text)
    assert finding.code == "NS104"
    assert f'"{said}"' in finding.message
    assert "on Wednesday 16 December 2026" in finding.message
    assert "Wed 16 Dec 2026 16:00 CET (UTC+01:00) for you" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "Your interview is on Wednesday, December 16 at 10:00 AM ET.",
        "See you Wednesday at 10:00 AM ET!",
        "Ihr Gespräch: Mittwoch, 16. Dezember um 16 Uhr MEZ",
        "Votre entretien : mercredi 16 décembre à 16h CET",
    ],
)
def test_right_date_is_not_reported(text: str) -> None:
    assert findings(text) == []


def test_date_is_compared_in_the_zone_the_text_is_written_in() -> None:
    # 23:30 in New York on Wednesday 16 is Thursday 17 05:30 in Berlin: both texts are right.
    kwargs = {"start": "20261216T233000", "end": "20261217T003000"}
    assert findings("Wednesday, December 16 at 11:30 PM ET", **kwargs) == []
    assert findings("Thursday, 17 December at 05:30 CET", **kwargs) == []
    [wrong] = findings("Wednesday, 16 December at 05:30 CET", **kwargs)
    assert "on Thursday 17 December 2026 in Central European Time" in wrong.message


def test_dates_next_to_deadlines_and_other_events_are_not_compared() -> None:
    text = (
        "Your interview is on Wednesday, December 16 at 10:00 AM ET.\n"
        "Please confirm by Monday, December 14 at 5pm ET.\n"
        "Our office tour is on Friday, December 18 at 2pm ET."
    )
    assert findings(text) == []


def test_find_dates_in_three_languages() -> None:
    found = find_dates("Thursday, December 17; 17. Dezember; jeudi 17 décembre; Dec. 17, 2026")
    assert [(d.weekday, d.month, d.day, d.year) for d in found] == [
        (3, 12, 17, None),
        (None, 12, 17, None),
        (3, 12, 17, None),
        (None, 12, 17, 2026),
    ]


# -- noon and midnight ---------------------------------------------------------------------------


def test_noon_and_midnight_are_read() -> None:
    mentions = find_time_mentions("Lunch interview at noon ET; the line closes at midnight CET.")
    assert [(m.text, m.start.hour) for m in mentions] == [("noon ET", 12), ("midnight CET", 0)]
    assert [m.text for m in find_time_mentions("at 12 noon PT")] == ["12 noon PT"]
    assert find_time_mentions("afternoon ET") == []


def test_noon_that_disagrees_is_reported_and_agreeing_noon_is_not() -> None:
    [finding] = findings("Interview at noon ET")
    assert '"noon ET" (12:00 US Eastern Time' in finding.message
    assert findings("Interview at noon ET", start="20261216T120000", end="20261216T130000") == []


# -- times that are not the start: false-alarm guards ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Please confirm by 5pm ET tomorrow.",
        "Please reply no later than 3:00 PM ET on Monday.",
        "Deadline: 17:00 CET",
        "Kindly RSVP before 9am ET.",
        "The interview ends at 11:00 AM ET.",
        "End: 11:00 AM EST",
        "Prep call with the recruiter 9:00-10:00 AM ET, then the interview.",  # ends at the start
        "Lunch with the team at 12:30 PM ET.",
        "Our office closes at 6pm ET.",
        "The interview lasts about 1h CET.",
    ],
)
def test_times_that_are_not_the_start_are_never_reported_as_the_start(text: str) -> None:
    body = f"Interview on Wednesday at 10:00 AM ET.\n{text}"
    assert findings(body) == []
    assert findings(text) == []  # also when nothing else names the start


def test_an_end_that_is_not_the_end_is_not_taken_for_the_start() -> None:
    assert findings("The interview ends at 2:00 PM ET.") == []


def test_single_time_equal_to_the_end_without_an_end_word_is_still_an_error() -> None:
    [finding] = findings("Interview at 11:00 AM ET")
    assert '"11:00 AM ET"' in finding.message


def test_words_around_a_start_do_not_hide_it() -> None:
    # "by phone" and "over Zoom" are not deadlines or ends.
    assert len(findings("Interview by phone at 9:00 AM ET")) == 1
    assert len(findings("Interview over Zoom at 9:00 AM ET")) == 1


# -- several zones in one sentence ---------------------------------------------------------------


def test_every_zone_in_a_multi_zone_sentence_is_compared() -> None:
    # 10:00 ET is right, 17:00 CET is not (16:00): the CET time is the interview's end, but
    # nothing says it is an end, so it must not pass as one.
    [finding] = findings("Interview: 10:00 AM ET / 5:00 PM CET")
    assert '"5:00 PM CET"' in finding.message
    assert findings("Interview: 10:00 AM ET / 4:00 PM CET") == []
    assert findings("Interview: 10:00 AM ET (4:00 PM CET, 8:30 PM IST)") == []


# -- one finding per fact ------------------------------------------------------------------------


def test_the_same_words_in_summary_and_description_give_one_finding() -> None:
    ambiguous = findings(
        "Phone screen 8:30 PM IST",
        rule="ambiguous-abbreviation",
        summary="Phone screen 8:30 PM IST",
    )
    assert len(ambiguous) == 1
    assert "in the summary and description" in ambiguous[0].message
    wrong = findings("Interview 9:00 AM ET", summary="Interview 9:00 AM ET")
    assert len(wrong) == 1
    assert wrong[0].message.startswith('The summary and description say "9:00 AM ET"')


def test_date_scanning_is_bounded() -> None:
    text = "Thursday " * 5000 + "10:00 AM ET"
    assert len(find_dates(text)) == MAX_MENTIONS
    [invite] = read_document("t.ics", invite_text(text), "UTC").invites
    assert len(list(checked_mentions(invite))) == 1
    assert len(list(checked_dates(invite))) <= 1

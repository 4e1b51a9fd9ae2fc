"""NS104 text-time-mismatch: a time written in the text disagrees with the calendar data."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from noshow.model import Severity
from noshow.textcheck import checked_mentions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "text-time-mismatch"
SLUG = "text-time-mismatch"
JULY = "2026-07-01T09:00:00Z"


def rule_findings(checked, slug=SLUG):
    return [f for f in checked.findings if f.rule == slug]


def test_description_time_that_disagrees_is_an_error(check_file):
    [checked] = check_file(FIXTURES / "est-mismatch.ics")
    assert checked.invite.start.instant == datetime(2026, 12, 15, 16, 0, tzinfo=UTC)
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS104", Severity.ERROR)
    message = finding.message
    assert message.startswith('The description says "10:00 AM EST"')
    assert "= 2026-12-15T15:00:00Z" in message  # what the text says
    assert "Tue 15 Dec 2026 11:00 EST (UTC-05:00) = 2026-12-15T16:00:00Z" in message  # the data
    assert "Tue 15 Dec 2026 17:00 CET (UTC+01:00) for you" in message
    # Be ready for the earlier of the two: the text's 15:00Z, 16:00 in Berlin.
    assert "16:00 CET (UTC+01:00)" in finding.fix


def test_text_naming_the_end_instead_of_the_start_is_an_error(check_file):
    # Data 11:00-12:00 EST; the text says the interview is "at 12:00 PM EST": a one-hour slip on a
    # one-hour interview. 12:00 EST is the data's end, but nothing in the text names the start,
    # so it must not pass as "the end time".
    [checked] = check_file(FIXTURES / "text-names-end-time.ics")
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS104", Severity.ERROR)
    assert '"12:00 PM EST"' in finding.message
    assert "= 2026-12-15T17:00:00Z" in finding.message
    assert "Tue 15 Dec 2026 11:00 EST (UTC-05:00) = 2026-12-15T16:00:00Z" in finding.message


def test_separate_start_and_end_times_that_agree_are_not_flagged(check_file):
    # "Start: 11:00 AM EST" / "End: 12:00 PM EST": the second names the end, and the start is named.
    [checked] = check_file(FIXTURES / "start-and-end-named.ics")
    mentions = list(checked_mentions(checked.invite))
    assert [m.mention.text for m in mentions] == ["11:00 AM EST", "12:00 PM EST"]
    assert all(m.agrees for m in mentions)
    assert rule_findings(checked) == []


def test_times_that_agree_are_not_flagged(check_file):
    # "10:00 AM PT (1:00 PM ET)", "19:00 CET" and "10:00-10:45 AM PT" all name the same slot.
    [checked] = check_file(FIXTURES / "times-agree.ics")
    mentions = list(checked_mentions(checked.invite))
    texts = {m.mention.text for m in mentions}
    assert {"10:00 AM PT", "1:00 PM ET", "19:00 CET", "10:00-10:45 AM PT"} <= texts
    assert all(m.agrees for m in mentions)
    assert rule_findings(checked) == []
    assert rule_findings(checked, "ambiguous-abbreviation") == []


def test_est_in_july_on_the_regions_clock_is_not_a_mismatch(check_file):
    # DTSTART 10:00 America/New_York (EDT) on 14 July; the summary says "10:00 AM EST".
    # Literal EST (UTC-05:00) would be 15:00Z, an hour off; but New York's clock agrees, and
    # that is what the writer meant: a season warning (NS105), not a contradiction.
    [checked] = check_file(FIXTURES / "est-july-region-clock.ics", now=JULY)
    assert rule_findings(checked) == []
    [season] = rule_findings(checked, "ambiguous-abbreviation")
    assert season.severity is Severity.WARNING
    assert "matches the region's clock" in season.message


def test_literal_est_in_july_that_agrees_is_not_an_error(check_file):
    # "9:00 AM EST" with DTSTART 10:00 America/New_York on 14 July: 9:00 at UTC-05:00 is 14:00Z,
    # exactly the data's 10:00 EDT. The text is literally right, so no NS104 and no error;
    # it is still confusing for a New Yorker (whose clock says 10:00), so NS105 warns, without
    # claiming that the region's clock is what matches.
    [checked] = check_file(FIXTURES / "est-july-literal.ics", now=JULY)
    assert checked.invite.start.instant == datetime(2026, 7, 14, 14, 0, tzinfo=UTC)
    assert rule_findings(checked) == []
    assert checked.worst is not Severity.ERROR
    [season] = rule_findings(checked, "ambiguous-abbreviation")
    assert season.severity is Severity.WARNING
    assert '"9:00 AM EST"' in season.message
    assert "daylight saving time (UTC-04:00)" in season.message
    assert "region's clock" not in season.message


def test_quoted_printable_body_split_mid_word_is_decoded_and_checked(check_file):
    # The body says "Inter=\r\nview on ... 10:00 A=\r\nM E=\r\nST": soft line breaks mid-word.
    [checked] = check_file(FIXTURES / "qp-body-mismatch.eml")
    bodies = [t.text for t in checked.invite.texts if t.name == "email body"]
    assert any("Interview on Tuesday, December 15 at 10:00 AM EST with" in b for b in bodies)
    assert any("Miá Torres" in b for b in bodies)
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS104", Severity.ERROR)
    assert finding.message.startswith('The email body says "10:00 AM EST"')
    assert "2026-12-15T15:00:00Z" in finding.message
    assert "Tue 15 Dec 2026 11:00 EST (UTC-05:00) = 2026-12-15T16:00:00Z" in finding.message


def test_quoted_printable_body_that_agrees_is_not_flagged(check_file):
    [checked] = check_file(FIXTURES / "qp-body-match.eml")
    mentions = [m for m in checked_mentions(checked.invite) if m.field == "email body"]
    assert [m.mention.text for m in mentions] == ["10:00 AM EST"]
    assert all(m.agrees for m in mentions)
    assert rule_findings(checked) == []


def test_cli_text_time_mismatch(run_check):
    code, data = run_check(
        FIXTURES / "est-mismatch.ics",
        FIXTURES / "qp-body-mismatch.eml",
        FIXTURES / "text-names-end-time.ics",
    )
    assert code == 1
    assert len(data["invites"]) == 3
    for invite in data["invites"]:
        [finding] = [f for f in invite["findings"] if f["rule"] == SLUG]
        assert (finding["code"], finding["severity"]) == ("NS104", "error")
        assert '"10:00 AM EST"' in finding["message"] or '"12:00 PM EST"' in finding["message"]


def test_cli_agreeing_texts_are_clean(run_check):
    code, data = run_check(
        FIXTURES / "times-agree.ics",
        FIXTURES / "qp-body-match.eml",
        FIXTURES / "start-and-end-named.ics",
    )
    assert code == 0
    assert all(i["findings"] == [] for i in data["invites"])

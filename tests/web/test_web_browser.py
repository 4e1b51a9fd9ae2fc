"""The real page in a real headless Chromium (Debian's), driven by Playwright: every bundled
sample uploaded and its times and findings seen, the slot grid, a draft downloaded, a hostile
invite shown as text. Screenshots of the main pages are saved (the folder is printed at the
end of the run). No request may leave 127.0.0.1 (checked by the ``page`` fixture)."""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, SAMPLES

EXPECTED = json.loads((ROOT / "tests" / "fixtures" / "samples_expectations.json").read_text())
CALENDAR = ROOT / "tests" / "fixtures" / "calendars" / "buffers" / "back-to-back.ics"
HOSTILE = Path(__file__).parent / "hostile.ics"
#: NOSHOW_README_SCREENSHOT=1 refreshes the screenshot the README shows.
README_SHOT = ROOT / "docs" / "serve.png"


def shot(page: Any, folder: Path, name: str, full: bool = True) -> None:
    page.wait_for_load_state("load")  # the stylesheet too, not only the HTML
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full)


def check_files(page: Any, base: str, *paths: Path) -> None:
    page.goto(base + "check")
    page.set_input_files("input[name=files]", [str(p) for p in paths])
    page.get_by_role("button", name="Check").click()
    page.wait_for_selector("#results")
    page.wait_for_load_state("load")


@pytest.mark.parametrize("sample", sorted(EXPECTED))
def test_each_sample_shows_its_times_and_findings(
    page: Any, served: Any, web_settings: Any, shots: Path, sample: str
) -> None:
    from noshow.drafts import Moment

    expected = EXPECTED[sample]
    base = served(web_settings())
    path = ROOT / sample
    check_files(page, base, *(sorted(path.iterdir()) if path.is_dir() else [path]))
    card = page.locator("article.card")
    assert card.count() == 1
    text = card.inner_text()
    if expected["start_utc"] is not None:
        start = datetime.fromisoformat(expected["start_utc"].replace("Z", "+00:00"))
        end = datetime.fromisoformat(expected["end_utc"].replace("Z", "+00:00"))
        # Each time with its zone's name and UTC offset: the organizer's, yours, and UTC.
        assert Moment.of(start, end, expected["zone"]).line in text
        assert Moment.of(start, end, "Europe/Berlin").line in text
        assert Moment.of(start, end, "UTC").line in text
    else:
        assert "no time zone (read in yours)" in text
    shown = set(re.findall(r"NS\d{3} ([a-z-]+):", text))
    assert shown == set(expected["expected_rules"]) | ({"missing-join-info"} & shown), text
    for rule in expected["expected_rules"]:
        assert card.locator(".finding", has_text=rule).locator(".fix").count() == 1
    if not expected["expected_rules"] and not shown:
        assert "No problems found." in text
    assert page.locator("figure.strip svg").count() == 1
    shot(page, shots, f"check-{Path(sample).stem}")


def test_dropping_a_file_checks_it(page: Any, served: Any, web_settings: Any) -> None:
    base = served(web_settings())
    page.goto(base + "check")
    assert page.locator(".drop-hint").is_visible(), "the script shows the drop hint"
    text = (SAMPLES / "night-interview.ics").read_text()
    page.evaluate(
        """text => {
            const data = new DataTransfer();
            data.items.add(new File([text], "dropped.ics", {type: "text/calendar"}));
            const zone = document.querySelector("[data-dropzone]");
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true}));
        }""",
        text,
    )
    page.wait_for_selector("#results")
    assert "dropped.ics" in page.locator("article.card .source").inner_text()
    assert "Australia/Sydney" in page.locator("article.card").inner_text()


def test_all_samples_at_once_with_a_calendar(
    page: Any, served: Any, web_settings: Any, shots: Path
) -> None:
    base = served(web_settings(calendars=(str(CALENDAR),)))
    samples = sorted(p for p in SAMPLES.iterdir() if p.is_file())
    check_files(page, base, *samples)
    assert page.locator("article.card").count() == len(samples)
    assert page.locator("#results").inner_text() == f"{len(samples)} invites checked"
    shot(page, shots, "check-all-samples")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    shot(page, shots, "check-phone", full=False)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "nothing sticks out sideways on a phone"
    page.set_viewport_size({"width": 1100, "height": 900})


def test_the_slot_grid_and_its_downloads(
    page: Any, served: Any, web_settings: Any, shots: Path, tmp_path: Path
) -> None:
    base = served(web_settings())
    check_files(page, base, SAMPLES / "clean-interview.ics")
    page.get_by_role("link", name="Propose new times").click()
    page.get_by_role("button", name="Find times").click()
    page.wait_for_selector("#proposals")
    assert page.locator("#proposals").inner_text().startswith("3 proposed times")
    rows = page.locator("table.slots tbody tr")
    assert rows.count() == 3
    first = rows.nth(0).inner_text()
    assert "GMT (UTC+00:00), Europe/London" in first and "CET (UTC+01:00), Europe/Berlin" in first
    assert page.locator("ol.week li.day").count() >= 5
    assert page.locator("svg rect.cell.proposed").count() == 3
    assert page.locator("svg rect.cell.excluded").count() > 0
    assert "outside your working hours" in page.locator("ol.week").inner_text()
    shot(page, shots, "slots")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download holds (.ics)").click()
    holds = tmp_path / "holds.ics"
    info.value.save_as(str(holds))
    text = holds.read_text()
    assert text.count("BEGIN:VEVENT") == 3 and "TZID=Europe/London" in text
    # You (alex@example.org) are not among this invite's attendees: a clear message, no file.
    page.get_by_role("button", name=re.compile("Download a COUNTER")).click()
    assert "no COUNTER" in page.locator("p.message").inner_text()


def test_a_draft_is_shown_and_downloaded(
    page: Any, served: Any, web_settings: Any, shots: Path, tmp_path: Path
) -> None:
    base = served(web_settings())
    check_files(page, base, ROOT / "tests" / "fixtures" / "drafts" / "interview.eml")
    page.get_by_role("link", name="Draft an email").click()
    page.get_by_label("Recover: I cannot make it, or I missed it").check()
    page.get_by_label("Recover: the reason").select_option("timezone")
    page.get_by_role("button", name="Draft it").click()
    body = page.locator("#draft-body").inner_text()
    assert "UTC" in body
    shot(page, shots, "drafts")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download as .eml").click()
    eml = tmp_path / "draft.eml"
    info.value.save_as(str(eml))
    data = eml.read_text()
    assert info.value.suggested_filename == "recover.eml"
    assert "From: Alex Doe <alex@example.org>" in data and "In-Reply-To:" in data


def test_a_hostile_invite_shows_as_text(
    page: Any, served: Any, web_settings: Any, shots: Path
) -> None:
    base = served(web_settings())
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    check_files(page, base, HOSTILE)
    title = page.locator("article.card h2").inner_text()
    assert title.startswith("<script>alert(1)</script><img src=x onerror=")
    assert "<i onmouseover=alert(3)>Eve</i>" in page.locator(".organizer").inner_text()
    page.locator("details.description summary").click()
    assert (
        '<img src="http://evil.example/pixel.png">'
        in page.locator("details.description pre").inner_text()
    )
    assert page.locator("article.card img, article.card script, article.card b").count() == 0
    page.locator(".organizer").hover()
    assert page.title() != "pwned" and dialogs == []
    shot(page, shots, "hostile")


def test_the_agenda_and_the_calendar_pages(
    page: Any, served: Any, web_settings: Any, shots: Path, tmp_path: Path
) -> None:
    calendar = tmp_path / "calendar.ics"
    calendar.write_bytes(CALENDAR.read_bytes())
    base = served(web_settings(calendars=(str(calendar),)))
    page.goto(base + "agenda?days=30")
    assert page.get_by_role("heading", name="Agenda").is_visible()
    shot(page, shots, "agenda")
    check_files(page, base, SAMPLES / "clean-interview.ics")
    page.get_by_role("link", name="Add to my calendar").click()
    page.locator("form:has(input[value=import]) button").click()
    assert "Nothing has been written yet" in page.locator("main").inner_text()
    shot(page, shots, "calendar-preview")
    before = calendar.read_bytes()
    page.get_by_role("button", name="Yes, write these changes").click()
    assert "Done." in page.locator("main").inner_text()
    assert calendar.read_bytes() != before


def test_readme_screenshot(page: Any, served: Any, web_settings: Any, shots: Path) -> None:
    """The picture in the README: the check page with a few samples, at a laptop's width."""
    base = served(web_settings(calendars=(str(CALENDAR),)))
    page.set_viewport_size({"width": 1000, "height": 1300})
    check_files(page, base, SAMPLES / "zoom-interview.ics", SAMPLES / "night-interview.ics")
    shot(page, shots, "readme", full=False)
    if os.environ.get("NOSHOW_README_SCREENSHOT"):
        README_SHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(README_SHOT), full_page=False)
    page.set_viewport_size({"width": 1100, "height": 900})

"""The web page under test: settings, a TestClient for the API, a real server on 127.0.0.1 and
a real headless Chromium (Debian's, at /usr/bin/chromium) driven by Playwright.

Fixtures
--------
``web_settings``
    Factory: ``web_settings(calendars=(), **changes)`` -> ServeSettings for zone Europe/Berlin,
    a fixed now (2026-11-23T09:00:00Z) and you = Alex Doe <alex@example.org>.
``client``
    A Starlette TestClient on ``http://127.0.0.1`` for the default settings.
``served``
    Factory: ``served(settings) -> base URL`` of a uvicorn server in a thread on 127.0.0.1 and an
    ephemeral port, stopped at the end of the test.
``browser``
    Session-scoped Playwright persistent context of the system Chromium with a fresh profile
    folder; the tests using it skip when Chromium or Playwright is not installed.
``page``
    A fresh page; every request it makes is recorded, and the test fails if any goes to a host
    other than 127.0.0.1.
``shots``
    The folder screenshots are saved to: build/screenshots, or $NOSHOW_SCREENSHOTS (printed at
    the end of the run).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from noshow.config import Config
from noshow.model import You
from noshow.web.settings import ServeSettings

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
NOW = "2026-11-23T09:00:00Z"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Generous: a loaded CI machine may be slow, and no test measures time.
TIMEOUT_MS = 60_000
_SHOTS: list[Path] = []


def make_settings(calendars: tuple[str, ...] = (), **changes: Any) -> ServeSettings:
    config = Config(zone="Europe/Berlin", name="Alex Doe", email="alex@example.org")
    you = You(zone="Europe/Berlin", name="Alex Doe", email="alex@example.org")
    settings = ServeSettings(
        config=config,
        you=you,
        now=datetime.fromisoformat(NOW.replace("Z", "+00:00")),
        calendars=calendars,
    )
    return replace(settings, **changes)


@pytest.fixture
def web_settings() -> Callable[..., ServeSettings]:
    return make_settings


@pytest.fixture
def client() -> Iterator[Any]:
    from starlette.testclient import TestClient

    from noshow.web.app import create_app

    with TestClient(create_app(make_settings()), base_url="http://127.0.0.1") as test_client:
        yield test_client


def csrf_of(html: str) -> str:
    """The CSRF token of a page's forms."""
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "the page has a form with a CSRF token"
    return match.group(1)


@pytest.fixture
def served() -> Iterator[Callable[[ServeSettings], str]]:
    from contextlib import ExitStack

    from noshow.web.server import running

    with ExitStack() as stack:

        def start(settings: ServeSettings) -> str:
            return stack.enter_context(running(settings)).url

        yield start


@pytest.fixture(scope="session")
def shots() -> Path:
    # A folder of the work tree (git ignores build/), not pytest's shared temporary folders,
    # which other runs on the machine rotate away; NOSHOW_SCREENSHOTS picks another.
    folder = Path(os.environ.get("NOSHOW_SCREENSHOTS") or ROOT / "build" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    _SHOTS.append(folder)
    return folder


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for folder in _SHOTS:
        count = len(list(folder.glob("*.png")))
        if count:
            terminalreporter.write_line(f"noshow serve: {count} screenshots in {folder}")


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=CHROMIUM_FLAGS,
            accept_downloads=True,
            viewport={"width": 1100, "height": 900},
            timeout=TIMEOUT_MS,
        )
        context.set_default_timeout(TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    requests: list[str] = []
    tab = browser.new_page()
    tab.on("request", lambda request: requests.append(request.url))
    tab.requests = requests
    try:
        yield tab
    finally:
        tab.close()
    elsewhere = [
        url
        for url in requests
        if urlsplit(url).scheme not in ("data", "blob", "about")
        and urlsplit(url).hostname != "127.0.0.1"
    ]
    assert elsewhere == [], f"the page asked another host: {elsewhere}"
    assert requests, "the page made requests (to 127.0.0.1)"

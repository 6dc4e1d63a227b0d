"""As a person would: Playwright drives Debian's headless Chromium against `kg serve`.

Opens the home page, traces a number, follows the first result to its document
and checks the figure is highlighted there. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium at /usr/bin/chromium "
                                "(apt-get install -y chromium; .ci/run installs it)")  # fmt: skip


def test_trace_a_number_to_its_highlighted_figure(live_server: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the [test] extra)")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.goto(live_server + "/")
            page.screenshot(path=ARTIFACTS / "1-home.png")
            page.fill("input#value", "$875K")
            page.click("form.big-search button")
            page.wait_for_url("**/trace?value=*")
            assert "claims state 875000" in page.inner_text("#trace-count")
            page.screenshot(path=ARTIFACTS / "2-trace.png", full_page=True)
            page.click("li.hit a.to-document >> nth=0")
            page.wait_for_url("**/documents/**")
            focus = page.locator("mark.focus")
            assert focus.count() == 1 and focus.inner_text() == "~$875K"
            assert focus.is_visible()
            background = focus.evaluate("element => getComputedStyle(element).backgroundColor")
            assert background not in ("rgba(0, 0, 0, 0)", "transparent")
            page.screenshot(path=ARTIFACTS / "3-document.png")
        finally:
            browser.close()

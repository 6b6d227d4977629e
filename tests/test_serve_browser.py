"""What a person does in `qmonth serve`, in a real headless browser (Debian's chromium and
chromium-driver, installed by .ci/run; skipped with the reason when missing): a liaison opens the
link, reports two tasks with photos; the coordinator accepts one and returns the other; the
campaign file then has exactly the accepted record, a commit names the unit, and the liaison
sees 已采纳 and 退回 with the reason."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qmonth.web.app import build
from tests.test_serve import PNG, Server, make_campaign, rows

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"

pytestmark = pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)),
    reason=f"needs Debian's chromium and chromium-driver ({CHROMIUM}, {DRIVER}); .ci/run installs them",
)


@pytest.fixture
def browser() -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=420,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _submit(driver: Any, button: Any) -> None:
    """Click a button that posts a form, and wait until the next page has replaced this one (an
    element looked up before that would belong to the page being left)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(driver, 30).until(expected_conditions.staleness_of(page))
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")


def _report(driver: Any, task: str, photo: Path) -> None:
    from selenium.webdriver.common.by import By

    section = driver.find_element(By.ID, task)
    section.find_element(By.TAG_NAME, "summary").click()
    section.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(photo))
    _submit(driver, section.find_element(By.CSS_SELECTOR, "button[type=submit]"))


def test_liaison_reports_with_a_photo_and_the_coordinator_accepts_and_returns(tmp_path: Path, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    camp = make_campaign(tmp_path)
    before = camp.path.read_text(encoding="utf-8")
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(PNG)
    with Server(build(camp.settings())) as live:
        browser.get(f"{live.url}/t/{camp.tokens['chikan']}")
        assert browser.current_url == f"{live.url}/"  # the token is gone from the address
        assert "赤坎区" in browser.find_element(By.TAG_NAME, "h1").text
        _report(browser, "summary", photo)
        assert "已提交，等待协调人审核" in browser.find_element(By.ID, "flash").text
        _report(browser, "publicity-banners", photo)
        assert "待审核" in browser.find_element(By.ID, "publicity-banners").text

        browser.delete_all_cookies()
        browser.get(f"{live.url}/t/{camp.tokens['@coordinator']}")
        assert browser.current_url == f"{live.url}/review"
        ids = {r["task"]: r["id"] for r in rows(camp)}
        assert browser.find_elements(By.CSS_SELECTOR, ".previews img")  # the photos previewed
        browser.find_element(By.CSS_SELECTOR, f"input[name=ids][value='{ids['summary']}']").click()
        _submit(browser, browser.find_element(By.ID, "accept"))
        browser.find_element(By.CSS_SELECTOR, f"input[name=ids][value='{ids['publicity-banners']}']").click()
        browser.find_element(By.NAME, "reason").send_keys("横幅照片看不清，请重拍")
        _submit(browser, browser.find_element(By.ID, "return"))
        assert "横幅照片看不清" in browser.find_element(By.CLASS_NAME, "recent").text

        browser.delete_all_cookies()
        browser.get(f"{live.url}/t/{camp.tokens['chikan']}")
        summary = browser.find_element(By.ID, "summary").text
        banners = browser.find_element(By.ID, "publicity-banners").text
        assert "已采纳" in summary and "已完成（2024-09-20）" in summary
        assert "退回" in banners and "横幅照片看不清，请重拍" in banners
    after = camp.path.read_text(encoding="utf-8")
    (ref,) = [r["evidence"].strip('[]"') for r in rows(camp) if r["task"] == "summary"]
    added = f'[units.chikan.progress.summary]\ndone = 2024-09-20\nevidence = ["{ref}"]\n\n'
    assert after == before.replace("[units.xiashan]", added + "[units.xiashan]", 1)
    log = subprocess.run(["git", "-C", str(camp.folder), "log", "-1", "--format=%s"], capture_output=True, text=True).stdout
    assert "赤坎区" in log and "summary" in log
    assert shutil.which("git")

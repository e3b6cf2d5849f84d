"""/present in a real browser: Next and the arrow keys, the slide in the URL, no sidebar."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.support.chromium import wait_for_page


def open_slide(page: Page, app_url: str, query: str) -> None:
    page.goto(f"{app_url}/present?{query}")
    wait_for_page(page, charts=1)


def counter(page: Page):
    return page.locator(".st-key-deck-counter")


def test_next_and_the_arrow_keys_change_the_slide_and_the_url(page: Page, app_url: str):
    open_slide(page, app_url, "slide=3")
    expect(counter(page)).to_have_text("3 / 8")
    page.locator(".st-key-deck-next button").click()
    expect(counter(page)).to_have_text("4 / 8")
    expect(page).to_have_url(re.compile(r"[?&]slide=4\b"))
    page.keyboard.press("ArrowRight")
    expect(counter(page)).to_have_text("5 / 8")
    expect(page).to_have_url(re.compile(r"[?&]slide=5\b"))
    page.keyboard.press("ArrowLeft")
    expect(counter(page)).to_have_text("4 / 8")
    expect(page).to_have_url(re.compile(r"[?&]slide=4\b"))
    wait_for_page(page, charts=1)


def test_arrow_keys_in_a_form_control_stay_with_the_control(page: Page, app_url: str):
    open_slide(page, app_url, "slide=2")
    page.locator(".st-key-deck-dark input").focus()
    page.keyboard.press("ArrowRight")  # the toggle's own key: the slide stays
    page.locator(".st-key-deck-dark input").blur()
    page.keyboard.press("ArrowRight")  # the deck's: one slide on, so the first did not move it
    expect(counter(page)).to_have_text("3 / 8")
    wait_for_page(page, charts=1)
    assert counter(page).inner_text() == "3 / 8"
    expect(page).to_have_url(re.compile(r"[?&]slide=3\b"))


def test_slide_99_shows_the_last_slide_with_a_notice(page: Page, app_url: str):
    open_slide(page, app_url, "slide=99")
    expect(counter(page)).to_have_text("8 / 8")
    expect(page.get_by_test_id("stAlert")).to_contain_text("The deck has 8 slides")
    expect(page).to_have_url(re.compile(r"[?&]slide=8\b"))
    expect(page.locator(".st-key-deck-next button")).to_be_disabled()


def test_the_deck_fills_a_1920_by_1080_screen_with_no_sidebar(page: Page, app_url: str):
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_slide(page, app_url, "slide=4")
    expect(page.get_by_test_id("stSidebar")).not_to_be_visible()
    expect(page.get_by_test_id("stHeader")).not_to_be_visible()
    chart = page.get_by_test_id("stPlotlyChart").bounding_box()
    assert chart is not None and chart["width"] >= 1700

"""Markdown in a link's parameters, in a real browser: the notice shows it as text, and the page
holds no link to the hostile host and fetches no image from it (the offline context records any
request that leaves this machine, and the `page` fixture fails on one)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from tests.support.chromium import APP_IDLE, DRAW_TIMEOUT_MS

LINK = "[Session expired - sign in again](https://evil.example/login)"
IMAGE = "![p](https://evil.example/p.png)"
# The backticks and the blank line would close the notice's code span and paragraph.
PAYLOAD = f"`` {LINK}\n\n{IMAGE}"


@pytest.mark.parametrize("path", ["/?from=", "/?theme=", "/explore?table="])
def test_markdown_in_a_link_parameter_is_shown_as_text_never_as_a_link_or_image(
    page: Page, app_url: str, path: str
):
    page.goto(app_url + path + quote(PAYLOAD, safe=""))
    expect(page.locator(APP_IDLE)).to_be_attached(timeout=DRAW_TIMEOUT_MS)

    notice = page.get_by_test_id("stAlertContentWarning").filter(has_text="Ignored")
    expect(notice).to_contain_text(LINK)
    expect(notice).to_contain_text(IMAGE)
    expect(page.locator('a[href*="evil.example"]')).to_have_count(0)
    expect(page.locator('img[src*="evil.example"]')).to_have_count(0)


# Streamlit's own Markdown, which no CommonMark parser knows: LaTeX, coloured text and a
# Material icon, each drawn as such if the notice let it through.
STREAMLIT_MARKDOWN = "$x^2$ :red[red] :material/home: :blue-background[bg]"
DRAWN_AS_MARKUP = ".katex, .stMarkdownColoredText, .stMarkdownColoredBackground, " + (
    '[data-testid="stIconMaterial"]'
)


@pytest.mark.parametrize("path", ["/?theme=", "/explore?table="])
def test_streamlits_own_markdown_in_a_link_parameter_is_shown_as_text(
    page: Page, app_url: str, path: str
):
    page.goto(app_url + path + quote(STREAMLIT_MARKDOWN, safe=""))
    expect(page.locator(APP_IDLE)).to_be_attached(timeout=DRAW_TIMEOUT_MS)

    notice = page.get_by_test_id("stAlertContentWarning").filter(has_text="Ignored")
    expect(notice).to_contain_text(STREAMLIT_MARKDOWN)
    expect(notice.locator(DRAWN_AS_MARKUP)).to_have_count(0)

"""The guard itself: on a page that does run hostile markup, it sees every kind of it."""

from __future__ import annotations

from playwright.sync_api import Browser, Route

from tests.support.browser_guard import Guard, ran_anything, watch

PWNED_PAGE = """<!DOCTYPE html><html><body>
<img src=x onerror="alert(2);window.__pwned=1">
<p><a href="javascript:confirm(3)">click</a> <strong>bold</strong></p>
<h2># heading</h2>
<script>
  // Markup that comes and goes between two checks is still seen.
  var s = document.createElement("script");
  s.textContent = "window.__later = 'alert(1)'";
  document.body.appendChild(s);
  s.remove();
</script>
</body></html>"""


def test_the_guard_sees_dialogs_pwned_scripts_images_links_and_markdown(browser: Browser):
    guard = Guard()
    page = browser.new_page()
    try:
        watch(page, guard)

        def serve(route: Route) -> None:
            route.fulfill(status=200, content_type="text/html", body=PWNED_PAGE)

        page.route("**/*", serve)
        page.goto("http://guard.test/")
        page.wait_for_function("window.__pwned === 1")
        found = "\n".join(ran_anything(page, guard))
    finally:
        page.close()
    for expected in (
        "alert: 2",
        "window.__pwned was set",
        "an img[src=x]",
        'A[href="javascript:confirm(3)"]',
        "<STRONG>bold",
        "<A>click",
        "<H2># heading",
        "a script from data: window.__later = 'alert(1)'",
    ):
        assert expected in found

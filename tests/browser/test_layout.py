"""Zoom and small screens (WCAG 2.2 1.4.4 Resize text, 1.4.10 Reflow): no page scrolls sideways
when it is 320 CSS pixels wide, at 200% browser zoom, or with text at 200%.

How each is made:
- "320px": a 320 × 640 viewport, as a small phone (the width WCAG 1.4.10 names).
- "zoom 200%": browser zoom at 200% in a 1280 px wide window lays the page out in 1280 / 2 = 640
  CSS pixels at a device pixel ratio of 2; Playwright makes exactly that with a 640 × 400 viewport
  and device_scale_factor=2 (Chromium's zoom keys cannot be pressed in headless mode).
- "text 200%": the reader's default font size doubled, at 1280 × 800: the root font size is set to
  200% (GOV.UK Frontend sizes text in rem, so everything follows), as the browser's font size
  setting does.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import answer_until, persona, screenshot, start, submit
from tests.browser.test_family_journey import SEND_ROUTE

MODES: dict[str, dict[str, Any]] = {
    "320px": {"viewport": {"width": 320, "height": 640}},
    "zoom 200%": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
    "text 200%": {"viewport": {"width": 1280, "height": 800}},
}
# The elements that stick out, to say what to fix when a page scrolls sideways.
OVERFLOW_JS = """() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const wide = [...document.querySelectorAll('body *')].filter(el => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.right > width + 1 || r.left < -1);
    }).slice(-5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string' ? '.' + el.className.trim()
            .split(/\\s+/).join('.') : '') + ' ' + Math.round(el.getBoundingClientRect().width)
            + 'px: ' + (el.textContent || '').trim().slice(0, 60));
    return {scrollWidth: root.scrollWidth, clientWidth: width, wide: wide};
}"""


class Layout:
    def __init__(self, page: Any, mode: str, lang: str) -> None:
        self.page, self.mode, self.lang = page, mode, lang
        self.problems: list[str] = []
        self.checked: list[str] = []

    def check(self, state: str) -> None:
        if self.mode == "text 200%":
            self.page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
        result = self.page.evaluate(OVERFLOW_JS)
        self.checked.append(state)
        if result["scrollWidth"] > result["clientWidth"]:
            self.problems.append(
                f"{state} ({self.page.url}) scrolls sideways at {self.mode}: "
                f"{result['scrollWidth']} > {result['clientWidth']} CSS px; widest: "
                + "; ".join(result["wide"])
            )

    def visit(self, path: str, state: str) -> None:
        self.page.goto(path)
        self.check(state)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_no_sideways_scrolling(new_page, live_server, lang):
    # Each size answers everything itself: answers in progress live on the server (issue 16,
    # B7), so a copied cookie would share one draft, which the first plan made uses up.
    problems: list[str] = []
    for mode, options in MODES.items():
        page = new_page(**options)
        start(page, lang)
        answer_until(page, persona())
        assert page.url.endswith("/check")
        layout = Layout(page, mode, lang)
        layout.visit(f"/?lang={lang}", "start page")
        for question in ("who", "support", "needs", "ehc-dates"):
            layout.visit(f"/questions/{question}", f"question {question}")
        page.goto("/questions/date-of-birth")
        page.fill("#answer-day", "31")
        page.fill("#answer-month", "2")
        submit(page)
        layout.check("question with an error")
        if mode == "320px":
            screenshot(page, f"{lang}-320px-question-with-errors")
        layout.visit("/check", "check your answers")
        submit(page)
        layout.check("new plan")
        if mode == "320px":
            screenshot(page, f"{lang}-320px-plan", full_page=False)
        plan = page.url
        if live_server.has_route(SEND_ROUTE):
            layout.visit(f"{plan}/send", "send my plan")
            submit(page)
            layout.check("send my plan with an error")
        layout.visit(plan, "plan")
        layout.visit("/accessibility", "accessibility statement")
        layout.visit("/no-such-page", "page not found")
        assert len(layout.checked) >= 10
        problems += layout.problems
    assert not problems, "\n".join(problems)

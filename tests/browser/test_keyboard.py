"""The family journey with the keyboard alone: Tab, Shift+Tab, arrow keys, Space and Enter, never a
click or a fill. Every stop on the way must show where the focus is, the skip link must work, and
the error summary must take the focus after a failed submit.

The test reads the page (which element has focus, and its computed style) but only ever acts
through `page.keyboard`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from tests.browser.conftest import LiveServer, persona, question_id
from tests.browser.test_family_journey import SEND_ROUTE, t

# What has focus, and whether it can be seen. GOV.UK Frontend draws the focus of radios and
# checkboxes on the label's ::before (the input itself is transparent), so that is what is read.
FOCUS_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const choice = el.matches('.govuk-radios__input, .govuk-checkboxes__input');
    const box = choice ? el.nextElementSibling : el;
    const cs = getComputedStyle(box, choice ? '::before' : null);
    const transparent = c => c === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(c);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0
        && !transparent(cs.outlineColor);
    const shadow = cs.boxShadow !== 'none';
    return {
        tag: el.tagName, id: el.id, name: el.getAttribute('name'), type: el.type || '',
        value: el.value || '', checked: !!el.checked, href: el.getAttribute('href') || '',
        classes: el.className || '', text: (el.innerText || '').trim().slice(0, 80),
        visible: outline || shadow, programmatic: el.getAttribute('tabindex') === '-1',
    };
}"""
# The same element's focus style, to compare focused with not focused.
STYLE_JS = """el => {
    const choice = el.matches('.govuk-radios__input, .govuk-checkboxes__input');
    const box = choice ? el.nextElementSibling : el;
    const cs = getComputedStyle(box, choice ? '::before' : null);
    return [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow,
            cs.backgroundColor, cs.color, cs.borderWidth].join('|');
}"""


class Keys:
    """Moves through a page with the keyboard, checking every focus stop can be seen."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.stops = 0

    def focused(self) -> dict[str, Any] | None:
        return self.page.evaluate(FOCUS_JS)  # type: ignore[no-any-return]

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def enter_and_wait(self) -> None:
        with self.page.expect_navigation():
            self.press("Enter")

    def tab_to(self, wanted: Any, *, back: bool = False, limit: int = 120) -> dict[str, Any]:
        """Press Tab (or Shift+Tab) until wanted(focused) is true; check each stop on the way
        has a visible focus indicator that differs from the element's look without focus."""
        for _ in range(limit):
            before = self.page.evaluate_handle("() => document.activeElement")
            focused_style = before.evaluate(STYLE_JS)
            was = self.focused()
            self.press("Shift+Tab" if back else "Tab")
            now = self.focused()
            if was is not None and not was["programmatic"]:
                unfocused_style = before.evaluate(STYLE_JS)
                assert unfocused_style != focused_style, f"focus looks like no focus: {was}"
            before.dispose()
            if now is None:
                continue
            self.stops += 1
            if not now["programmatic"]:
                assert now["visible"], f"no visible focus indicator on {now} ({self.page.url})"
            if wanted(now):
                return now
        raise AssertionError(f"could not reach the element by keyboard on {self.page.url}")

    def tab_to_id(self, element_id: str) -> dict[str, Any]:
        return self.tab_to(lambda f: f["id"] == element_id)

    def tab_to_button(self) -> dict[str, Any]:
        return self.tab_to(lambda f: f["tag"] == "BUTTON" or f["type"] == "submit")

    def submit(self) -> None:
        self.tab_to_button()
        self.enter_and_wait()

    def choose_radio(self, value: str) -> None:
        """Tab into the group (its first radio), then arrow keys to the choice."""
        first = self.tab_to(lambda f: f["type"] == "radio")
        values = self.page.eval_on_selector_all(
            f"input[type=radio][name='{first['name']}']", "els => els.map(e => e.value)"
        )
        for _ in range(values.index(value)):
            self.press("ArrowDown")
        if not self.page.evaluate("() => document.activeElement.checked"):
            self.press("Space")
        now = self.focused()
        assert now and now["value"] == value and now["checked"], now

    def tick(self, values: list[str]) -> None:
        """Tab through each checkbox, Space on the wanted ones."""
        total = self.page.locator("input[type=checkbox]").count()
        for _ in range(total):
            box = self.tab_to(lambda f: f["type"] == "checkbox")
            if box["value"] in values:
                self.press("Space")

    def date(self, name: str, day: date) -> None:
        self.tab_to_id(f"{name}-day")
        self.type(str(day.day))
        self.press("Tab")
        self.type(str(day.month))
        self.press("Tab")
        self.type(str(day.year))
        # Back one box and forward again: Shift+Tab works too.
        self.press("Shift+Tab")
        assert self.focused()["id"] == f"{name}-month"  # type: ignore[index]
        self.press("Tab")
        assert self.focused()["id"] == f"{name}-year"  # type: ignore[index]


def answer(keys: Keys, page_id: str, value: Any) -> None:
    if page_id in ("name", "postcode"):
        keys.tab_to_id("answer")
        keys.type(value)
    elif page_id == "date-of-birth":
        keys.date("answer", value)
    elif page_id == "ehc-dates":
        for name, day in value.items():
            keys.date(name, day)
    elif page_id in ("needs", "topics", "goals"):
        keys.tick(value)
    else:
        keys.choose_radio(value)


def skip_link(keys: Keys, lang: str) -> None:
    """The first Tab reaches "Skip to main content"; Enter moves the focus to <main>."""
    first = keys.tab_to(lambda f: True, limit=1)
    assert "govuk-skip-link" in first["classes"]
    assert first["text"] == t(lang, "Skip to main content")
    keys.press("Enter")
    assert keys.page.evaluate("() => document.activeElement.id") == "main-content"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_family_journey_with_the_keyboard_alone(new_page, live_server: LiveServer, lang):
    page = new_page()
    keys = Keys(page)
    page.goto(f"/?lang={lang}")
    skip_link(keys, lang)
    keys.tab_to(lambda f: "govuk-button--start" in f["classes"])
    keys.enter_and_wait()

    # A failed submit: the error summary takes the focus; its link takes it to the question.
    assert question_id(page) == "who"
    keys.submit()
    assert page.evaluate("() => document.activeElement.classList.contains('govuk-error-summary')")
    link = keys.tab_to(lambda f: f["tag"] == "A")
    assert link["href"] == "#answer"
    keys.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "answer"
    keys.press("Shift+Tab")  # back out of the radios, so choose_radio tabs in afresh

    answers = persona()
    while (current := question_id(page)) is not None:
        answer(keys, current, answers[current])
        keys.submit()
        assert question_id(page) != current, f"{current} was not accepted"

    assert page.url.endswith("/check")
    keys.submit()
    assert re.search(r"/plan/[^/]+$", page.url)
    plan_url = page.url

    if live_server.has_route(SEND_ROUTE):
        keys.tab_to(lambda f: f["href"].endswith("/send"))
        keys.enter_and_wait()
        keys.choose_radio("email")
        keys.tab_to_id("email_address")
        keys.type("family@example.com")
        keys.tab_to_id("consent")
        keys.press("Space")
        keys.submit()
        assert "/deliveries/" in page.url
        page.goto(plan_url)

    keys.tab_to(lambda f: f["href"].endswith("/pdf"))
    # The PDF may still be with the worker: the waiting page refreshes into the download.
    with page.expect_download(timeout=120_000) as info:
        keys.press("Enter")
    assert info.value.suggested_filename == "plan.pdf"
    assert keys.stops > 30


@pytest.mark.parametrize("path", ["/", "/questions/who", "/accessibility"])
def test_skip_link_on_every_kind_of_page(new_page, path):
    page = new_page()
    page.goto(path)
    skip_link(Keys(page), "en")

"""axe-core (WCAG 2.2 AA: wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa) on the pages and states the
journey tests do not reach, in English and Arabic: a plan seen again, changing the answers, the
"plan updated" banner, reminders, deleting, the footer's content pages and "Page not found".

The questionnaire, every validation error, "Check your answers", the new plan and "Send my plan"
are checked by tests/browser/test_family_journey.py (every language); the caseworker console by
tests/browser/test_caseworker_journey.py. Any violation fails with the rule, the element (its
selector and HTML) and the page's address.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import make_plan, screenshot, submit

REMINDERS_ROUTE = "/plan/<plan_id>/reminders"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_plan_states_and_content_pages(new_page, live_server, axe, lang):
    page = new_page()
    plan = make_plan(page, lang)
    page.goto(plan)
    assert page.locator(".app-return-link").count() == 0
    axe.check(page, "plan, seen again")

    # Change an answer: "Check your answers" for a saved plan, a question, then the banner.
    with page.expect_navigation():
        page.locator("main a[href$='/change']").click()
    assert page.url.endswith("/check")
    axe.check(page, "check your answers, changing a plan")
    with page.expect_navigation():
        page.locator("a[href='/questions/postcode?change=1']").click()
    axe.check(page, "question, changing a plan")
    page.fill("#answer", "SW1A 1AA")
    submit(page)
    assert page.url.endswith("/check")
    submit(page)
    assert page.url == plan
    assert page.locator(".govuk-notification-banner--success").is_visible()
    axe.check(page, "plan updated (success banner)")
    screenshot(page, f"{lang}-plan-updated", full_page=False)

    if live_server.has_route(REMINDERS_ROUTE):
        page.goto(f"{plan}/reminders")
        axe.check(page, "reminders")
        form = page.locator("main form button.govuk-button, main form [type=submit]")
        if form.count():
            with page.expect_navigation():
                form.first.click()
            axe.check(page, "reminders, submitted with nothing filled in")

    page.goto(f"{plan}/delete")
    axe.check(page, "delete your plan")
    submit(page)
    assert page.url.endswith("/plan-deleted")
    axe.check(page, "plan deleted")

    for path in ("/privacy", "/accessibility", "/cookies", "/feedback", "/no-such-page"):
        page.goto(f"{path}?lang={lang}")
        axe.check(page, path)
    assert len(axe.checked) >= 12

"""The caseworker console in a real browser: sign in (with the errors first), find a family, open
the family's page, add a postal address and send or download the letter, with axe-core (WCAG 2.2
AA) on every page and state.

The staff account is made as the README says: `planner users create --email E --role caseworker
--council exampleshire`, password on stdin. The tests are skipped while the console is not wired
into create_app (see the staff_account fixture).
"""

from __future__ import annotations

import re

from tests.browser.conftest import make_plan, screenshot, submit

ADDRESS = "Flat 2\n10 Downing Street\nLondon\nSW1A 2AA"


def sign_in(page, axe, email, password):
    page.goto("/caseworker/login")
    axe.check(page, "sign in")
    submit(page)
    assert page.locator(".govuk-error-summary").is_visible()
    axe.check(page, "sign in, nothing entered")
    page.fill("#email", email)
    page.fill("#password", "not the password")
    submit(page)
    assert page.locator(".govuk-error-summary").is_visible()
    axe.check(page, "sign in, wrong password")
    page.fill("#email", email)
    page.fill("#password", password)
    submit(page)
    assert "/caseworker/login" not in page.url, page.url


def test_caseworker_journey(new_page, staff_account, axe):
    family = new_page()
    plan_url = make_plan(family)
    plan_id = plan_url.rsplit("/", 1)[1]
    # Nobody at the council sees a plan the family made until the family shares it.
    with family.expect_navigation():
        family.get_by_role("link", name="Share my plan with the council's SEND team").click()
    axe.check(family, "share my plan")
    submit(family)
    assert "Your plan is shared with the council's SEND team" in family.locator("main").inner_text()
    axe.check(family, "plan, shared")
    # "Your plan reference is ABCD-EFGH": what a family reads out to the council.
    reference = re.search(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}\b", family.locator("main").inner_text())

    page = new_page()
    sign_in(page, axe, *staff_account)
    axe.check(page, "families")
    screenshot(page, "en-caseworker-families", full_page=False)

    if reference and page.locator("#reference").count():
        page.fill("#reference", reference.group(0))
        submit(page)
        axe.check(page, "families, search results")
    link = page.locator(f"main a[href$='/caseworker/families/{plan_id}']")
    if link.count():
        with page.expect_navigation():
            link.first.click()
    else:
        page.goto(f"/caseworker/families/{plan_id}")
    assert page.url.endswith(f"/caseworker/families/{plan_id}")
    axe.check(page, "family")

    page.goto(f"/caseworker/families/{plan_id}/letter")
    assert page.url.endswith("/address"), "a letter needs an address first"
    axe.check(page, "postal address")
    page.fill("#address", "not an address")
    submit(page)
    assert page.locator(".govuk-error-summary").is_visible()
    axe.check(page, "postal address, wrong")
    page.fill("#address", ADDRESS)
    submit(page)
    assert page.url.endswith("/letter")
    axe.check(page, "letter")
    screenshot(page, "en-caseworker-letter", full_page=False)

    pdf = page.request.get(f"/caseworker/families/{plan_id}/letter.pdf?download=1")
    assert pdf.ok and pdf.body().startswith(b"%PDF-")

    submit(page)
    assert page.url.endswith(f"/caseworker/families/{plan_id}")
    axe.check(page, "family, letter sent")

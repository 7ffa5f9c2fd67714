"""The family's whole journey in a real browser, in every language: start page, every question,
"Check your answers", the plan, "Send my plan" and the PDF; the same without JavaScript; and every
validation error on every question page (with axe-core run on each error state, in English and
Arabic). Pages are found by ids, names and values, never by English words, so the same script runs
in every language; the words are checked against the catalogues.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest

from planner.i18n import BabelLocalizer, catalogue, text_direction
from planner.rules.answers import years_before
from planner.rules.types import LANGUAGES
from tests.browser.conftest import (
    AxeReport,
    answer_until,
    born_aged,
    fill_question,
    persona,
    question_id,
    screenshot,
    start,
    submit,
    today,
)

QUESTIONS = [
    "who",
    "name",
    "date-of-birth",
    "setting",
    "support",
    "needs",
    "topics",
    "goals",
    "dla",
    "ehc-dates",
    "ehc-review-outcome",
    "postcode",
]
SEND_ROUTE = "/plan/<plan_id>/send"


def t(lang: str, message: str, **params: Any) -> str:
    """`message` as the page shows it in `lang`."""
    text = catalogue(lang).gettext(message)
    return text % params if params else text


def assert_page_language(page: Any, lang: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == text_direction(lang)


def send_my_plan(page: Any, lang: str, axe: AxeReport | None = None) -> None:
    """From the plan page: "Send my plan" by email, then back to the plan. With `axe`, first
    submit nothing, then an email without consent, and check each page state."""
    plan_url = page.url
    link = page.locator(f"main a[href*='{page.url.split('/plan/')[1]}/send']").first
    assert link.count() == 1, "the plan page should link to Send my plan"
    with page.expect_navigation():
        link.click()
    assert_page_language(page, lang)
    assert page.locator("h1").inner_text() == t(lang, "Send my plan")
    if axe is not None:
        axe.check(page, "send my plan")
        submit(page)
        summary = page.locator(".govuk-error-summary").inner_text()
        assert t(lang, "Choose how you want to get your plan") in summary
        axe.check(page, "send my plan: nothing chosen")
        page.check("input[name=channel][value=email]")
        page.fill("#email_address", "not an email")
        submit(page)
        assert page.locator(".govuk-error-summary").is_visible()
        axe.check(page, "send my plan: a wrong email address, no consent")
    page.check("input[name=channel][value=email]")
    page.fill("#email_address", "family@example.com")
    page.check("#consent")
    submit(page)
    assert re.search(r"/deliveries/[^/]+$", page.url), page.url
    assert page.locator("main h1").count() == 1
    if axe is not None:
        axe.check(page, "delivery status")
    page.goto(plan_url)


def download_pdf(page: Any, variant: str = "") -> bytes:
    selector = "main a[href$='/pdf']" if not variant else f"main a[href*='variant={variant}']"
    # The first click may open "Your PDF is being made", which refreshes itself until the
    # worker has made it: the download comes at the end of that wait.
    plan_url = page.url
    with page.expect_download(timeout=120_000) as info:
        page.locator(selector).first.click()
    download = info.value
    if page.url != plan_url:  # it waited on "being made": back to the plan, as a family would
        page.goto(plan_url)
    assert download.failure() is None
    expected = "plan-large-print.pdf" if variant else "plan.pdf"
    assert download.suggested_filename == expected
    with open(download.path(), "rb") as f:
        data = f.read()
    assert data.startswith(b"%PDF-"), data[:20]
    return data


# axe-core runs on every page in English and Arabic (left to right and right to left), and on the
# start page, one question, "Check your answers" and the plan in every other language. The PDF is
# downloaded in English and Arabic here (tests/pdf checks its content in every language).
FULL_CHECKS = ("en", "ar")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_whole_family_journey(new_page, live_server, axe, lang):
    """Start → every question → check your answers → plan → send my plan → PDF, in every
    language the service offers, with axe-core on the pages."""
    full = lang in FULL_CHECKS
    page = new_page()
    page.goto(f"/?lang={lang}")
    assert_page_language(page, lang)
    assert page.locator("h1").inner_text() == t(lang, "Plan your child's next steps")
    axe.check(page, "start page")
    if full:
        screenshot(page, f"{lang}-start")
    with page.expect_navigation():
        page.locator("a.govuk-button--start").click()

    answers = persona()
    seen = []
    while (current := question_id(page)) is not None:
        seen.append(current)
        assert_page_language(page, lang)
        assert page.title().startswith(page.locator("h1").inner_text().strip())
        if full or current == "support":
            axe.check(page, f"question {current}")
        if full and current == "support":
            screenshot(page, f"{lang}-question-support")
        fill_question(page, current, answers[current])
        submit(page)
    assert seen == QUESTIONS

    assert page.url.endswith("/check")
    assert page.locator("h1").inner_text() == t(lang, "Check your answers")
    rows = page.locator(".govuk-summary-list__row")
    # One row a question, but four for the EHC dates (review, draft plan, decision letter,
    # mediation certificate).
    assert rows.count() == len(QUESTIONS) - 1 + 4
    assert "Sam" in rows.nth(1).inner_text()
    axe.check(page, "check your answers")
    if full:
        screenshot(page, f"{lang}-check-answers")
    submit(page)

    assert re.search(r"/plan/[^/]+$", page.url)
    assert_page_language(page, lang)
    assert page.locator("h1").inner_text() == t(lang, "%(name)s's plan", name="Sam")
    return_link = page.locator(".app-return-link a").get_attribute("href")
    assert return_link and "/open/" in return_link
    assert page.locator(".app-timeline__item").count() > 0
    axe.check(page, "new plan (with the return link)")
    if full:
        screenshot(page, f"{lang}-plan", full_page=False)

    if live_server.has_route(SEND_ROUTE):
        send_my_plan(page, lang, axe if full else None)

    if full:
        assert len(download_pdf(page)) > 5000

    # The secret link opens the plan in another browser (a new context: no shared cookies).
    other = new_page()
    other.goto(return_link)
    assert re.search(r"/plan/[^/]+$", other.url) and "/open/" not in other.url
    assert other.locator("h1").inner_text() == t(lang, "%(name)s's plan", name="Sam")
    assert other.locator(".app-return-link").count() == 0


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_family_journey_without_javascript(new_page, live_server, lang):
    """Everything works with JavaScript turned off: questions, an error, the plan, the PDF."""
    page = new_page(java_script_enabled=False)
    start(page, lang)
    assert page.evaluate("1 + 1") == 2  # evaluate is the test's, not the page's
    assert page.locator("html").evaluate("e => e.className").find("govuk-frontend-supported") == -1
    submit(page)  # nothing chosen
    assert page.locator(".govuk-error-summary").is_visible()
    assert (
        t(lang, "Select who is filling in this form")
        in page.locator(".govuk-error-summary").inner_text()
    )
    answer_until(page, persona())
    assert page.url.endswith("/check")
    submit(page)
    assert re.search(r"/plan/[^/]+$", page.url)
    assert page.locator(".app-return-link a").count() == 1
    if live_server.has_route(SEND_ROUTE):
        send_my_plan(page, lang)
    download_pdf(page)
    download_pdf(page, "large-print")


# ---------------------------------------------------------------------------------------------
# Every validation error on every question page


@dataclass(frozen=True)
class Msg:
    """An error message as the page shows it: translated, with translated or formatted params."""

    text: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        values = {
            k: v.render(lang)
            if isinstance(v, Msg)
            else BabelLocalizer(lang).format_date(v)
            if isinstance(v, date)
            else v
            for k, v in self.params.items()
        }
        return t(lang, self.text, **values)


@dataclass(frozen=True)
class Case:
    """Enter `value` on the page; expect each (element id, message) in the error summary."""

    name: str
    value: Any
    errors: tuple[tuple[str, Msg], ...]


TAMPER = "tampered"  # a checkbox value the page never offered (as a hand-edited form would send)
DOB = Msg("Date of birth")
REVIEW = Msg("Date of the last annual review")
DRAFT = Msg("Date of the draft plan")
DECISION = Msg("Date of the decision letter")
ASKED = Msg("Date you asked for the assessment")


def part_cases(subject: Msg, field_name: str, wrap: Callable[[Any], Any]) -> list[Case]:
    """A date with parts missing: each one and each pair (GOV.UK date input messages)."""
    cases = []
    for blank, message in (
        (("day",), "%(subject)s must include a day"),
        (("month",), "%(subject)s must include a month"),
        (("year",), "%(subject)s must include a year"),
        (("day", "month"), "%(subject)s must include a day and month"),
        (("day", "year"), "%(subject)s must include a day and year"),
        (("month", "year"), "%(subject)s must include a month and year"),
    ):
        value = tuple(
            "" if part in blank else typed
            for part, typed in zip(("day", "month", "year"), ("27", "3", "2020"), strict=True)
        )
        cases.append(
            Case(
                f"{field_name} without {' and '.join(blank)}",
                wrap(value),
                ((f"{field_name}-{blank[0]}", Msg(message, {"subject": subject})),),
            )
        )
    return cases


def dob_cases(young_person: bool) -> list[Case]:
    now = today()
    oldest = years_before(now, 26)
    required = "Enter your date of birth" if young_person else "Enter your child's date of birth"
    cases = [Case("nothing entered", None, (("answer-day", Msg(required)),))]
    if young_person:
        return cases
    cases += part_cases(DOB, "answer", lambda value: value)
    real = "%(subject)s must be a real date"
    return cases + [
        Case(
            "letters for the day",
            ("ab", "3", "2012"),
            (("answer-day", Msg(real, {"subject": DOB})),),
        ),
        Case(
            "a 2-digit year",
            ("27", "3", "12"),
            (("answer-year", Msg("Year must include 4 numbers")),),
        ),
        Case("31 February", ("31", "2", "2012"), (("answer-day", Msg(real, {"subject": DOB})),)),
        Case("month 13", ("1", "13", "2012"), (("answer-month", Msg(real, {"subject": DOB})),)),
        Case(
            "in the future",
            now + timedelta(days=1),
            (("answer-day", Msg("Date of birth must be today or in the past")),),
        ),
        Case(
            "aged 26",
            oldest - timedelta(days=1),
            (
                (
                    "answer-year",
                    Msg(
                        "This service is for children and young people aged 25 or under. "
                        "Date of birth must be after %(date)s",
                        {"date": oldest},
                    ),
                ),
            ),
        ),
    ]


def ehc_cases() -> list[Case]:
    now = today()
    real = "%(subject)s must be a real date"
    cases = part_cases(REVIEW, "last_review_date", lambda value: {"last_review_date": value})
    return cases + [
        Case(
            "a draft date that is not real",
            {"draft_served_on": ("30", "2", "2026")},
            (("draft_served_on-day", Msg(real, {"subject": DRAFT})),),
        ),
        Case(
            "a 2-digit year for the decision",
            {"decision_sent_on": ("1", "2", "26")},
            (("decision_sent_on-year", Msg("Year must include 4 numbers")),),
        ),
        Case(
            "a review in the future",
            {"last_review_date": now + timedelta(days=2)},
            (
                (
                    "last_review_date-day",
                    Msg("%(subject)s must be today or in the past", {"subject": REVIEW}),
                ),
            ),
        ),
        Case(
            "a decision before the date of birth",
            {"decision_sent_on": born_aged(15) - timedelta(days=10)},
            (
                (
                    "decision_sent_on-day",
                    Msg("%(subject)s must be after the date of birth", {"subject": DECISION}),
                ),
            ),
        ),
        Case(
            "three wrong dates at once",
            {
                "last_review_date": ("", "3", "2026"),
                "draft_served_on": ("x", "1", "2026"),
                "decision_sent_on": now + timedelta(days=5),
            },
            (
                (
                    "last_review_date-day",
                    Msg("%(subject)s must include a day", {"subject": REVIEW}),
                ),
                ("draft_served_on-day", Msg(real, {"subject": DRAFT})),
                (
                    "decision_sent_on-day",
                    Msg("%(subject)s must be today or in the past", {"subject": DECISION}),
                ),
            ),
        ),
    ]


def family_cases() -> dict[str, list[Case]]:
    tampered = Case("a choice not offered", TAMPER, (("answer", Msg("Select from the list")),))
    return {
        "who": [
            Case("nothing chosen", None, (("answer", Msg("Select who is filling in this form")),))
        ],
        "name": [
            Case(
                "41 characters",
                "S" * 41,
                (("answer", Msg("First name must be %(max)d characters or fewer", {"max": 40})),),
            )
        ],
        "date-of-birth": dob_cases(young_person=False),
        "setting": [
            Case(
                "nothing chosen",
                None,
                (("answer", Msg("Select where your child goes to learn now")),),
            )
        ],
        "support": [
            Case(
                "nothing chosen",
                None,
                (("answer", Msg("Select what help your child gets with their learning")),),
            )
        ],
        "needs": [tampered],
        "topics": [tampered],
        "goals": [tampered],
        "dla": [
            Case(
                "nothing chosen",
                None,
                (("answer", Msg("Select yes if your child gets Disability Living Allowance")),),
            )
        ],
        "ehc-dates": ehc_cases(),
        "postcode": [
            Case(
                "not a postcode",
                "XE1 1A",
                (("answer", Msg("Enter a full UK postcode, like SW1A 1AA")),),
            )
        ],
    }


def young_person_cases() -> dict[str, list[Case]]:
    """The young person's own wording, and the other EHC date (asked for an assessment)."""
    return {
        "date-of-birth": dob_cases(young_person=True),
        "support": [
            Case(
                "nothing chosen",
                None,
                (("answer", Msg("Select what help you get with your learning")),),
            )
        ],
        "dla": [
            Case(
                "nothing chosen",
                None,
                (("answer", Msg("Select yes if you get Disability Living Allowance")),),
            )
        ],
        "ehc-dates": [
            Case(
                "assessment date without day and month",
                {"assessment_requested_on": ("", "", "2026")},
                (
                    (
                        "assessment_requested_on-day",
                        Msg("%(subject)s must include a day and month", {"subject": ASKED}),
                    ),
                ),
            )
        ],
    }


def young_person() -> dict[str, Any]:
    return {
        **persona(),
        "who": "young_person",
        "name": "",
        "date-of-birth": born_aged(17),
        "setting": "college",
        "support": "assessment_requested",
        "needs": [],
        "goals": [],
        "dla": "no",
        "ehc-dates": {"assessment_requested_on": today() - timedelta(days=20)},
        "postcode": "",
    }


def enter(page: Any, page_id: str, value: Any) -> None:
    if value == TAMPER:
        page.locator("input[name=answer]").first.evaluate(
            "(box, v) => { box.value = v; box.checked = true; }", TAMPER
        )
    elif page_id == "ehc-dates":
        # Every date on the page is entered afresh: blank unless the case names it.
        names = page.locator("input[id$='-day']").evaluate_all(
            "els => els.map(e => e.id.slice(0, -4))"
        )
        fill_question(page, page_id, {name: (value or {}).get(name) for name in names})
    else:
        fill_question(page, page_id, value)


ERROR_STATE_JS = """() => {
    const summary = document.querySelector('.govuk-error-summary');
    return {
        title: document.title,
        summaryFocused: document.activeElement === summary,
        summaryVisible: !!summary && summary.getBoundingClientRect().height > 0,
        links: [...document.querySelectorAll('.govuk-error-summary__list a')].map(a => ({
            text: a.textContent.trim(),
            href: a.getAttribute('href'),
            found: document.querySelectorAll(a.getAttribute('href')).length,
        })),
        messages: [...document.querySelectorAll('.govuk-error-message')].map(m => m.textContent),
    };
}"""


def check_errors(page: Any, lang: str, case: Case) -> None:
    """The GOV.UK error pattern: "Error:" title, a focused summary linking to each wrong box, the
    message by the question, and the link moving focus to the box."""
    where = f"{page.url} ({case.name})"
    state = page.evaluate(ERROR_STATE_JS)
    assert state["title"].startswith(t(lang, "Error:")), where
    assert state["summaryVisible"], where
    assert state["summaryFocused"], f"the error summary should have focus: {where}"
    expected = [(f"#{target}", message.render(lang)) for target, message in case.errors]
    assert [(link["href"], link["text"]) for link in state["links"]] == expected, where
    assert all(link["found"] == 1 for link in state["links"]), where
    for _href, text in expected:
        assert any(text in m for m in state["messages"]), f"{text!r} not by the question: {where}"
    # Following the first link puts the cursor in the box to fix.
    page.locator(".govuk-error-summary__list a").first.click()
    focused = page.evaluate("() => document.activeElement.id")
    assert focused == case.errors[0][0], f"focus went to {focused!r}: {where}"


def walk_with_errors(
    page: Any,
    lang: str,
    answers: dict[str, Any],
    cases: dict[str, list[Case]],
    on_state: Callable[[Any, str], None],
) -> list[str]:
    """Answer the questionnaire; on each page first make each error in `cases`."""
    start(page, lang)
    checked = []
    while (current := question_id(page)) is not None:
        on_state(page, f"question {current}")
        for case in cases.get(current, []):
            enter(page, current, case.value)
            submit(page)
            assert question_id(page) == current, f"{current}: {case.name} was accepted"
            check_errors(page, lang, case)
            on_state(page, f"question {current}: {case.name}")
            checked.append(f"{current}: {case.name}")
        enter(page, current, answers.get(current))
        submit(page)
    assert page.url.endswith("/check"), page.url
    on_state(page, "check your answers")
    return checked


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("who", ["parent", "young person"])
def test_every_validation_error(new_page, axe: AxeReport, lang, who):
    """Each validation error on each question page, in the page's language, with axe-core run on
    every error state."""
    page = new_page()
    if who == "parent":
        answers, cases = persona(), family_cases()
    else:
        answers, cases = young_person(), young_person_cases()
    checked = walk_with_errors(page, lang, answers, cases, axe.check)
    assert len(checked) == sum(len(c) for c in cases.values())
    if lang in ("en", "ar") and who == "parent":
        page.goto("/questions/date-of-birth")
        enter(page, "date-of-birth", ("31", "2", ""))
        submit(page)
        screenshot(page, f"{lang}-question-with-errors")

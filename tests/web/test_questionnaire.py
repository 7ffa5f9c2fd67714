"""The questionnaire pages: headings and labels, errors, which pages apply, check your answers,
submitting, languages. Pages are parsed, not string-matched."""

from __future__ import annotations

from datetime import timedelta

import pytest

from planner.plans.service import today_in_london
from planner.questionnaire import flow
from planner.rules.types import LANGUAGES
from tests.web.conftest import (
    FULL,
    born_aged,
    dob_fields,
    page,
    plan_count,
    post,
    session_value,
    set_answers,
    text,
)


def test_start_page(client):
    soup = page(client.get("/"))
    assert text(soup.h1) == "Plan your child's next steps"
    start = soup.find("a", class_="govuk-button--start")
    assert start["href"] == "/questions/who"
    assert "Start now" in text(start)
    assert soup.find("a", href="/privacy")
    assert "5 minutes" in text(soup.main)


# page id -> (h1, labels on the page)
QUESTION_PAGES = {
    "who": (
        "Who is filling in this form?",
        [
            "A parent or carer",
            "The child or young person themselves",
            "A professional helping a family",
        ],
    ),
    "name": ("What is your child's first name?", ["What is your child's first name?"]),
    "date-of-birth": ("What is your child's date of birth?", ["Day", "Month", "Year"]),
    "setting": (
        "Where does your child go to learn now?",
        ["Mainstream secondary school", "Special school"],
    ),
    "support": (
        "What help does your child get with their learning?",
        ["They have an education, health and care (EHC) plan", "I'm not sure"],
    ),
    "needs": ("What does your child need help with?", ["Learning, reading, writing or maths"]),
    "topics": ("What would you like help with?", ["Careers advice", "Where to live as an adult"]),
    "goals": ("What would your child like to do after school?", ["Do a supported internship"]),
    "dla": ("Does your child get Disability Living Allowance?", ["Yes", "No"]),
    "ehc-dates": (
        "Dates from the EHC process",
        ["When was the last annual review meeting?", "When did you get a draft EHC plan?"],
    ),
    "postcode": ("What is your postcode?", ["What is your postcode?"]),
}


@pytest.mark.parametrize("page_id", list(QUESTION_PAGES))
def test_question_page_heading_and_labels(client, full_answers, page_id):
    set_answers(client, full_answers, [p.id for p in flow.PAGES])
    response = client.get(f"/questions/{page_id}")
    assert response.status_code == 200
    soup = page(response)
    heading, labels = QUESTION_PAGES[page_id]
    assert text(soup.h1) == heading
    assert soup.title.string.startswith(heading)
    found = {text(label) for label in soup.select("label, legend")}
    for label in labels:
        assert label in found
    assert soup.find("a", class_="govuk-back-link")
    assert text(soup.find("button", class_="govuk-button")) == "Continue"


def test_young_person_is_spoken_to_directly(client, full_answers):
    set_answers(client, {**full_answers, "respondent": "young_person"})
    soup = page(client.get("/questions/date-of-birth"))
    assert text(soup.h1) == "What is your date of birth?"
    soup = page(client.get("/questions/support"))
    assert "I have an education, health and care (EHC) plan" in text(soup.main)


def test_support_choices_explain_themselves(client, full_answers):
    set_answers(client, full_answers)
    soup = page(client.get("/questions/support"))
    hints = [text(h) for h in soup.select(".govuk-radios__hint")]
    assert any("legal document" in h for h in hints)
    assert any("SEN means special educational needs" in h for h in hints)


TODAY = today_in_london()
FUTURE = TODAY + timedelta(days=3)
TOO_OLD = born_aged(27)

# (page, form data, error message, the summary link's target)
BAD_INPUT = [
    ("who", [], "Select who is filling in this form", "#answer"),
    ("who", [("answer", "headteacher")], "Select who is filling in this form", "#answer"),
    ("name", [("answer", "x" * 41)], "First name must be 40 characters or fewer", "#answer"),
    (
        "name",
        [("answer", "URGENT: pay at evil.example/pay")],
        "First name can only include letters, spaces, hyphens and apostrophes",
        "#answer",
    ),
    (
        "name",
        [("answer", "Sam\x07")],
        "First name can only include letters, spaces, hyphens and apostrophes",
        "#answer",
    ),
    ("postcode", [("answer", "SW1A\x001AA")], "Enter a full UK postcode, like SW1A 1AA", "#answer"),
    ("date-of-birth", dob_fields(None), "Enter your child's date of birth", "#answer-day"),
    (
        "date-of-birth",
        [("answer", "31"), ("answer", "2"), ("answer", "2015")],
        "Date of birth must be a real date",
        "#answer-day",
    ),
    (
        "date-of-birth",
        [("answer", "3"), ("answer", ""), ("answer", "2015")],
        "Date of birth must include a month",
        "#answer-month",
    ),
    (
        "date-of-birth",
        [("answer", ""), ("answer", ""), ("answer", "2015")],
        "Date of birth must include a day and month",
        "#answer-day",
    ),
    (
        "date-of-birth",
        [("answer", "3"), ("answer", "4"), ("answer", "15")],
        "Year must include 4 numbers",
        "#answer-year",
    ),
    (
        "date-of-birth",
        [("answer", "3"), ("answer", "four"), ("answer", "2015")],
        "Date of birth must be a real date",
        "#answer-month",
    ),
    (
        "date-of-birth",
        dob_fields(FUTURE),
        "Date of birth must be today or in the past",
        "#answer-day",
    ),
    ("date-of-birth", dob_fields(TOO_OLD), "aged 25 or under", "#answer-year"),
    ("setting", [], "Select where your child goes to learn now", "#answer"),
    (
        "support",
        [("answer", "statement")],
        "Select what help your child gets with their learning",
        "#answer",
    ),
    ("needs", [("answer", "nonsense")], "Select from the list", "#answer"),
    ("topics", [("answer", "careers"), ("answer", "ponies")], "Select from the list", "#answer"),
    ("dla", [], "Select yes if your child gets Disability Living Allowance", "#answer"),
    (
        "ehc-dates",
        [
            ("last_review_date", str(FUTURE.day)),
            ("last_review_date", str(FUTURE.month)),
            ("last_review_date", str(FUTURE.year)),
        ],
        "Date of the last annual review must be today or in the past",
        "#last_review_date-day",
    ),
    (
        "ehc-dates",
        [("decision_sent_on", "1"), ("decision_sent_on", "1"), ("decision_sent_on", "2000")],
        "Date of the decision letter must be after the date of birth",
        "#decision_sent_on-day",
    ),
    (
        "ehc-dates",
        [("draft_served_on", "12"), ("draft_served_on", "")] + [("draft_served_on", "2026")],
        "Date of the draft plan must include a month",
        "#draft_served_on-month",
    ),
    ("postcode", [("answer", "NOT A CODE")], "Enter a full UK postcode, like SW1A 1AA", "#answer"),
    ("postcode", [("answer", "SW1A")], "Enter a full UK postcode, like SW1A 1AA", "#answer"),
]


@pytest.mark.parametrize(("page_id", "data", "message", "href"), BAD_INPUT)
def test_bad_input_shows_errors_and_stores_nothing(
    app, client, full_answers, page_id, data, message, href
):
    set_answers(client, full_answers, ["who", "name", "date-of-birth", "setting", "support", "dla"])
    before = session_value(client, "answers")
    response = post(client, page_id, data)
    assert response.status_code == 200
    soup = page(response)
    assert soup.title.string.startswith("Error: ")
    summary = soup.find(class_="govuk-error-summary")
    assert text(summary.find(class_="govuk-error-summary__title")) == "There is a problem"
    link = summary.find("a")
    assert message in text(link)
    assert link["href"] == href
    target = href.lstrip("#")
    assert soup.find(id=target) is not None, (
        f"the summary links to #{target}, which is not on the page"
    )
    inline = soup.find(class_="govuk-error-message")
    assert message in text(inline)
    assert text(inline).startswith("Error:")
    assert session_value(client, "answers") == before
    assert plan_count(app) == 0


def test_only_the_wrong_part_of_a_date_is_outlined(client, full_answers):
    set_answers(client, full_answers)
    soup = page(
        post(client, "date-of-birth", [("answer", "3"), ("answer", ""), ("answer", "2015")])
    )
    assert "govuk-input--error" in soup.find(id="answer-month")["class"]
    assert "govuk-input--error" not in soup.find(id="answer-day")["class"]
    # What was typed comes back.
    assert soup.find(id="answer-day")["value"] == "3"
    assert soup.find(id="answer-year")["value"] == "2015"


GARBAGE = [
    [("answer", "\x00")],
    [("answer", "1"), ("answer", "1"), ("answer", "99999999999999999999")],
    [("answer", "-1"), ("answer", "-1"), ("answer", "-2000")],
    [("answer", "٣"), ("answer", "٤"), ("answer", "٢٠١٥")],
    [("answer", "a" * 5000)],
    [("last_review_date", "1")],
]


@pytest.mark.parametrize("page_id", list(QUESTION_PAGES))
@pytest.mark.parametrize("data", GARBAGE)
def test_garbage_never_breaks_a_page(app, client, full_answers, page_id, data):
    set_answers(client, full_answers)
    response = post(client, page_id, data)
    assert response.status_code in (200, 302)
    assert plan_count(app) == 0


def test_a_six_year_old_skips_goals_ehc_dates_and_careers(app, client):
    dob = born_aged(6)
    set_answers(client, {})
    steps = [
        [("answer", "parent_carer")],
        [("answer", "Ada")],
        dob_fields(dob),
        [("answer", "mainstream_primary")],
        [("answer", "primary")],
        [("answer", "sen_support")],
        [],
        "TOPICS",
        [("answer", "no")],
        [("answer", "")],
    ]
    visited = []
    location = "/questions/who"
    for data in steps:
        page_id = location.rsplit("/", 1)[1]
        visited.append(page_id)
        if data == "TOPICS":
            soup = page(client.get(location))
            offered = {box["value"] for box in soup.select("input[type=checkbox]")}
            assert "careers" not in offered
            assert not offered & {"work", "housing", "community"}
            assert {"phase_transitions", "transport", "short_breaks"} <= offered
            data = []
        response = post(client, page_id, data)
        assert response.status_code == 302
        location = response.headers["Location"]
    assert visited == [
        "who",
        "name",
        "date-of-birth",
        "setting",
        "school-type",
        "support",
        "needs",
        "topics",
        "dla",
        "postcode",
    ]
    assert location == "/check"
    answers = session_value(client, "answers")
    assert answers["date_of_birth"] == dob.isoformat()
    assert "goals" not in answers and "ehc" not in answers and "topics" not in answers
    # A page that does not apply cannot be reached by typing its address.
    assert client.get("/questions/goals").headers["Location"] == "/check"
    assert plan_count(app) == 0


@pytest.mark.parametrize(
    ("age", "setting", "asked"),
    [
        (6, "mainstream_primary", True),
        (11, "mainstream_primary", True),  # Year 6 or 7: a middle school runs to Year 8
        (9, "special_school", False),
        (14, "mainstream_secondary", False),
        (3, "early_years", False),
    ],
)
def test_school_type_is_asked_only_of_families_it_concerns(client, age, setting, asked):
    # Issue 19, point 8: infant, first and middle school moves are phase transfers, so we ask,
    # but only on the path of families at a primary-age mainstream school.
    answers = {**FULL, "date_of_birth": born_aged(age).isoformat(), "setting": setting}
    set_answers(client, answers)
    response = client.get("/questions/school-type")
    if not asked:
        assert response.status_code == 302
        return
    soup = page(response)
    assert text(soup.h1) == "What kind of school does your child go to?"
    assert "An infant school (to Year 2)" in text(soup.main)
    # Optional, but only the choices offered are taken.
    assert post(client, "school-type", [("answer", "grammar")]).status_code == 200
    assert post(client, "school-type", []).status_code == 302
    assert "school_type" not in session_value(client, "answers")
    assert post(client, "school-type", [("answer", "infant")]).status_code == 302
    assert session_value(client, "answers")["school_type"] == "infant"
    # Changing the setting drops the answer: it no longer applies.
    post(client, "setting", [("answer", "special_school")])
    assert "school_type" not in session_value(client, "answers")


def test_post_16_places_are_not_offered_to_a_young_child(client):
    set_answers(client, {**FULL, "date_of_birth": born_aged(6).isoformat()})
    soup = page(client.get("/questions/setting"))
    offered = {r["value"] for r in soup.select("input[type=radio]")}
    assert "higher_education" not in offered and "mainstream_primary" in offered


@pytest.mark.parametrize(
    ("support", "asked", "not_asked", "then"),
    [
        ("ehc_plan", "last_review_date", "assessment_requested_on", "ehc-review-outcome"),
        (
            "assessment_requested",
            "assessment_requested_on",
            "last_review_date",
            "ehc-assessment-stage",
        ),
    ],  # fmt: skip
)
def test_ehc_dates_ask_for_the_dates_that_apply(
    client, full_answers, support, asked, not_asked, then
):
    set_answers(
        client,
        {**full_answers, "support": support},
        ["who", "name", "date-of-birth", "setting", "support", "needs", "topics", "goals"],
    )
    response = post(client, "dla", [("answer", "yes")])
    assert response.headers["Location"] == "/questions/ehc-dates"
    soup = page(client.get("/questions/ehc-dates"))
    assert soup.find(id=f"{asked}-day") is not None
    assert soup.find(id=f"{not_asked}-day") is None
    response = post(client, "ehc-dates", [(asked, "2"), (asked, "3"), (asked, str(TODAY.year - 1))])
    assert response.headers["Location"] == f"/questions/{then}"
    assert session_value(client, "answers")["ehc"] == {asked: f"{TODAY.year - 1}-03-02"}


def test_without_an_ehc_plan_there_are_no_ehc_dates(client, full_answers):
    set_answers(client, {**full_answers, "support": "sen_support"}, [p.id for p in flow.PAGES])
    assert post(client, "dla", [("answer", "no")]).headers["Location"] == "/questions/postcode"


def test_later_pages_need_earlier_answers(client):
    set_answers(client, {"respondent": "parent_carer"}, ["who"])
    assert client.get("/questions/postcode").headers["Location"] == "/questions/date-of-birth"
    assert client.get("/check").headers["Location"] == "/questions/name"


def test_unknown_question_is_not_found(client):
    assert client.get("/questions/favourite-colour").status_code == 404


def test_check_your_answers_lists_answers_with_change_links(client, full_answers):
    answers = {
        **full_answers,
        "postcode": "SW1A 1AA",
        "needs": ["sensory_physical"],
        "goals": ["employment"],
    }
    set_answers(client, answers, [p.id for p in flow.PAGES])
    soup = page(client.get("/check"))
    assert text(soup.h1) == "Check your answers"
    rows = {
        text(row.find(class_="govuk-summary-list__key")): row
        for row in soup.select(".govuk-summary-list__row")
    }
    assert text(rows["First name"].find(class_="govuk-summary-list__value")) == "Sam"
    assert text(rows["Postcode"].find(class_="govuk-summary-list__value")) == "SW1A 1AA"
    assert (
        text(rows["Disability Living Allowance"].find(class_="govuk-summary-list__value")) == "Yes"
    )
    assert "Not given" in text(rows["Last annual review"])
    change = rows["Postcode"].find("a")
    assert change["href"] == "/questions/postcode?change=1"
    assert "Change" in text(change) and "Postcode" in text(change)
    assert text(soup.find("button", class_="govuk-button")) == "Make my plan"


def test_a_change_returns_to_check_your_answers(client, full_answers):
    set_answers(client, full_answers, [p.id for p in flow.PAGES])
    soup = page(client.get("/questions/name?change=1"))
    assert soup.find("a", class_="govuk-back-link")["href"] == "/check"
    response = post(client, "name", [("answer", "Jo")], change="1")
    assert response.headers["Location"] == "/check"
    assert session_value(client, "answers")["name"] == "Jo"


def test_a_change_drops_answers_that_no_longer_apply(client, full_answers):
    answers = {
        **full_answers,
        "goals": ["employment"],
        "topics": ["careers", "work", "health"],
        "ehc": {"last_review_date": (TODAY - timedelta(days=100)).isoformat()},
    }
    set_answers(client, answers, [p.id for p in flow.PAGES])
    post(client, "support", [("answer", "none")], change="1")
    assert "ehc" not in session_value(client, "answers")
    response = post(client, "date-of-birth", dob_fields(born_aged(8)), change="1")
    assert response.headers["Location"] == "/check"
    kept = session_value(client, "answers")
    assert "goals" not in kept
    assert kept["topics"] == ["health"]


def test_a_change_asks_questions_that_now_apply(client, full_answers):
    answers = {**full_answers, "support": "none"}
    set_answers(client, answers, [p.id for p in flow.applicable(answers, TODAY)])
    response = post(client, "support", [("answer", "assessment_requested")], change="1")
    assert response.headers["Location"] == "/questions/ehc-dates?change=1"
    response = post(client, "ehc-dates", [], change="1")
    assert response.headers["Location"] == "/questions/ehc-assessment-stage?change=1"
    response = post(client, "ehc-assessment-stage", [("answer", "waiting")], change="1")
    assert response.headers["Location"] == "/check"


def test_submit_creates_one_plan_and_shows_it(app, client, full_answers):
    set_answers(client, full_answers, [p.id for p in flow.PAGES])
    client.get("/?lang=pl")
    response = client.post("/check")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/plan/")
    assert plan_count(app) == 1
    plan_id = response.headers["Location"].rsplit("/", 1)[1]
    assert session_value(client, "plans") == [plan_id]
    assert session_value(client, "answers") is None
    from planner.plans import service

    with app.app_context():
        assert service.load_answers(service.get_plan(plan_id)).language == "pl"


PAGES_TO_CHECK = [
    "/",
    "/questions/who",
    "/privacy",
    "/accessibility",
    "/cookies",
    "/feedback",
    "/no-such-page",
]


@pytest.mark.parametrize("url", PAGES_TO_CHECK)
def test_every_page_has_skip_link_language_switcher_and_footer(client, url):
    soup = page(client.get(url))
    skip = soup.find("a", class_="govuk-skip-link")
    assert skip["href"] == "#main-content" and soup.find(id="main-content")
    switcher = soup.find("nav", class_="app-language-switcher")
    links = switcher.find_all("a")
    assert len(links) == 8  # the other eight languages; the current one is not a link
    polish = switcher.find("a", hreflang="pl")
    assert polish["lang"] == "pl" and text(polish) == "Polski"
    assert "lang=pl" in polish["href"]
    footer = soup.find("footer")
    for href in ("/privacy", "/accessibility", "/cookies"):
        assert footer.find("a", href=href)
    assert soup.find(class_="govuk-phase-banner")
    # GOV.UK's one inline script carries the CSP nonce; our own script is a module file.
    inline = [s for s in soup.find_all("script") if not s.get("src")]
    assert len(inline) == 1 and inline[0].get("nonce")
    assert soup.find("script", src="/static/app.js")["type"] == "module"


@pytest.mark.parametrize(
    ("lang", "direction"), [("ar", "rtl"), ("ur", "rtl"), ("pl", "ltr"), ("en", "ltr")]
)
def test_language_sets_lang_and_direction(client, lang, direction):
    soup = page(client.get(f"/?lang={lang}"))
    assert soup.html["lang"] == lang
    assert soup.html["dir"] == direction
    # Remembered for the next page.
    assert page(client.get("/questions/who")).html["lang"] == lang


def test_the_language_is_kept_with_the_answers(client, full_answers):
    set_answers(client, {})
    client.get("/?lang=ar")
    post(client, "who", [("answer", "parent_carer")])
    assert session_value(client, "answers")["language"] == "ar"


def test_language_links_keep_the_change_flag(client, full_answers):
    set_answers(client, full_answers, [p.id for p in flow.PAGES])
    soup = page(client.get("/questions/name?change=1"))
    href = soup.find("a", hreflang="ar")["href"]
    assert href.startswith("/questions/name?") and "change=1" in href and "lang=ar" in href


@pytest.mark.parametrize(
    ("status", "heading"),
    [
        (400, "Sorry, there is a problem with your request"),
        (403, "You do not have permission to view this page"),
        (404, "Page not found"),
        (405, "Sorry, there is a problem with your request"),
        (413, "Sorry, what you sent is too large"),
        (429, "Sorry, there have been too many attempts"),
        (500, "Sorry, there is a problem with the service"),
        (503, "Sorry, the service is unavailable"),
    ],
)
def test_error_pages(app, status, heading):
    from flask import render_template

    with app.test_request_context("/"):
        soup = page_from(render_template("errors/error.html", status=status))
    assert text(soup.h1) == heading
    assert soup.find("nav", class_="app-language-switcher")
    if status in (500, 503):
        assert "Try again later." in text(soup.main)
    assert "Traceback" not in text(soup)


def page_from(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_wrong_method_gets_the_error_page(client):
    response = client.put("/questions/who")
    assert response.status_code == 405
    assert text(page(response).h1) == "Sorry, there is a problem with your request"


@pytest.mark.parametrize(
    ("enabled", "asked", "offered"),
    [
        (["ar", "ur"], None, {"en", "ar", "ur"}),  # English is always offered
        (["ar"], "pl", {"en", "pl", "ar"}),  # and the page's own language
        ([], None, set(LANGUAGES)),  # not chosen: every language
    ],
)
def test_language_switcher_offers_the_councils_languages(app, client, enabled, asked, offered):
    from planner.extensions import db
    from planner.models import Council
    from planner.plans.service import DEMO_COUNCIL

    with app.app_context():
        council = Council(code=app.config["DEFAULT_COUNCIL"], **DEMO_COUNCIL)
        council.languages = enabled
        db.session.add(council)
        db.session.commit()
    soup = page(client.get("/" + (f"?lang={asked}" if asked else "")))
    switcher = soup.find("nav", class_="app-language-switcher")
    shown = [node["lang"] for node in switcher.find_all(["a", "span"], lang=True)]
    assert shown == [code for code in LANGUAGES if code in offered]  # in the product's order

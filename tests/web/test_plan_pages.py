"""The plan pages: the plan itself, the secret link, changing answers, deleting, PDF link."""

from __future__ import annotations

from datetime import timedelta

import pytest

from planner.models import PlanRecord
from planner.plans import service
from planner.plans.service import today_in_london
from planner.questionnaire import flow
from tests.web.conftest import (
    born_aged,
    make_plan,
    page,
    plan_count,
    session_value,
    set_answers,
    text,
)


@pytest.fixture
def answers():
    today = today_in_london()
    return {
        "respondent": "parent_carer",
        "name": "Sam",
        "date_of_birth": born_aged(15).isoformat(),
        "setting": "mainstream_secondary",
        "support": "ehc_plan",
        "receives_dla": True,
        "ehc": {"last_review_date": (today - timedelta(days=90)).isoformat()},
        "language": "en",
    }


def return_link(soup) -> str:
    link = soup.select_one(".app-return-link a")
    assert link is not None, "the plan page should show the return link once"
    return link["href"]


def test_new_plan_shows_the_link_once(app, client, answers):
    path = make_plan(client, answers)
    soup = page(client.get(path))
    assert text(soup.h1) == "Sam's plan"
    assert "Your plan is ready" in text(soup.find(class_="govuk-panel"))
    assert "Copy this link and keep it safe" in text(soup.main)
    link = return_link(soup)
    assert link.startswith("http://localhost/plan/") and "/open/" in link
    assert session_value(client, "new_link") is None
    again = page(client.get(path))
    assert again.select_one(".app-return-link") is None
    assert "we cannot send it to you again" in text(again.main)


def test_plan_page_shows_person_milestones_and_sections(client, answers):
    soup = page(client.get(make_plan(client, answers)))
    summary = {
        text(row.find(class_="govuk-summary-list__key")): text(
            row.find(class_="govuk-summary-list__value")
        )
        for row in soup.select(".govuk-summary-list__row")
    }
    assert summary["Age"] == "15 years old"
    assert summary["School year"].startswith("Year ")
    milestones = soup.select("ol.app-timeline > li")
    assert len(milestones) >= 3
    ids = [li["id"] for li in milestones]
    assert "milestone-annual_review_due" in ids
    first = milestones[0]
    assert first.find("time")["datetime"]
    assert first.find("h4").get_text(strip=True)
    assert "Where this comes from:" in text(first.find(class_="app-refs"))
    dates = [li.find("time")["datetime"] for li in milestones]
    assert dates == sorted(dates)
    section_ids = {h2.get("id") for h2 in soup.select("h2.govuk-heading-l")}
    assert {"key-dates", "information_advice", "disagreements"} <= section_ids
    rights = soup.select(".app-right")
    assert rights and all("Your right" in text(r) and r.find(class_="app-refs") for r in rights)
    assert soup.find("a", href=lambda h: h and h.endswith("/change"))
    assert soup.find("a", href=lambda h: h and h.endswith("/delete"))


def test_plan_page_in_arabic_is_right_to_left(client, answers):
    path = make_plan(client, answers)
    soup = page(client.get(path + "?lang=ar"))
    assert soup.html["lang"] == "ar" and soup.html["dir"] == "rtl"
    assert soup.select("ol.app-timeline > li")


def test_the_secret_link_opens_the_plan_in_another_browser(app, client, answers):
    path = make_plan(client, answers)
    link = return_link(page(client.get(path)))
    other = app.test_client()
    assert other.get(path).status_code == 404
    response = other.get(link.removeprefix("http://localhost"))
    assert response.status_code == 302
    assert response.headers["Location"] == path
    assert response.headers["Cache-Control"] == "no-store"
    assert other.get(path).status_code == 200


def test_a_wrong_token_is_not_found(app, client, answers):
    path = make_plan(client, answers)
    other = app.test_client()
    assert other.get(f"{path}/open/not-the-token").status_code == 404
    assert other.get("/plan/00000000-0000-0000-0000-000000000000/open/abc").status_code == 404
    assert other.get(path).status_code == 404
    assert text(page(other.get(path)).h1) == "Page not found"


def test_delete_asks_first_then_erases(app, client, answers):
    path = make_plan(client, answers)
    soup = page(client.get(f"{path}/delete"))
    assert text(soup.h1) == "Are you sure you want to delete your plan?"
    assert "You cannot undo this" in text(soup.find(class_="govuk-warning-text"))
    assert plan_count(app) == 1
    response = client.post(f"{path}/delete")
    assert response.headers["Location"] == "/plan-deleted"
    assert plan_count(app) == 0
    assert text(page(client.get("/plan-deleted")).h1) == "Your plan has been deleted"
    assert client.get(path).status_code == 404
    assert session_value(client, "plans") == []


def test_someone_else_cannot_delete_a_plan(app, client, answers):
    path = make_plan(client, answers)
    assert app.test_client().post(f"{path}/delete").status_code == 404
    assert plan_count(app) == 1


def test_change_your_answers_updates_the_same_plan(app, client, answers):
    path = make_plan(client, answers)
    plan_id = path.rsplit("/", 1)[1]
    client.get(path)  # the family has seen (and saved) their link
    response = client.get(f"{path}/change")
    assert response.headers["Location"] == "/check"
    soup = page(client.get("/check"))
    assert text(soup.find("button", class_="govuk-button")) == "Save changes"
    assert "Sam" in text(soup.find(class_="govuk-summary-list"))
    client.post("/questions/name?change=1", data={"answer": "Jo"})
    response = client.post("/check")
    assert response.headers["Location"] == path
    assert plan_count(app) == 1
    with app.app_context():
        record = service.get_plan(plan_id)
        assert record.version == 2
        assert service.load_answers(record).name == "Jo"
    soup = page(client.get(path))
    assert "Your plan has been updated" in text(soup.find(class_="govuk-notification-banner"))
    assert text(soup.h1) == "Jo's plan"
    assert soup.select_one(".app-return-link") is None


def test_starting_again_leaves_the_plan_being_changed_alone(app, client, answers):
    path = make_plan(client, answers)
    client.get(f"{path}/change")
    client.get("/")
    assert session_value(client, "answers") is None
    set_answers(client, answers, [p.id for p in flow.PAGES])
    client.post("/check")
    assert plan_count(app) == 2


def test_pdf_link_when_the_renderer_is_installed(client, answers):
    from planner.plans.views import pdf_available

    soup = page(client.get(make_plan(client, answers)))
    links = soup.find_all("a", href=lambda h: h and "/pdf" in h)
    assert bool(links) == pdf_available()


def test_unknown_plan_is_not_found(client):
    assert client.get("/plan/nope").status_code == 404
    assert client.get("/plan/nope/pdf").status_code == 404
    assert client.get("/plan/nope/change").status_code == 404


def test_plan_rows_hold_only_what_was_submitted(app, client, answers):
    make_plan(client, answers)
    with app.app_context():
        (record,) = PlanRecord.query.all()
        stored = service.load_answers(record)
    assert stored.ehc.last_review_date is not None
    assert stored.postcode is None

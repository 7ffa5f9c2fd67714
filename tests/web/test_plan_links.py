"""Short secret links in messages (`/p/<token>`) open the plan on any device, in its language."""

from __future__ import annotations

from planner.extensions import db
from planner.plans import service
from tests.web.conftest import page


def make(app, language="pl"):
    with app.app_context():
        council = service.get_or_create_council()
        from planner.rules.answers import parse_answers

        answers = parse_answers(
            {"date_of_birth": "2014-03-10", "language": language}, service.today_in_london()
        )
        record, token = service.create_plan(answers, council)
        link = service.issue_link(record, "delivery")
        db.session.commit()
        return record.id, token, link


def test_short_link_opens_the_plan_in_its_language(app):
    plan_id, _token, link = make(app, "pl")
    fresh = app.test_client()
    resp = fresh.get(f"/p/{link}")
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/plan/{plan_id}")
    doc = page(fresh.get(f"/plan/{plan_id}"))
    assert doc.html["lang"] == "pl"


def test_link_tokens_also_open_the_long_form_and_wrong_ones_do_not(app):
    plan_id, token, link = make(app)
    assert app.test_client().get(f"/plan/{plan_id}/open/{link}").status_code == 302
    assert app.test_client().get(f"/plan/{plan_id}/open/{token}").status_code == 302
    assert app.test_client().get("/p/not-a-real-link-token").status_code == 404
    assert app.test_client().get(f"/plan/{plan_id}/open/{link[:-2]}xx").status_code == 404


def test_erasing_the_plan_kills_its_links(app, client):
    plan_id, token, link = make(app)
    with app.app_context():
        service.erase_plan(service.get_plan(plan_id))
    assert app.test_client().get(f"/p/{link}").status_code == 404

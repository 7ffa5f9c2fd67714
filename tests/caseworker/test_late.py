"""Late council duties in the console: listed with how late, sortable, counts-only export, and
recorded on the family's behalf."""

from __future__ import annotations

from datetime import timedelta

from planner.caseworker.models import AuditEvent
from planner.extensions import db
from planner.plans import service as plans
from tests.caseworker.conftest import make_plan

TODAY = plans.today_in_london()


def _waiting(weeks: int, code: str = "exampleshire", **kw):
    requested = (TODAY - timedelta(weeks=weeks)).isoformat()
    return make_plan(code, support="assessment_requested",
                     ehc={"assessment_requested_on": requested}, **kw)  # fmt: skip


def test_the_list_shows_late_duties_oldest_first(as_caseworker):
    client, _ = as_caseworker
    older = _waiting(12, name="Bea")  # decision due 6 weeks ago
    newer = _waiting(7, name="Cal")  # due 1 week ago
    _waiting(2, name="Dev")  # not due yet
    make_plan()  # no EHC clock
    _waiting(12, "otherborough", name="Eve")
    html = client.get("/caseworker/late").get_data(as_text=True)
    assert html.index(older.reference) < html.index(newer.reference)
    assert "Dev" not in html and "Eve" not in html
    assert "2 late duties" in html and "42 days" in html and "7 days" in html
    newest = client.get("/caseworker/late?sort=newest").get_data(as_text=True)
    assert newest.index(newer.reference) < newest.index(older.reference)


def test_the_export_has_counts_only(as_caseworker):
    client, _ = as_caseworker
    record = _waiting(12, name="Bea")
    body = client.get("/caseworker/late.csv").get_data(as_text=True)
    assert "ehcna_decision,1" in body.splitlines()
    assert record.reference not in body and "Bea" not in body
    actions = [e.action for e in db.session.execute(db.select(AuditEvent)).scalars()]
    assert "late.export" in actions


def test_a_caseworker_records_what_the_council_said(as_caseworker):
    client, _ = as_caseworker
    record = _waiting(12)
    page = client.get(f"/caseworker/families/{record.id}")
    assert "Late council duties" in page.get_data(as_text=True)
    letter = TODAY - timedelta(weeks=5)
    response = client.post(
        f"/caseworker/families/{record.id}/ehc/ehc-assessment-stage",
        data={"answer": "assess", "decided_on": [letter.day, letter.month, letter.year]},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert plans.load_answers(db.session.get(type(record), record.id)).ehc.assessment_decision == (
        "assess"
    )
    assert record.reference not in client.get("/caseworker/late").get_data(as_text=True)


def test_another_councils_family_is_not_found(as_caseworker):
    client, _ = as_caseworker
    other = _waiting(12, "otherborough")
    response = client.get(f"/caseworker/families/{other.id}/ehc/ehc-assessment-stage")
    assert response.status_code == 404


def test_a_plan_the_family_did_not_share_is_not_listed_or_counted(as_caseworker):
    client, _ = as_caseworker
    hidden = _waiting(12, name="Zed", shared=False)
    html = client.get("/caseworker/late").get_data(as_text=True)
    assert hidden.reference not in html and "Zed" not in html
    assert "ehcna_decision,0" in client.get("/caseworker/late.csv").get_data(as_text=True)
    assert (
        client.get(f"/caseworker/families/{hidden.id}/ehc/ehc-assessment-stage").status_code == 404
    )

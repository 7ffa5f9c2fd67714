"""Families: search by hashed fields, the questionnaire on a family's behalf with consent, and
changing a plan."""

from __future__ import annotations

from typing import Any

from flask import Flask

from planner import crypto
from planner.caseworker import search
from planner.caseworker.models import Consent, FamilyIndex
from planner.extensions import db
from planner.models import PlanRecord
from planner.plans import service as plans
from tests.caseworker.conftest import make_plan


def test_search_by_each_field_and_lazy_backfill(as_caseworker: Any) -> None:
    client, user = as_caseworker
    record = make_plan(name="Zoë", postcode="ls1 4ap", date_of_birth="2014-06-30")
    make_plan(name="Other", postcode="EX1 1AA")
    make_plan(code="otherborough", name="Zoë")  # another council: never found
    assert db.session.get(FamilyIndex, record.id) is None  # made by the family: not indexed yet
    cases = [
        {"reference": record.reference.lower().replace("-", "")},
        {"name": "  zoe "},
        {"postcode": "LS14AP"},
        {"date_of_birth": ["30", "6", "2014"]},
        {"name": "ZOË", "postcode": "ls1 4ap"},
    ]
    for query in cases:
        page = client.post("/caseworker/families", data=query).get_data(as_text=True)
        assert record.reference in page, query
        assert page.count("/caseworker/families/") - page.count("/caseworker/families/new") == 1
    row = db.session.get(FamilyIndex, record.id)
    assert row is not None and row.name_hash != "zoë" and row.created_by is None
    assert "No plans match" in client.post(
        "/caseworker/families", data={"name": "Nobody"}
    ).get_data(as_text=True)


def test_index_follows_changes_made_by_the_family(cw: Flask) -> None:
    record = make_plan(name="Amira")
    search.backfill(record.council_id)
    answers = plans.load_answers(record)
    from dataclasses import replace

    plans.update_answers(record, replace(answers, name="Bea"))
    query = search.Query(name="bea")
    assert [r.id for r in search.find(record.council_id, query)] == [record.id]


def _consent(client: Any, fid: str, **extra: Any) -> Any:
    data = {
        "agreed": "yes",
        "given_by": "Sam Parent",
        "relationship": "parent_carer",
        "method": "phone",
        "given_on": ["1", "3", "2026"],
        "language": "pl",
        "variant": "large-print",
        **extra,
    }
    return client.post(f"/caseworker/families/{fid}/consent", data=data)


def test_questions_need_consent_first(as_caseworker: Any) -> None:
    client, _user = as_caseworker
    response = client.get("/caseworker/families/new/questions/who")
    assert response.headers["Location"].endswith("/caseworker/families/new/consent")
    refused = _consent(client, "new", agreed="", given_by="")
    assert refused.status_code == 200
    assert "Confirm that they agreed" in refused.get_data(as_text=True)


def test_new_family_on_their_behalf(as_caseworker: Any) -> None:
    client, user = as_caseworker
    start = _consent(client, "new")
    assert start.headers["Location"].endswith("/caseworker/families/new/questions/who")
    answers = [
        ("who", {"answer": "parent_carer"}),
        ("name", {"answer": "Kit"}),
        ("date-of-birth", {"answer": ["4", "3", "2015"]}),
        ("setting", {"answer": "mainstream_primary"}),
        ("school-type", {"answer": "primary"}),  # asked at a primary school (issue 19)
        ("support", {"answer": "ehc_plan"}),
    ]
    for page, data in answers:
        response = client.post(f"/caseworker/families/new/questions/{page}", data=data)
        assert response.status_code == 302, (page, response.get_data(as_text=True)[:2000])
    # Walk the rest of the pages with their defaults until "Check answers".
    location = response.headers["Location"]
    for _ in range(10):
        if location.endswith("/check"):
            break
        page = location.rsplit("/", 1)[1].split("?")[0]
        data = {"answer": "no"} if page == "dla" else {}
        answered = client.post(location, data=data)
        assert answered.status_code == 302, (page, answered.get_data(as_text=True)[:300])
        location = answered.headers["Location"]
    assert location.endswith("/caseworker/families/new/check")
    assert "Check the answers" in client.get(location).get_data(as_text=True)
    made = client.post(location)
    assert made.status_code == 302
    record = db.session.execute(db.select(PlanRecord)).scalar_one()
    assert made.headers["Location"].endswith(f"/caseworker/families/{record.id}")
    assert record.language == "pl" and record.variant == "large-print"
    assert plans.load_answers(record).name == "Kit"
    assert search.created_by(record.id) == user.id
    # Made with the family, consent recorded: visible to the council's staff (issue 16).
    assert record.shared and record.shared_via == "caseworker"
    consent = db.session.execute(db.select(Consent)).scalar_one()
    assert consent.plan_id == record.id and consent.method == "phone"
    assert consent.recorded_by == user.id and consent.given_at.date().isoformat() == "2026-03-01"
    assert "Do you agree to me filling in the questions for you?" in consent.wording
    assert crypto.decrypt_json(consent.given_by_enc) == {
        "name": "Sam Parent",
        "relationship": "parent_carer",
    }
    assert b"Sam Parent" not in consent.given_by_enc
    page = client.get(f"/caseworker/families/{record.id}").get_data(as_text=True)
    assert "A caseworker" in page and "Sam Parent" in page


def test_change_a_familys_answers_records_consent_again(as_caseworker: Any) -> None:
    client, _user = as_caseworker
    record = make_plan(
        name="Amira", receives_dla=True, respondent="parent_carer", setting="mainstream_primary"
    )
    start = _consent(client, record.id, method="face_to_face", language="en", variant="standard")
    assert start.headers["Location"].endswith(f"/caseworker/families/{record.id}/check")
    changed = client.post(
        f"/caseworker/families/{record.id}/questions/name?change=1", data={"answer": "Amy"}
    )
    assert changed.status_code == 302
    saved = client.post(f"/caseworker/families/{record.id}/check")
    assert saved.headers["Location"].endswith(f"/caseworker/families/{record.id}")
    db.session.refresh(record)
    assert record.version == 2 and plans.load_answers(record).name == "Amy"
    assert search.created_by(record.id) is None  # the family made it
    assert db.session.execute(db.select(Consent.method)).scalar_one() == "face_to_face"


def test_future_consent_date_is_refused(as_caseworker: Any) -> None:
    client, _user = as_caseworker
    response = _consent(client, "new", given_on=["1", "1", "2999"])
    assert "today or in the past" in response.get_data(as_text=True)


def test_family_page_shows_plan_and_rebuild(as_caseworker: Any) -> None:
    client, _user = as_caseworker
    record = make_plan()
    page = client.get(f"/caseworker/families/{record.id}").get_data(as_text=True)
    assert record.reference in page and "Dates that matter" in page
    assert client.post(f"/caseworker/families/{record.id}/rebuild").status_code == 302
    assert "rebuilt" in client.get(f"/caseworker/families/{record.id}").get_data(as_text=True)


def test_the_caseworkers_work_in_progress_is_not_in_the_cookie(as_caseworker: Any) -> None:
    """Issue 16, B7: the consent giver's name and the answers wait on the server, encrypted."""
    from planner import drafts
    from planner.caseworker.questions import WORK

    client, _user = as_caseworker
    assert _consent(client, "new").status_code == 302
    cookie = client.get_cookie("session")
    serializer = client.application.session_interface.get_signing_serializer(client.application)
    text = repr(serializer.loads(cookie.value))
    assert "Sam Parent" not in text and "parent_carer" not in text
    with client.session_transaction() as session:
        draft_id = session[WORK]
    work = drafts.get(draft_id)
    assert work is not None and work["consent"]["name"] == "Sam Parent"

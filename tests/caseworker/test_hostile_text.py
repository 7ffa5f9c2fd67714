"""Issue 16, B2: a family's own text (the first name, the postal address) is never markup.

Every page that shows a name is rendered with a hostile one and must show it as text. The name
rules (B4) already refuse "<" and ">", so to test the pages themselves the check is switched off
here: this is what would happen if a weaker rule, an import or an old row ever let one through.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner import crypto, drafts
from planner.caseworker import letters
from planner.delivery.letter import _letter_context, _plan_context
from planner.delivery.models import Delivery
from planner.extensions import db
from planner.i18n import BabelLocalizer
from planner.models import PlanRecord
from planner.plans import service as plans
from planner.plans.render import render_plan_html
from planner.questionnaire import flow
from planner.rules import answers as answer_rules
from tests.caseworker.conftest import make_plan
from tests.web.conftest import set_answers

HOSTILE = "<meta http-equiv=refresh content=0;url=//evil/>"
ESCAPED = "&lt;meta http-equiv=refresh content=0;url=//evil/&gt;"
HOSTILE_LINE = "Flat 1 <img src=x onerror=alert(1)>"
RAW_TAGS = ("<meta http-equiv", "<img src=x")


@pytest.fixture
def lax_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let any name through validation, so the pages' own escaping is what is tested."""
    monkeypatch.setattr(answer_rules, "name_problem", lambda value: None)


def _hostile_plan() -> PlanRecord:
    record = make_plan(name=HOSTILE)
    letters.save_address(record, [HOSTILE_LINE, "10 High Street", "Leeds", "LS1 4AP"], None)
    return record


def _family(cw: Flask, record: PlanRecord) -> FlaskClient:
    """A browser that made the plan (its id is in the session)."""
    client = cw.test_client()
    with client.session_transaction() as s:
        s["plans"] = [record.id]
    return client


def _delivery(record: PlanRecord) -> Delivery:
    row = Delivery(plan_id=record.id, channel="pdf", status="delivered")
    db.session.add(row)
    db.session.commit()
    return row


def questionnaire_check(cw: Flask, staff: FlaskClient, record: PlanRecord) -> str:
    client = cw.test_client()
    answers = {"respondent": "parent_carer", "name": HOSTILE, "date_of_birth": "2015-03-04"}
    answers |= {"setting": "mainstream_primary", "support": "ehc_plan", "receives_dla": False}
    set_answers(client, answers, [p.id for p in flow.PAGES])
    return _ok(client.get("/check"))


def plan_page(cw: Flask, staff: FlaskClient, record: PlanRecord) -> str:
    return _ok(_family(cw, record).get(f"/plan/{record.id}"))


def plan_pdf_html(cw: Flask, staff: FlaskClient, record: PlanRecord) -> str:
    return render_plan_html(plans.plan_for(record), record.council, plans.load_answers(record))


def letter_html(cw: Flask, staff: FlaskClient, record: PlanRecord) -> str:
    address = letters.address_for(record.id) or []
    context = _letter_context(
        record.council, address, "en", "standard", record.reference, date.today()
    )
    plan = plans.plan_for(record).to_dict()
    context.update(
        link="https://planner.example/p/x", plan=_plan_context(plan, BabelLocalizer("en"))
    )
    return cw.jinja_env.get_template("letter/letter.html").render(**context)


def family_page(cw: Flask, staff: FlaskClient, record: PlanRecord) -> str:
    return _ok(staff.get(f"/caseworker/families/{record.id}"))


def families_list(cw: Flask, staff: FlaskClient, record: PlanRecord) -> str:
    return _ok(staff.get("/caseworker/families"))


def caseworker_letter_page(cw: Flask, staff: FlaskClient, record: PlanRecord) -> str:
    return _ok(staff.get(f"/caseworker/families/{record.id}/letter"))


def caseworker_check(cw: Flask, staff: FlaskClient, record: PlanRecord) -> str:
    consent = {
        "name": "Sam Parent",
        "relationship": "parent_carer",
        "method": "phone",
        "given_on": date.today().isoformat(),
        "wording": "I agree",
    }
    answers = {"respondent": "parent_carer", "name": HOSTILE, "date_of_birth": "2015-03-04"}
    answers |= {"setting": "mainstream_primary", "support": "ehc_plan", "receives_dla": False}
    # The console keeps answers in progress on the server (issue 16, B7): the cookie holds an id.
    draft_id = secrets.token_urlsafe(32)
    drafts.put(
        draft_id,
        {"fid": record.id, "answers": answers, "seen": [p.id for p in flow.PAGES],
         "consent": consent},
    )  # fmt: skip
    with staff.session_transaction() as s:
        s["cw_questionnaire"] = draft_id
    return _ok(staff.get(f"/caseworker/families/{record.id}/check"))


def delivery_send_page(cw: Flask, staff: FlaskClient, record: PlanRecord) -> str:
    return _ok(_family(cw, record).get(f"/plan/{record.id}/send"))


def delivery_status_page(cw: Flask, staff: FlaskClient, record: PlanRecord) -> str:
    row = _delivery(record)
    return _ok(_family(cw, record).get(f"/plan/{record.id}/deliveries/{row.id}"))


def reminders_page(cw: Flask, staff: FlaskClient, record: PlanRecord) -> str:
    return _ok(_family(cw, record).get(f"/plan/{record.id}/reminders"))


def _ok(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.get_data(as_text=True))


Page = Callable[[Flask, FlaskClient, PlanRecord], str]
# (page, whether it shows the name, whether it shows the postal address)
PAGES = [
    pytest.param(page, shows_name, shows_address, id=page.__name__)
    for page, shows_name, shows_address in [
        (questionnaire_check, True, False),
        (plan_page, True, False),
        (plan_pdf_html, True, False),
        (letter_html, False, True),
        (family_page, True, True),
        (families_list, True, False),
        (caseworker_letter_page, False, True),
        (caseworker_check, True, False),
        (delivery_send_page, False, False),
        (delivery_status_page, False, False),
        (reminders_page, False, False),
    ]
]


@pytest.mark.parametrize(("render", "shows_name", "shows_address"), PAGES)
def test_a_hostile_name_is_shown_as_text(
    as_caseworker: Any, lax_names: None, render: Page, shows_name: bool, shows_address: bool
) -> None:
    cw = as_caseworker[0].application
    record = _hostile_plan()
    html = render(cw, as_caseworker[0], record)
    for tag in RAW_TAGS:
        assert tag not in html
    if shows_name:
        assert ESCAPED in html or ESCAPED.replace("=", "&#61;") in html
    if shows_address:
        assert "Flat 1 &lt;img src=x onerror=alert(1)&gt;" in html


# ------------------------------------------- B3: a row stored before the rules were tightened
@pytest.mark.parametrize("stored_name", ["\ud800", "Sam\x00", "<meta http-equiv=refresh>"])
def test_a_broken_name_stored_earlier_breaks_no_page(as_caseworker: Any, stored_name: str) -> None:
    """Before the fix a lone surrogate in the name gave 500s on the families list, search, the
    family page, the plan page and the PDF until the plan was erased."""
    staff = as_caseworker[0]
    record = make_plan(name="Amira")
    # What an older release stored (json.dumps writes the surrogate as "\ud800", so it survives).
    record.answers_enc = crypto.encrypt_json(
        {"date_of_birth": "2015-03-04", "support": "ehc_plan", "name": stored_name}
    )
    record.version += 1  # the search index is rebuilt from the stored answers
    db.session.commit()
    family = _family(staff.application, record)
    for client, url in [
        (staff, "/caseworker/families"),
        (staff, "/caseworker/families?name=Amira"),
        (staff, f"/caseworker/families/{record.id}"),
        (family, f"/plan/{record.id}"),
        (family, f"/plan/{record.id}/pdf"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"<meta http-equiv" not in response.get_data()

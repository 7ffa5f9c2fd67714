"""Late council duties, for the plans a caseworker may see: which EHC steps are overdue and since
when, sortable by date, and a way to record what the council did on the family's behalf.

Lateness is worked out from each plan's answers on the day (as the family's own plan shows it), so
it needs no stored state to go stale. The export carries counts only: no names, no references.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort, make_response, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from planner.caseworker import audit, search
from planner.caseworker.views import NOTICE, caseworker, errors_of, family_or_404
from planner.ehc import stages
from planner.extensions import db
from planner.models import PlanRecord, visible_to_staff
from planner.plans import service as plans
from planner.rules.ehc_letter import letter_milestones
from planner.rules.i18n import EnglishLocalizer
from planner.rules.milestones import build_milestones


@dataclass(frozen=True)
class LateDuty:
    plan_id: str
    reference: str
    name: str | None
    milestone_id: str
    title: str
    due: date
    days_late: int


def late_duties(records: Iterable[PlanRecord], today: date) -> list[LateDuty]:
    """Every late council duty in these plans, oldest first."""
    duties = set(letter_milestones())
    out: list[LateDuty] = []
    for record in records:
        answers = plans.load_answers(record)
        if not (answers.ehc.assessment_requested_on or answers.ehc.last_review_date
                or answers.ehc.final_plan_on):  # fmt: skip
            continue  # no EHC clock is running: nothing can be late
        lead_times = record.council.reminder_lead_times()
        for m in build_milestones(answers, today, EnglishLocalizer(), lead_times):
            if m.late and m.id in duties:
                out.append(
                    LateDuty(
                        record.id,
                        record.reference,
                        answers.name,
                        m.id,
                        m.title,
                        m.date,
                        (today - m.date).days,
                    )  # fmt: skip
                )
    return sorted(out, key=lambda d: (d.due, d.reference, d.milestone_id))


def _council_records() -> list[PlanRecord]:
    # Only the plans staff may see: shared by the family, or made with a caseworker (issue 16).
    return list(
        db.session.execute(
            db.select(PlanRecord)
            .where(PlanRecord.council_id == current_user.council_id)
            .where(visible_to_staff())
        ).scalars()
    )


@caseworker.get("/late")
def late() -> str:
    """Late council duties in this council's plans, oldest first (or newest with ?sort=newest)."""
    newest = request.args.get("sort") == "newest"
    found = late_duties(_council_records(), plans.today_in_london())
    if newest:
        found.reverse()
    audit.record("late.view", results=len(found))
    return render_template("caseworker/late.html", found=found, newest=newest)


@caseworker.get("/late.csv")
def late_csv() -> Response:
    """How many of each duty are late: counts only, for reports."""
    found = late_duties(_council_records(), plans.today_in_london())
    counts = Counter(d.milestone_id for d in found)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["milestone_id", "late"])
    for milestone_id in letter_milestones():
        writer.writerow([milestone_id, counts.get(milestone_id, 0)])
    audit.record("late.export", results=len(found))
    response = make_response(out.getvalue())
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="late-duties.csv"'
    return response


@caseworker.route("/families/<plan_id>/ehc/<page_id>", methods=["GET", "POST"])
def record_ehc(plan_id: str, page_id: str) -> Any:
    """Record what the council said, for a family on the phone: the family's own question."""
    record = family_or_404(plan_id)
    if page_id not in stages.STAGES:
        abort(404)
    form, saved = stages.answer(record, page_id, young_person=False)
    if saved is not None:
        search.index_plan(record, saved)
        db.session.commit()
        audit.record("family.change", plan_id=record.id)
        session[NOTICE] = "ehc_recorded"
        return redirect(url_for("caseworker.family", plan_id=record.id))
    return render_template(
        "caseworker/ehc_stage.html", form=form, record=record, errors=errors_of(form)
    )

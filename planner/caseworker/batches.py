"""Batch letter pages: choose families by a filter and see how many match, make the batch (post
or print), watch its progress (the page refreshes itself: no JavaScript needed), read the report
and download the print-ready PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import abort, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from planner.caseworker import audit, batch, forms, search
from planner.caseworker.models import BatchItem
from planner.caseworker.views import caseworker, errors_of
from planner.extensions import db
from planner.plans import service as plans

REFRESH_SECONDS = 5


def _rule(form: forms.BatchFilterForm) -> search.Filter:
    year = form.year_group.data
    return search.Filter(
        support=form.support.data or "",
        year_group=int(year) if year not in (None, "") else None,
        milestone_weeks=form.weeks.data,
        milestone_id=form.milestone.data or "",
    )


@caseworker.route("/batch", methods=["GET", "POST"])
def batches() -> Any:
    """Filter, count, then make the batch."""
    filters = forms.BatchFilterForm(request.args)
    chosen = "support" in request.args and filters.validate()
    matched: list[str] = []
    form = forms.BatchForm()
    if chosen:
        rule = _rule(filters)
        matched = batch.select(current_user.council_id, rule, plans.today_in_london())
        if form.validate_on_submit() and matched:
            made = batch.create(
                current_user.council_id,
                matched,
                mode=form.mode.data,
                postage=form.postage.data or "second",
                criteria=rule.as_dict(),
                user_id=current_user.id,
            )
            _audit_batch(made.id, matched, form.mode.data)
            return redirect(url_for("caseworker.batch_progress", batch_id=made.id))
    return render_template(
        "caseworker/batches.html",
        filters=filters,
        form=form,
        chosen=chosen,
        matched=len(matched),
        addressed=batch.addressed_count(current_user.council_id),
        recent=batch.recent(current_user.council_id),
        errors=errors_of(filters) + errors_of(form),
    )


def _audit_batch(batch_id: str, plan_ids: list[str], mode: str) -> None:
    """One row for the batch and one per family whose letter it sends or exports."""
    action = "letter.send" if mode == "post" else "letter.download"
    for plan_id in plan_ids:
        audit.record(action, plan_id=plan_id, batch_id=batch_id, commit=False)
    audit.record("batch.create", batch_id=batch_id, letters=len(plan_ids), mode=mode)


@caseworker.get("/batch/<batch_id>")
def batch_progress(batch_id: str) -> str:
    """Progress while the letters are made (refreshing), then the report."""
    found = batch.for_council(current_user.council_id, batch_id) or abort(404)
    progress = batch.progress(found)
    report = batch.report(found) if progress.finished else []
    audit.record("batch.view", batch_id=found.id)
    return render_template(
        "caseworker/batch.html",
        batch=found,
        progress=progress,
        report=report,
        failed=[row for row in report if row["status"] == "failed"],
        refresh=None if progress.finished else REFRESH_SECONDS,
    )


@caseworker.get("/batch/<batch_id>/letters.pdf")
def batch_pdf(batch_id: str) -> Response:
    """The print batch as one PDF."""
    found = batch.for_council(current_user.council_id, batch_id) or abort(404)
    if found.mode != "print" or not found.pdf_path or not Path(found.pdf_path).exists():
        abort(404)
    plan_ids = db.session.execute(
        db.select(BatchItem.plan_id).where(
            BatchItem.batch_id == found.id, BatchItem.status == "rendered"
        )
    ).scalars()
    for plan_id in plan_ids:
        audit.record("letter.download", plan_id=plan_id, batch_id=found.id, commit=False)
    audit.record("batch.download", batch_id=found.id)
    return send_file(
        found.pdf_path,
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"letters-{found.created_at:%Y-%m-%d}.pdf",
        max_age=0,
    )

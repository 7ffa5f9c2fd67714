"""Admin pages: the council's settings, its staff accounts and the audit trail (read and export
only: no route changes or deletes an audit row). Caseworkers get 403; admins see only their own
council."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from flask import Response as FlaskResponse
from flask import redirect, render_template, request, session, stream_with_context, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from planner.caseworker import audit, auth, forms
from planner.caseworker.models import CouncilSettings, StaffUser
from planner.caseworker.views import NOTICE, caseworker, errors_of
from planner.extensions import db
from planner.models import Council
from planner.rules.types import LANGUAGES

AUDIT_PAGE = 100


def _council() -> Council:
    council = db.session.get(Council, current_user.council_id)
    assert council is not None
    return council


def _days(values: Any) -> str:
    return " ".join(str(v) for v in values)


@caseworker.route("/settings", methods=["GET", "POST"])
@auth.admin_required
def settings() -> Any:
    """The council's name, contacts, return address, languages, lead times, retention and
    Notify templates."""
    council = _council()
    extra = db.session.get(CouncilSettings, council.id) or CouncilSettings(council_id=council.id)
    lead = council.reminder_lead_times()
    initial = {
        "name": council.name,
        "contact_email": council.contact_email,
        "contact_phone": council.contact_phone,
        "website": council.website,
        "return_address": "\n".join(council.return_address or []),
        "languages": " ".join(council.languages or LANGUAGES),
        "lead_council_deadline": _days(lead.council_deadline),
        "lead_family_action": _days(lead.family_action),
        "lead_age": _days(lead.age),
        "retention_days": council.retention_days,
        "notify_email_template_id": extra.notify_email_template_id or "",
        "notify_sms_template_id": extra.notify_sms_template_id or "",
    }
    form = forms.SettingsForm(data=initial if request.method == "GET" else None)
    if form.validate_on_submit():
        council.name = form.name.data.strip()
        council.contact_email = form.contact_email.data or None
        council.contact_phone = (form.contact_phone.data or "").strip() or None
        council.website = form.website.data or None
        council.return_address = forms.lines(form.return_address)
        council.languages = form.languages.data.split()
        council.lead_times = {
            "council_deadline": [int(d) for d in form.lead_council_deadline.data.split()],
            "family_action": [int(d) for d in form.lead_family_action.data.split()],
            "age": [int(d) for d in form.lead_age.data.split()],
        }
        council.retention_days = form.retention_days.data
        extra.notify_email_template_id = form.notify_email_template_id.data or None
        extra.notify_sms_template_id = form.notify_sms_template_id.data or None
        db.session.add(extra)
        audit.record("settings.change", commit=False)
        db.session.commit()
        session[NOTICE] = "settings"
        return redirect(url_for("caseworker.settings"))
    # Late, as views.py imports the page modules: sending.py adds its routes to the blueprint.
    from planner.caseworker.sending import text_costs

    return render_template(
        "caseworker/settings.html",
        form=form,
        costs=text_costs(council),
        errors=errors_of(form),
        notice=session.pop(NOTICE, None),
    )


@caseworker.route("/users", methods=["GET", "POST"])
@auth.admin_required
def users() -> Any:
    """The council's staff accounts, and adding one."""
    form = forms.UserForm()
    if form.validate_on_submit():
        try:
            user = auth.create_user(
                form.email.data, form.password.data, form.role.data, current_user.council_id
            )
        except ValueError:
            form.email.errors = [_l("An account with that email address already exists")]
        else:
            audit.record("user.create", new_user_id=user.id, role=user.role)
            session[NOTICE] = "user"
            return redirect(url_for("caseworker.users"))
    staff = db.session.execute(
        db.select(StaffUser)
        .where(StaffUser.council_id == current_user.council_id)
        .order_by(StaffUser.email)
    ).scalars()
    return render_template(
        "caseworker/users.html",
        form=form,
        staff=list(staff),
        errors=errors_of(form),
        notice=session.pop(NOTICE, None),
    )


def _audit_filter() -> tuple[forms.AuditFilterForm, dict[str, Any]]:
    form = forms.AuditFilterForm(request.args)
    staff = db.session.execute(
        db.select(StaffUser.id, StaffUser.email)
        .where(StaffUser.council_id == current_user.council_id)
        .order_by(StaffUser.email)
    ).all()
    form.user.choices = forms.options([("", _l("Everyone"))] + [(str(i), e) for i, e in staff])
    form.validate()
    user = form.user.data
    since: date | None = form.since.data if not form.since.errors else None
    until: date | None = form.until.data if not form.until.errors else None
    return form, {
        "user_id": int(user) if user and user.isdigit() else None,
        "since": since,
        "until": until,
    }


@caseworker.get("/audit")
@auth.admin_required
def audit_log() -> str:
    """The council's audit trail, newest first, filtered by user and date."""
    form, filters = _audit_filter()
    page = max(1, request.args.get("page", 1, type=int) or 1)
    stmt = audit.query(current_user.council_id, **filters)
    events = list(
        db.session.execute(stmt.limit(AUDIT_PAGE + 1).offset((page - 1) * AUDIT_PAGE)).scalars()
    )
    audit.record("audit.view")
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "caseworker/audit.html",
        form=form,
        events=events[:AUDIT_PAGE],
        page=page,
        more=len(events) > AUDIT_PAGE,
        args=args,
        errors=errors_of(form),
    )


@caseworker.get("/audit.csv")
@auth.admin_required
def audit_csv() -> FlaskResponse:
    """The filtered trail as CSV; the export itself is audited first."""
    _form, filters = _audit_filter()
    detail: dict[str, Any] = {k: str(v) for k, v in filters.items() if v is not None}
    audit.record("audit.export", **detail)  # user_id, since, until: none is a keyword of record()
    stmt = audit.query(current_user.council_id, **filters).execution_options(yield_per=500)

    def rows() -> Iterator[str]:
        # The server-side cursor opens only when the download starts and is closed however it
        # ends (a client that goes away included).
        result = db.session.execute(stmt)
        try:
            yield from audit.csv_rows(result.scalars())
        finally:
            result.close()

    response = FlaskResponse(stream_with_context(rows()), mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="audit-{date.today()}.csv"'
    return response

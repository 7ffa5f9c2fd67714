"""The console's blueprint: sign-in and sign-out, the second factor, and families (search, the
family page, letters, delivery retries). Questionnaire, batch and admin pages live beside it in
questions.py, batches.py and admin.py and add their routes to this blueprint.

Every route needs a signed-in staff member (see `guard`), and a family is found only within the
staff member's own council: anyone else's plan is "Page not found". Every view or change of a
family's data writes an audit row.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from planner import crypto
from planner.caseworker import audit, auth, batch, forms, letters, search, sessions
from planner.caseworker.models import Consent
from planner.councils.service import serves
from planner.delivery.validation import InvalidContact
from planner.extensions import db
from planner.limits import limit_sign_in
from planner.models import PlanRecord
from planner.plans import service as plans
from planner.questionnaire.forms import DateInputField

caseworker = Blueprint("caseworker", __name__, url_prefix="/caseworker")
OPEN_ENDPOINTS = frozenset({"caseworker.login", "caseworker.login_code"})
NOTICE = "cw_notice"


@caseworker.before_request
def guard() -> Any:
    """Sign-in for everything but the sign-in pages; end sessions idle for 30 minutes."""
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        # The server no longer holds a live session: signed out, ended everywhere, or idle.
        if auth.idle_expired():
            auth.end_session()
            session[NOTICE] = "expired"
        return auth.login_manager.unauthorized()
    if not serves(current_user.council_id):
        # Another council's host: its staff only (a session from elsewhere counts for nothing).
        auth.end_session()
        return auth.login_manager.unauthorized()
    auth.touch_session()
    return None


@caseworker.after_request
def no_store(response: Response) -> Response:
    """Families' data must not be kept by the browser or anything in between."""
    response.headers["Cache-Control"] = "no-store"
    return response


@caseworker.app_template_filter("lines")
def lines(values: list[str]) -> Markup:
    """Address lines, each escaped, one to a line: for a summary list's `html` value. (Jinja's
    `join("<br>")` escapes nothing when the lines are plain strings, so a line could be markup.)"""
    return Markup("<br>").join(values)


@caseworker.app_template_global("cw_nav")
def navigation() -> list[dict[str, Any]]:
    """The console's service navigation, with the current section marked."""
    items = [
        ("caseworker.families", _l("Families"), "families"),
        ("caseworker.batches", _l("Batch letters"), "batch"),
        ("caseworker.late", _l("Late duties"), "late"),
    ]
    if current_user.is_authenticated and current_user.is_admin:
        items += [
            ("caseworker.settings", _l("Settings"), "settings"),
            ("caseworker.users", _l("Users"), "users"),
            ("caseworker.audit_log", _l("Audit"), "audit"),
            ("caseworker.directory", _l("Directory"), "directory"),
        ]
    path = request.path
    return [
        {"href": url_for(endpoint), "text": text, "active": f"/caseworker/{part}" in path}
        for endpoint, text, part in items
    ]


def family_or_404(plan_id: str) -> PlanRecord:
    """The plan when it belongs to the signed-in staff member's council."""
    record = search.family_for(current_user.council_id, plan_id)
    if record is None:
        abort(404)
    return record


def safe_next(target: str | None) -> str:
    """Only ever go back to a console page on this site after signing in."""
    if target and target.startswith("/caseworker/") and not urlsplit(target).netloc:
        return target
    return url_for("caseworker.families")


def errors_of(form: Any) -> list[dict[str, str]]:
    """The GOV.UK error summary for a form: each message links to its field."""
    items = []
    for field in form:
        if field.errors:
            href = f"#{field.id}-day" if isinstance(field, DateInputField) else f"#{field.id}"
            items.append({"text": str(field.errors[0]), "href": href})
    return items


# ------------------------------------------------------------------------------------- sign in
@caseworker.route("/login", methods=["GET", "POST"])
@limit_sign_in
def login() -> Any:
    """Email and password; then the security code when the account has one."""
    form = forms.LoginForm()
    problem = None
    if form.validate_on_submit():
        user, outcome = auth.check_password(form.email.data, form.password.data)
        if outcome == "ok" and user is not None and not serves(user.council_id):
            # Right password, wrong council's host: refused exactly like a wrong password.
            outcome = "bad"
        if outcome == "ok" and user is not None:
            if user.has_totp:
                session[auth.PENDING_2FA] = user.id
                session["cw_next"] = safe_next(request.args.get("next"))
                return redirect(url_for("caseworker.login_code"))
            auth.start_session(user)
            audit.record("sign_in", user=user)
            return redirect(safe_next(request.args.get("next")))
        audit.record("sign_in_refused", user=user if user is not None else None, reason=outcome)
        if outcome == "locked":
            problem = _l("There have been too many attempts to sign in. Try again in 15 minutes.")
        else:
            problem = _l("Enter a correct email address and password")
    notice = session.pop(NOTICE, None)
    return render_template(
        "caseworker/login.html", form=form, problem=problem, errors=errors_of(form), notice=notice
    )


@caseworker.route("/login/code", methods=["GET", "POST"])
@limit_sign_in
def login_code() -> Any:
    """The TOTP code after a right password."""
    user_id = session.get(auth.PENDING_2FA)
    user = auth.load_user(str(user_id)) if user_id else None
    if user is None:
        return redirect(url_for("caseworker.login"))
    form = forms.CodeForm()
    problem = None
    if form.validate_on_submit():
        if auth.check_totp(user, form.code.data):
            target = session.get("cw_next")
            auth.start_session(user)
            audit.record("sign_in", user=user, second_factor=True)
            return redirect(safe_next(target))
        audit.record("sign_in_refused", user=user, reason="code")
        if auth.is_locked(user):
            session.pop(auth.PENDING_2FA, None)
            problem = _l("There have been too many attempts to sign in. Try again in 15 minutes.")
        else:
            problem = _l("The security code is not right. Check your app and try again.")
    return render_template(
        "caseworker/code.html", form=form, problem=problem, errors=errors_of(form)
    )


@caseworker.post("/logout")
def logout() -> Response:
    form = forms.ButtonForm()
    if not form.validate_on_submit():
        abort(400)
    audit.record("sign_out")
    auth.end_session()
    return redirect(url_for("caseworker.login"))


# ------------------------------------------------------------------------------------- account
@caseworker.get("/account")
def account() -> str:
    """The staff member's own account: password, security code, and sign out everywhere."""
    return render_template(
        "caseworker/account.html", button=forms.ButtonForm(), notice=session.pop(NOTICE, None)
    )


@caseworker.post("/account/sign-out-everywhere")
def sign_out_everywhere() -> Response:
    """End every session of this account, on every device, this one included."""
    if not forms.ButtonForm().validate_on_submit():
        abort(400)
    ended = sessions.end_everywhere(current_user.id)
    audit.record("sign_out_everywhere", sessions=ended)
    auth.end_session()
    session[NOTICE] = "signed_out_everywhere"
    return redirect(url_for("caseworker.login"))


def _reauthenticated(form: Any) -> Response | None:
    """Check the password and current code on an account change. None when they are right;
    otherwise the form gets the error, or, once the account is locked, the session ends."""
    code = form.current_code.data if current_user.has_totp else None
    if auth.reauthenticate(current_user, form.password.data, code):
        return None
    audit.record("sign_in_refused", reason="reauthenticate")
    if auth.is_locked(current_user):
        auth.end_session()
        return redirect(url_for("caseworker.login"))
    message = (
        _l("Enter your correct password and security code")
        if current_user.has_totp
        else _l("Enter your correct password")
    )
    form.password.errors = [message]
    return None


@caseworker.route("/account/password", methods=["GET", "POST"])
def change_password() -> Any:
    """A new password, after the current password and security code."""
    form = forms.PasswordChangeForm()
    if form.validate_on_submit():
        refused = _reauthenticated(form)
        if refused is not None:
            return refused
        if not form.password.errors:
            ended = auth.change_password(current_user, form.new_password.data)
            audit.record("account.password", other_sessions_ended=ended)
            session[NOTICE] = "password"
            return redirect(url_for("caseworker.account"))
    return render_template(
        "caseworker/password.html",
        form=form,
        errors=errors_of(form),
        has_totp=current_user.has_totp,
    )


@caseworker.route("/account/two-factor", methods=["GET", "POST"])
def two_factor() -> Any:
    """Set up (or replace) the second factor: the password and the current code first, then a
    code from the new key. The new key waits in the server's session record, never the cookie."""
    secret = sessions.pending_totp()
    if secret is None:
        secret = auth.new_totp_secret()
        sessions.set_pending_totp(secret)
    form = forms.TwoFactorForm()
    if form.validate_on_submit():
        refused = _reauthenticated(form)
        if refused is not None:
            return refused
        if not form.password.errors:
            if auth.verify_code(secret, form.code.data, None) is None:
                form.code.errors = [
                    _l("The security code is not right. Check your app and try again.")
                ]
            else:
                replaced = current_user.has_totp
                auth.set_totp(current_user, secret)
                sessions.set_pending_totp(None)
                ended = sessions.end_everywhere(current_user.id, keep_this_one=True)
                audit.record("account.two_factor", replaced=replaced, other_sessions_ended=ended)
                session[NOTICE] = "totp_on"
                return redirect(url_for("caseworker.families"))
    return render_template(
        "caseworker/two_factor.html",
        form=form,
        secret=secret,
        uri=auth.totp_uri(current_user, secret),
        has_totp=current_user.has_totp,
        errors=errors_of(form),
    )


# ------------------------------------------------------------------------------------- families
@caseworker.get("/")
@caseworker.route("/families", methods=["GET", "POST"])
def families() -> str:
    """The council's shared plans, newest first; a search (by POST, so what was typed stays out
    of addresses and logs) by reference, first name, postcode or date of birth."""
    form = forms.SearchForm()
    query = search.Query()
    if request.method == "POST":
        form.validate()
        if "csrf_token" in form.errors:
            abort(400)
        query = search.Query(
            reference=(form.reference.data or "").strip(),
            name=(form.name.data or "").strip(),
            postcode=(form.postcode.data or "").strip(),
            date_of_birth=form.date_of_birth.data if not form.date_of_birth.errors else None,
        )
    found = search.find(current_user.council_id, query)
    # The audit says a search happened and how many it found, never what was typed.
    audit.record("family.search", results=len(found), filtered=not query.empty)
    return render_template(
        "caseworker/families.html",
        form=form,
        found=[(record, plans.load_answers(record)) for record in found],
        searched=not query.empty,
        errors=errors_of(form),
        notice=session.pop(NOTICE, None),
    )


@caseworker.get("/families/<plan_id>")
def family(plan_id: str) -> str:
    """One family: plan summary, answers, consents, deliveries and reminders."""
    from planner.reminders import service as reminders

    record = family_or_404(plan_id)
    answers = plans.load_answers(record)
    plan = plans.build(answers, record.council, language="en")
    consents = list(
        db.session.execute(
            db.select(Consent).filter_by(plan_id=record.id).order_by(Consent.given_at.desc())
        ).scalars()
    )
    audit.record("family.view", plan_id=record.id)
    return render_template(
        "caseworker/family.html",
        record=record,
        answers=answers,
        answer_rows=answer_rows(answers),
        plan=plan,
        consents=[(c, crypto.decrypt_json(c.given_by_enc)) for c in consents],
        deliveries=[(d, letters.explain(d)) for d in letters.deliveries_for(record.id)],
        reminders=reminders.reminders_for(record),
        address=letters.address_for(record.id),
        created_by=search.created_by(record.id),
        button=forms.ButtonForm(),
        notice=session.pop(NOTICE, None),
    )


@caseworker.post("/families/<plan_id>/rebuild")
def rebuild(plan_id: str) -> Response:
    """Rebuild the plan's reminders from its answers as of today (after rule or date changes)."""
    from planner.reminders import service as reminders

    record = family_or_404(plan_id)
    if not forms.ButtonForm().validate_on_submit():
        abort(400)
    reminders.rebuild(record)
    search.index_plan(record)
    plans.touch(record)
    audit.record("family.rebuild", plan_id=record.id)
    session[NOTICE] = "rebuilt"
    return redirect(url_for("caseworker.family", plan_id=record.id))


def answer_rows(answers: Any) -> list[dict[str, Any]]:
    """The family's answers as summary list rows, worded as the questionnaire shows them."""
    from planner.questionnaire import flow
    from planner.rules.answers import answers_to_dict

    data = answers_to_dict(answers)
    today = plans.today_in_london()
    return [
        {"key": {"text": key}, "value": {"html": value} if value else {"text": _l("Not given")}}
        for page in flow.applicable(data, today)
        for key, value in page.rows(data, today)
    ]


# ---------------------------------------------------------------------------------------- letters
@caseworker.route("/families/<plan_id>/address", methods=["GET", "POST"])
def address(plan_id: str) -> Any:
    """The postal address for letters, checked by the delivery feature's rules."""
    record = family_or_404(plan_id)
    current = letters.address_for(record.id)
    form = forms.AddressForm(data={"address": "\n".join(current or [])})
    if form.validate_on_submit():
        try:
            letters.save_address(record, forms.lines(form.address), current_user.id)
        except InvalidContact as exc:
            form.address.errors = [exc.message]
        else:
            audit.record("address.change", plan_id=record.id)
            session[NOTICE] = "address"
            return redirect(url_for("caseworker.letter", plan_id=record.id))
    return render_template(
        "caseworker/address.html", form=form, record=record, errors=errors_of(form)
    )


@caseworker.route("/families/<plan_id>/letter", methods=["GET", "POST"])
def letter(plan_id: str) -> Any:
    """Preview, send by post, or download to print."""
    record = family_or_404(plan_id)
    lines = letters.address_for(record.id)
    if lines is None:
        return redirect(url_for("caseworker.address", plan_id=record.id))
    form = forms.SendLetterForm()
    if form.validate_on_submit():
        delivery = letters.send_letter(record, lines, form.postage.data or "second")
        audit.record("letter.send", plan_id=record.id, delivery_id=delivery.id)
        session[NOTICE] = "sent"
        return redirect(url_for("caseworker.family", plan_id=record.id))
    return render_template(
        "caseworker/letter.html",
        form=form,
        record=record,
        address=lines,
        errors=errors_of(form),
        notice=session.pop(NOTICE, None),
    )


@caseworker.get("/families/<plan_id>/letter.pdf")
def letter_pdf(plan_id: str) -> Response:
    """The letter PDF: `?download=1` to print locally, otherwise shown in the browser."""
    record = family_or_404(plan_id)
    lines = letters.address_for(record.id)
    if lines is None:
        abort(404)
    pdf, _summary = letters.letter_pdf(record, lines)
    download = request.args.get("download") == "1"
    audit.record("letter.download" if download else "letter.preview", plan_id=record.id)
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    disposition = "attachment" if download else "inline"
    response.headers["Content-Disposition"] = (
        f'{disposition}; filename="letter-{record.reference}.pdf"'
    )
    return response


@caseworker.post("/families/<plan_id>/deliveries/<delivery_id>/retry")
def retry(plan_id: str, delivery_id: str) -> Response:
    """Send a failed delivery again."""
    from planner.delivery import service as deliveries

    record = family_or_404(plan_id)
    delivery = deliveries.for_plan(delivery_id, record.id)
    if delivery is None:
        abort(404)
    if not forms.ButtonForm().validate_on_submit():
        abort(400)
    if delivery.status != "failed":
        abort(409)
    again = letters.retry(delivery)
    audit.record("delivery.retry", plan_id=record.id, delivery_id=delivery.id, retry_id=again.id)
    session[NOTICE] = "retried"
    return redirect(url_for("caseworker.family", plan_id=record.id))


# ------------------------------------------------------------------------------------------- API
@caseworker.get("/api/batches/<batch_id>")
def api_batch(batch_id: str) -> Response:
    """A batch's progress as JSON, for scripts and any page that wants to poll."""
    found = batch.for_council(current_user.council_id, batch_id)
    if found is None:
        return make_response(jsonify({"status": 404, "message": "Not found"}), 404)
    done = batch.progress(found)
    return jsonify(
        {
            "id": found.id,
            "status": found.status,
            "total": done.total,
            "done": done.done,
            "failed": done.failed,
            "finished": done.finished,
        }
    )


@caseworker.get("/api/families/<plan_id>/deliveries")
def api_deliveries(plan_id: str) -> Response:
    """A family's deliveries and their status as JSON."""
    record = search.family_for(current_user.council_id, plan_id)
    if record is None:
        return make_response(jsonify({"status": 404, "message": "Not found"}), 404)
    audit.record("family.view", plan_id=record.id, via="api")
    return jsonify(
        [
            {
                "id": d.id,
                "channel": d.channel,
                "status": d.status,
                "reason": d.reason,
                "created_at": d.created_at.isoformat() + "Z",
            }
            for d in letters.deliveries_for(record.id)
        ]
    )


# The other pages add their routes to the blueprint.
from planner.caseworker import admin, batches, late, questions, sending  # noqa: E402, F401, I001

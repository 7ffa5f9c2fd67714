"""The Local Offer directory in the caseworker console: `/caseworker/directory`, for the
council's admins only (caseworkers get 403; anyone not signed in is sent to sign in), in every
mode (it replaces the old `/admin/directory`, which was open in development and absent in
production).

An admin sees the services (paged and searchable), the ones not assured for 12 months, the ones
that still mention traineeships, every import with what it changed and skipped, and held
imports to confirm or discard. "Import now" queues the council's feed for a worker; the run's
page refreshes itself (a meta refresh, no JavaScript) until the worker is done.
"""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import select

from planner.caseworker import audit, auth
from planner.caseworker.views import NOTICE, caseworker, errors_of
from planner.directory import runs, status
from planner.directory.forms import FeedSettingsForm, ServiceSearchForm
from planner.directory.models import DirService
from planner.extensions import db
from planner.models import Council

PAGE_SIZE = 50
STALE_SHOWN = 50
REFRESH_SECONDS = 3


def _council() -> Council:
    council = db.session.get(Council, current_user.council_id)
    assert council is not None
    return council


@caseworker.get("/directory")
@auth.admin_required
def directory() -> str:
    """The council's directory: counts, held imports, flags, services and recent imports."""
    council = _council()
    feed_form = FeedSettingsForm(
        data={
            "feed_url": council.feed_url or "",
            "nightly": "yes" if council.nightly_import else "no",
        }
    )
    return _page(council, feed_form)


def _page(council: Council, feed_form: FeedSettingsForm) -> str:
    from planner.caseworker.forms import ButtonForm

    search = ServiceSearchForm(request.args)
    query = (search.q.data or "").strip()[:200] if search.validate() else ""
    page = max(1, request.args.get("page", 1, type=int) or 1)
    stmt = status.services_query(council.id, query or None)
    total = status.count(stmt)
    services = list(
        db.session.execute(stmt.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).scalars()
    )
    stale = status.stale_ids(council.id)
    stale_services = list(
        db.session.execute(
            select(DirService)
            .where(DirService.id.in_(sorted(stale)))
            .order_by(DirService.name)
            .limit(STALE_SHOWN)
        ).scalars()
    )
    recent = status.recent_runs(council.id)
    return render_template(
        "directory/console.html",
        council=council,
        summary=status.directory_status(council),
        held=[r for r in recent if r.status == "held"],
        busy=runs.in_progress(council.id),
        traineeships=status.traineeship_services(council.id),
        services=services,
        stale=stale,
        stale_services=stale_services,
        stale_total=len(stale),
        runs=recent,
        search=search,
        query=query,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        total=total,
        feed_form=feed_form,
        button=ButtonForm(),
        notice=session.pop(NOTICE, None),
        errors=errors_of(feed_form),
    )


@caseworker.post("/directory/settings")
@auth.admin_required
def directory_settings() -> Any:
    """Save the feed address and the nightly re-import setting."""
    council = _council()
    form = FeedSettingsForm()
    if not form.validate_on_submit():
        return _page(council, form), 422
    council.feed_url = (form.feed_url.data or "").strip() or None
    council.nightly_import = form.nightly.data == "yes" and council.feed_url is not None
    audit.record("directory.settings", commit=False, nightly=council.nightly_import)
    db.session.commit()
    session[NOTICE] = "directory_settings"
    return redirect(url_for("caseworker.directory"))


def _button_or_400() -> None:
    from planner.caseworker.forms import ButtonForm

    if not ButtonForm().validate_on_submit():
        abort(400)


@caseworker.post("/directory/import")
@auth.admin_required
def directory_import() -> Any:
    """Queue an import of the council's feed and show its progress."""
    _button_or_400()
    council = _council()
    try:
        run = runs.queue_import(council, trigger="console", requested_by=current_user.id)
    except runs.RunRefused as exc:
        if exc.run_id is not None:
            return redirect(url_for("caseworker.directory_run", run_id=exc.run_id))
        session[NOTICE] = exc.reason
        return redirect(url_for("caseworker.directory"))
    audit.record("directory.import", run_id=run.id)
    return redirect(url_for("caseworker.directory_run", run_id=run.id))


@caseworker.get("/directory/imports/<int:run_id>")
@auth.admin_required
def directory_run(run_id: int) -> str:
    """One import: its progress while it runs (the page refreshes itself), then its outcome,
    the records it skipped and the values it dropped."""
    from planner.caseworker.forms import ButtonForm

    run = status.run_of(current_user.council_id, run_id)
    if run is None:
        abort(404)
    waiting = run.status in ("queued", "running")
    return render_template(
        "directory/run.html",
        run=run,
        refresh=REFRESH_SECONDS if waiting else None,
        waiting=waiting,
        button=ButtonForm(),
        notice=session.pop(NOTICE, None),
        errors=[],
    )


@caseworker.post("/directory/imports/<int:run_id>/confirm")
@auth.admin_required
def directory_confirm(run_id: int) -> Any:
    """Accept a held import's numbers: the feed is read again and applied with them."""
    _button_or_400()
    council = _council()
    try:
        run = runs.confirm_held(council, run_id, current_user.id)
    except runs.RunRefused as exc:
        if exc.reason == "not_held" and status.run_of(council.id, run_id) is None:
            abort(404)
        session[NOTICE] = exc.reason
        return redirect(url_for("caseworker.directory_run", run_id=exc.run_id or run_id))
    audit.record("directory.confirm", run_id=run_id, new_run_id=run.id, removals=run.allow_removals)
    return redirect(url_for("caseworker.directory_run", run_id=run.id))


@caseworker.post("/directory/imports/<int:run_id>/discard")
@auth.admin_required
def directory_discard(run_id: int) -> Any:
    """Refuse a held import: the directory stays as it is."""
    _button_or_400()
    council = _council()
    try:
        runs.discard_held(council, run_id, current_user.id)
    except runs.RunRefused:
        if status.run_of(council.id, run_id) is None:
            abort(404)
        session[NOTICE] = "not_held"
        return redirect(url_for("caseworker.directory_run", run_id=run_id))
    audit.record("directory.discard", run_id=run_id)
    session[NOTICE] = "discarded"
    return redirect(url_for("caseworker.directory_run", run_id=run_id))

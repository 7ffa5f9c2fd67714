"""`/admin/directory`: what is in the Local Offer directory and how the last imports went.

Directory data is public, but the page is an admin tool: until caseworker sign-in exists it is only
served outside production (404 in production, as if it were not there).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from sqlalchemy import func, select

from planner.directory.lookup import is_stale
from planner.directory.models import DirService, ImportRun
from planner.extensions import db
from planner.models import Council, utcnow

directory_admin = Blueprint("directory_admin", __name__)

PAGE_SIZE = 100


@directory_admin.before_request
def _not_in_production() -> None:
    if current_app.config.get("PLANNER_ENV") == "production":
        abort(404)


@directory_admin.get("/admin/directory")
def index() -> str:
    """Services of one council (default: the configured council), newest import first."""
    code = request.args.get("council") or current_app.config["DEFAULT_COUNCIL"]
    council = db.session.execute(select(Council).filter_by(code=code)).scalar_one_or_none()
    page = max(1, request.args.get("page", 1, type=int) or 1)
    services: list[DirService] = []
    runs: list[ImportRun] = []
    total = active = 0
    if council is not None:
        total, active = db.session.execute(
            select(
                func.count(DirService.id),
                func.count(DirService.id).filter(DirService.status == "active"),
            ).where(DirService.council_id == council.id)
        ).one()
        services = list(
            db.session.execute(
                select(DirService)
                .where(DirService.council_id == council.id)
                .order_by(DirService.name, DirService.id)
                .limit(PAGE_SIZE)
                .offset((page - 1) * PAGE_SIZE)
            ).scalars()
        )
        runs = list(
            db.session.execute(
                select(ImportRun)
                .where(ImportRun.council_id == council.id)
                .order_by(ImportRun.started_at.desc(), ImportRun.id.desc())
                .limit(10)
            ).scalars()
        )
    today = utcnow().date()
    stale = {
        s.id: is_stale(s.assured_date, s.last_modified.date() if s.last_modified else None, today)
        for s in services
    }
    return render_template(
        "directory/admin.html",
        dir_council=council,
        code=code,
        services=services,
        stale=stale,
        runs=runs,
        last_run=runs[0] if runs else None,
        total=total,
        active=active,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
    )

"""Delivery settings: read from the Flask config when the lead's `planner.config` sets them, else
from the environment, so the feature works before and after it is wired into `config.load()`."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from flask import current_app

DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"


def _get(name: str, default: Any = None) -> Any:
    value = current_app.config.get(name)
    if value in (None, ""):
        value = os.environ.get(name)
    return default if value in (None, "") else value


@dataclass(frozen=True)
class DeliverySettings:
    """Everything the delivery code needs, resolved once per use."""

    api_key: str | None
    base_url: str
    email_template_id: str | None
    sms_template_id: str | None
    callback_token: str | None
    public_url: str
    redis_url: str | None
    rate_limit_per_minute: int
    var_dir: Path
    # Backoff: first retry within `retry_base` seconds, doubling, capped, for at most
    # `max_attempts` tries in all (Notify asks clients to back off on 429 and 5xx).
    retry_base: float
    retry_cap: float
    max_attempts: int
    # A row left in `sending` this long belongs to a lost worker (broker visibility timeout).
    stale_after: float
    http_timeout: float
    # The council's own Notify reply-to address for emails (None: the service's default).
    email_reply_to_id: str | None = None

    @property
    def outbox(self) -> bool:
        """No API key: every channel writes to the outbox instead of calling Notify."""
        return not self.api_key

    @property
    def outbox_dir(self) -> Path:
        return self.var_dir / "outbox"


def load() -> DeliverySettings:
    """The settings for the current app."""
    return DeliverySettings(
        api_key=_get("NOTIFY_API_KEY"),
        base_url=str(_get("NOTIFY_BASE_URL", DEFAULT_BASE_URL)).rstrip("/"),
        email_template_id=_get("NOTIFY_EMAIL_TEMPLATE_ID"),
        sms_template_id=_get("NOTIFY_SMS_TEMPLATE_ID"),
        callback_token=_get("NOTIFY_CALLBACK_TOKEN"),
        public_url=str(_get("PLANNER_PUBLIC_URL", "http://127.0.0.1:5000")).rstrip("/"),
        redis_url=_get("REDIS_URL"),
        rate_limit_per_minute=int(_get("NOTIFY_RATE_LIMIT_PER_MINUTE", 3000)),
        var_dir=Path(_get("VAR_DIR", "var")),
        retry_base=float(_get("NOTIFY_RETRY_BASE_SECONDS", 10)),
        retry_cap=float(_get("NOTIFY_RETRY_CAP_SECONDS", 300)),
        max_attempts=int(_get("NOTIFY_MAX_ATTEMPTS", 10)),
        stale_after=float(_get("DELIVERY_STALE_AFTER_SECONDS", 120)),
        http_timeout=float(_get("NOTIFY_HTTP_TIMEOUT_SECONDS", 20)),
    )


def for_plan(settings: DeliverySettings, plan_id: str) -> DeliverySettings:
    """`settings` with the plan's council's own Notify template ids and email reply-to, where
    the council set them (planner council update, or the console's settings); the service's
    otherwise. Several councils share one Notify service but each has its own templates."""
    from planner.caseworker.models import CouncilSettings
    from planner.extensions import db
    from planner.models import Council, PlanRecord

    row = db.session.execute(
        db.select(Council.email_reply_to_id, CouncilSettings)
        .select_from(PlanRecord)
        .join(Council, Council.id == PlanRecord.council_id)
        .outerjoin(CouncilSettings, CouncilSettings.council_id == Council.id)
        .where(PlanRecord.id == plan_id)
    ).first()
    if row is None:
        return settings
    reply_to, extra = row
    return replace(
        settings,
        email_template_id=(extra.notify_email_template_id if extra else None)
        or settings.email_template_id,
        sms_template_id=(extra.notify_sms_template_id if extra else None)
        or settings.sms_template_id,
        email_reply_to_id=reply_to or settings.email_reply_to_id,
    )

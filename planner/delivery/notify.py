"""The one place that talks to GOV.UK Notify, through the official client library, and its
stand-in the outbox. Both speak `Sender`, so the task does not care which it has.

Errors are sorted the way Notify's own documentation asks: 429, 5xx and lost connections are worth
retrying (`TemporaryError`); 400 and 403 are not (`PermanentError`, carrying Notify's message).
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any, Protocol

from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient
from notifications_python_client.utils import DOCUMENT_UPLOAD_SIZE_LIMIT, prepare_upload

from planner.delivery.settings import DeliverySettings

ATTACHMENT_LIMIT = DOCUMENT_UPLOAD_SIZE_LIMIT  # 2 MB, Notify's limit for files sent by email


class TemporaryError(Exception):
    """Notify was busy or unreachable: try again later."""


class PermanentError(Exception):
    """Notify refused the request: trying again would get the same answer."""

    def __init__(self, message: str, status_code: int) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code


class Sender(Protocol):
    """What a delivery needs from Notify. Each send returns Notify's notification id."""

    def send_email(
        self,
        reference: str,
        email_address: str,
        personalisation: dict[str, Any],
        one_click_unsubscribe_url: str | None = None,
    ) -> str: ...

    def send_sms(
        self, reference: str, phone_number: str, personalisation: dict[str, Any]
    ) -> str: ...

    def send_letter(self, reference: str, pdf: bytes, postage: str) -> str: ...

    def find(self, reference: str) -> dict[str, Any] | None: ...

    def get(self, notify_id: str) -> dict[str, Any]: ...


def notify_message(exc: APIError) -> str:
    """Notify's own words from an error body `{"status_code", "errors": [{"error", "message"}]}`."""
    detail = exc.message
    if isinstance(detail, list):
        parts = [str(e.get("message") or e.get("error")) for e in detail if isinstance(e, dict)]
        return "; ".join(parts) or "GOV.UK Notify refused the request."
    return str(detail)


def classify(exc: APIError) -> Exception:
    """Turn a client error into TemporaryError or PermanentError. The client reports a lost
    connection or a timeout as status 503 with no response."""
    status = exc.status_code
    if status == 429 or status >= 500:
        return TemporaryError(f"GOV.UK Notify answered {status}")
    return PermanentError(notify_message(exc), status)


def attachment(pdf: bytes, filename: str) -> dict[str, Any] | None:
    """The `link_to_file` personalisation for a PDF, or None when it is over Notify's 2 MB."""
    if len(pdf) > ATTACHMENT_LIMIT:
        return None
    # notifications_python_client's functions carry no annotations (the package says it is typed).
    upload: dict[str, Any] = prepare_upload(io.BytesIO(pdf), filename=filename)  # type: ignore[no-untyped-call]
    return upload


class NotifySender:
    """The real thing, through notifications-python-client."""

    def __init__(self, settings: DeliverySettings) -> None:
        assert settings.api_key
        self.settings = settings
        self.client = NotificationsAPIClient(  # type: ignore[no-untyped-call]  # unannotated
            settings.api_key, base_url=settings.base_url, timeout=settings.http_timeout
        )

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self.client, method)(*args, **kwargs)
        except APIError as exc:
            raise classify(exc) from None

    def send_email(
        self,
        reference: str,
        email_address: str,
        personalisation: dict[str, Any],
        one_click_unsubscribe_url: str | None = None,
    ) -> str:
        template = self.settings.email_template_id
        if not template:
            raise PermanentError("NOTIFY_EMAIL_TEMPLATE_ID is not set.", 400)
        extra = {
            "one_click_unsubscribe_url": one_click_unsubscribe_url,
            "email_reply_to_id": self.settings.email_reply_to_id,
        }
        result = self._call(
            "send_email_notification",
            email_address=email_address,
            template_id=template,
            personalisation=personalisation,
            reference=reference,
            **{k: v for k, v in extra.items() if v},
        )
        return str(result["id"])

    def send_sms(self, reference: str, phone_number: str, personalisation: dict[str, Any]) -> str:
        template = self.settings.sms_template_id
        if not template:
            raise PermanentError("NOTIFY_SMS_TEMPLATE_ID is not set.", 400)
        result = self._call(
            "send_sms_notification",
            phone_number=phone_number,
            template_id=template,
            personalisation=personalisation,
            reference=reference,
        )
        return str(result["id"])

    def send_letter(self, reference: str, pdf: bytes, postage: str) -> str:
        result = self._call(
            "send_precompiled_letter_notification",
            reference=reference,
            pdf_file=io.BytesIO(pdf),
            postage=postage,
        )
        return str(result["id"])

    def find(self, reference: str) -> dict[str, Any] | None:
        result = self._call("get_all_notifications", reference=reference)
        found = result.get("notifications") or []
        return found[0] if found else None

    def get(self, notify_id: str) -> dict[str, Any]:
        return self._call("get_notification_by_id", notify_id)  # type: ignore[no-any-return]


@lru_cache(maxsize=4)
def sender_for(settings: DeliverySettings) -> Sender:
    """Notify when an API key is configured, else the outbox. One per process and configuration,
    so the HTTP connection to Notify is kept alive between messages (Celery's prefork workers run
    one task at a time per process, and the client is not thread-safe)."""
    if settings.outbox:
        from planner.delivery.outbox import OutboxSender

        return OutboxSender(settings.outbox_dir)
    return NotifySender(settings)

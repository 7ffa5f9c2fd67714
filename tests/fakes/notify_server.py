"""A loopback fake of GOV.UK Notify's v2 API, good enough for the real notifications-python-client
to run against unchanged (NOTIFY_BASE_URL=http://127.0.0.1:PORT).

It checks what Notify checks: the JWT (HS256, `iss` = service id, `iat` within 30 s, signed with
the key's secret), the JSON bodies of /v2/notifications/email, /sms and /letter (precompiled), and
answers in Notify's shapes, with Notify's error body `{"status_code", "errors": [{"error",
"message"}]}`. Tests can make it fail (429, 500, hang) and rate-limit, and read what it received.

Texts are modelled on today's Notify (notifications-utils #1443, notifications-api #4937): any
Unicode character is accepted; typographic quotes, dashes and zero-width characters are replaced
first (`SanitiseSMS`); a message with any character outside GSM 03.38 is counted in UTF-16 code
units (70 for one fragment, 67 each when split), a GSM one in septets (160 / 153, extension
characters two); more than 918 is a 400. This is written apart from planner.delivery.sms on
purpose: the fake is an independent model of Notify, not a copy of the code it checks.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import jwt
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"planner_test-{SERVICE_ID}-{SECRET}"
EMAIL_TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
SMS_TEMPLATE_ID = "a3a3e1d2-4d8e-4c2d-9b8e-4d4c5e7a9b10"
# A second council's own templates and reply-to address on the same Notify service.
COUNCIL_EMAIL_TEMPLATE_ID = "0b6f3a52-7c1d-4e8a-9f2b-5d4e3c2b1a09"
COUNCIL_SMS_TEMPLATE_ID = "9c8d7e6f-5a4b-4c3d-8e2f-1a0b9c8d7e6f"
REPLY_TO_ID = "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d"
POSTAGES = ("first", "second", "economy", "europe", "rest-of-world")
SMS_CHAR_COUNT_LIMIT = 918
SMS_RATE = 0.0227  # pounds a fragment, as Notify's own tests use; only the shape matters here
# notifications_utils.sanitise_text.SanitiseText.REPLACEMENT_CHARACTERS (zero width joiner kept).
SMS_REPLACEMENTS = dict.fromkeys("\u2011\u2013\u2014\u2212", "-") | {"\u2026": "..."}
SMS_REPLACEMENTS |= dict.fromkeys("\u2018\u2019\u201a", "'") | dict.fromkeys(
    "\u201c\u201d\u201e", '"'
)
SMS_REPLACEMENTS |= dict.fromkeys("\u180e\u200b\u200c\u2060\ufeff\u2028\u2029", "")
SMS_REPLACEMENTS |= dict.fromkeys("\u00a0\u202f\t", " ")
GSM_7BIT = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€"
)


@dataclass
class Received:
    """One accepted notification, as the fake stored it."""

    id: str
    type: str
    reference: str | None
    body: dict[str, Any]
    at: float
    status: str = "created"
    # Texts: the body as Notify sent it (after its replacements), its length and fragments.
    sent_body: str | None = None
    characters: int | None = None
    fragments: int | None = None


@dataclass
class FakeNotify:
    """The server's state. Methods on it are what tests use."""

    notifications: dict[str, Received] = field(default_factory=dict)
    requests: list[tuple[float, str, str, int]] = field(default_factory=list)
    # Actions for the next POSTs: ("status", code) or ("hang", seconds).
    script: deque[tuple[str, float]] = field(default_factory=deque)
    storm_until: float = 0.0
    limit: int | None = None  # requests per `window` seconds, as Notify's per-key limit
    window: float = 60.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0

    # ---------------------------------------------------------------- test controls
    def fail_next(self, status: int, times: int = 1) -> None:
        for _ in range(times):
            self.script.append(("status", status))

    def hang_next(self, seconds: float) -> None:
        """Record the next notification, then wait before answering (a worker can die meanwhile)."""
        self.script.append(("hang", seconds))

    def storm(self, seconds: float) -> None:
        """Answer every send with 429 for `seconds`."""
        self.storm_until = time.monotonic() + seconds

    def rate_limit(self, limit: int, window: float = 60.0) -> None:
        self.limit, self.window = limit, window

    def sent(self, kind: str | None = None) -> list[Received]:
        with self.lock:
            return [n for n in self.notifications.values() if kind in (None, n.type)]

    def fragments(self) -> dict[str | None, int]:
        """Fragments billed for each text received, by reference."""
        with self.lock:
            return {
                n.reference: n.fragments or 0 for n in self.notifications.values() if n.fragments
            }

    def set_status(self, notify_id: str, status: str) -> None:
        self.notifications[notify_id].status = status

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def reset(self) -> None:
        with self.lock:
            self.notifications.clear()
            self.requests.clear()
            self.script.clear()
            self.storm_until, self.limit = 0.0, None

    # ---------------------------------------------------------------- the server
    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        response = self.handle(request)
        with self.lock:
            self.requests.append((time.time(), request.method, request.path, response.status_code))
        return response(environ, start_response)

    def handle(self, request: Request) -> Response:
        auth = self.check_token(request.headers.get("Authorization", ""))
        if auth:
            return error(403, "AuthError", auth)
        if self.limit is not None:
            now = time.time()
            with self.lock:
                recent = [r for r in self.requests if r[0] > now - self.window and r[3] != 429]
            if len(recent) >= self.limit:
                return error(
                    429,
                    "RateLimitError",
                    f"Exceeded rate limit for key type LIVE of {self.limit} requests per "
                    f"{int(self.window)} seconds",
                )
        if request.method == "GET" and request.path == "/v2/notifications":
            return self.list_notifications(request)
        match = re.fullmatch(r"/v2/notifications/([0-9a-f-]{36})", request.path)
        if request.method == "GET" and match:
            found = self.notifications.get(match.group(1))
            if found is None:
                return error(404, "NoResultFound", "No result found")
            return Response(json.dumps(shape(found)), 200, mimetype="application/json")
        match = re.fullmatch(r"/v2/notifications/(email|sms|letter)", request.path)
        if request.method == "POST" and match:
            return self.send(match.group(1), request)
        return error(404, "NotFound", "Not found")

    def check_token(self, header: str) -> str | None:
        scheme, _, token = header.partition(" ")
        if scheme != "Bearer" or not token:
            return "Unauthorized: authentication token must be provided"
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_iat": False})
        except jwt.InvalidTokenError:
            return "Invalid token: signature, api token not found"
        if claims.get("iss") != SERVICE_ID:
            return "Invalid token: service not found"
        if abs(time.time() - int(claims.get("iat", 0))) > 30:
            return "Error: Your system clock must be accurate to within 30 seconds"
        return None

    def list_notifications(self, request: Request) -> Response:
        reference = request.args.get("reference")
        with self.lock:
            found = [n for n in self.notifications.values() if reference in (None, n.reference)]
        body = {
            "notifications": [shape(n) for n in sorted(found, key=lambda n: -n.at)],
            "links": {"current": f"{self.url}/v2/notifications"},
        }
        return Response(json.dumps(body), 200, mimetype="application/json")

    def send(self, kind: str, request: Request) -> Response:
        action = None
        with self.lock:
            if self.script:
                action = self.script.popleft()
        if time.monotonic() < self.storm_until:
            return error(429, "RateLimitError", "Exceeded rate limit for key type LIVE")
        if action and action[0] == "status":
            code = int(action[1])
            if code == 429:
                return error(429, "RateLimitError", "Exceeded rate limit for key type LIVE")
            if code >= 500:
                return error(code, "Exception", "Internal server error")
            return error(
                code, "BadRequestError", "Can't send to this recipient using a team-only API key"
            )
        try:
            body = json.loads(request.get_data())
        except ValueError:
            return error(400, "ValidationError", "Invalid JSON supplied in POST data")
        problem = validate(kind, body)
        if problem:
            return error(400, "ValidationError", problem)
        note = Received(str(uuid.uuid4()), kind, body.get("reference"), body, time.time())
        if kind == "sms":
            note.sent_body = sms_encode(str(body["personalisation"]["body"]))
            note.characters, note.fragments = sms_count(note.sent_body)
            if note.characters > SMS_CHAR_COUNT_LIMIT:
                return error(
                    400,
                    "BadRequestError",
                    "Your message is too long. Text messages cannot be longer than "
                    f"{SMS_CHAR_COUNT_LIMIT} characters. Your message is {note.characters} "
                    "characters long.",
                )
        with self.lock:
            self.notifications[note.id] = note
        if action and action[0] == "hang":
            time.sleep(action[1])
        return Response(json.dumps(created(note, self.url)), 201, mimetype="application/json")


def error(status: int, kind: str, message: str) -> Response:
    body = {"status_code": status, "errors": [{"error": kind, "message": message}]}
    return Response(json.dumps(body), status, mimetype="application/json")


def validate(kind: str, body: Any) -> str | None:
    """The checks Notify's v2 schemas and recipient validation make, in Notify's words."""
    if not isinstance(body, dict):
        return "JSON body must be an object"
    if kind == "letter":
        if not body.get("reference"):
            return "reference is a required property"
        if body.get("postage", "second") not in POSTAGES:
            return "postage invalid. It must be first, second, economy, europe or rest-of-world."
        try:
            pdf = base64.b64decode(body.get("content") or "", validate=True)
        except (binascii.Error, ValueError):
            return "Cannot decode letter content (file) from base64 encoding"
        if not pdf.startswith(b"%PDF"):
            return "Letter content is not a valid PDF"
        return None
    template = body.get("template_id")
    expected = (
        (EMAIL_TEMPLATE_ID, COUNCIL_EMAIL_TEMPLATE_ID)
        if kind == "email"
        else (SMS_TEMPLATE_ID, COUNCIL_SMS_TEMPLATE_ID)
    )
    if template not in expected:
        return "template_id is not a valid UUID" if not template else "Template not found"
    reply_to = body.get("email_reply_to_id")
    if kind == "email" and reply_to is not None and reply_to != REPLY_TO_ID:
        return (
            f"email_reply_to_id {reply_to} does not exist in database for service id {SERVICE_ID}"
        )
    personalisation = body.get("personalisation") or {}
    missing = [
        k
        for k in ("body",) + (("subject", "link_to_file") if kind == "email" else ())
        if k not in personalisation
    ]
    if missing:
        return f"Missing personalisation: {', '.join(missing)}"
    if kind == "email":
        unsubscribe = body.get("one_click_unsubscribe_url")
        if unsubscribe is not None and not re.fullmatch(r"https?://\S+", str(unsubscribe)):
            return "one_click_unsubscribe_url is not a valid URL"
        address = body.get("email_address") or ""
        if not re.fullmatch(r"[^@\s]+@[^@\s.][^@\s]*\.[a-z]{2,63}", address, re.I):
            return "email_address Not a valid email address"
        attached = personalisation.get("link_to_file")
        if isinstance(attached, dict):
            raw = base64.b64decode(attached.get("file") or "")
            if len(raw) > 2 * 1024 * 1024:
                return "File did not pass the virus scan"  # Notify refuses over 2 MB
        return None
    number = re.sub(r"[\s()+-]", "", body.get("phone_number") or "")
    if not re.fullmatch(r"(44|0)?7\d{9}", number):
        return "phone_number Not a UK mobile number"
    if not isinstance(personalisation["body"], str):
        return "personalisation body is not a string"
    return None


def sms_encode(text: str) -> str:
    """What Notify sends: SanitiseSMS's replacements, then the outer whitespace stripped."""
    return "".join(SMS_REPLACEMENTS.get(ch, ch) for ch in text).strip()


def sms_count(text: str) -> tuple[int, int]:
    """(characters, fragments) as Notify counts a text that has been through `sms_encode`."""
    if all(ch in GSM_7BIT for ch in text):
        septets = len(text) + sum(text.count(ch) for ch in "^{}\\[~]|€")
        return septets, 1 if septets <= 160 else math.ceil(septets / 153)
    units = len(text.encode("utf-16-be")) // 2
    return units, 1 if units <= 70 else math.ceil(units / 67)


def shape(n: Received) -> dict[str, Any]:
    """A notification as GET /v2/notifications/{id} returns it."""
    personalisation = n.body.get("personalisation") or {}
    return {
        "id": n.id,
        "reference": n.reference,
        "type": n.type,
        "status": n.status if n.type != "letter" or n.status != "created" else "accepted",
        "email_address": n.body.get("email_address"),
        "phone_number": n.body.get("phone_number"),
        "body": n.sent_body if n.sent_body is not None else personalisation.get("body", ""),
        "subject": personalisation.get("subject"),
        "postage": n.body.get("postage") if n.type == "letter" else None,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime(n.at)),
        "template": {"id": n.body.get("template_id"), "version": 1, "uri": ""},
        **cost(n),
    }


def cost(n: Received) -> dict[str, Any]:
    """Notify's cost data on a notification: for a text, the fragments it billed."""
    if n.type != "sms" or n.fragments is None:
        return {"is_cost_data_ready": False, "cost_details": {}}
    return {
        "is_cost_data_ready": True,
        "cost_in_pounds": round(n.fragments * SMS_RATE, 4),
        "cost_details": {
            "billable_sms_fragments": n.fragments,
            "international_rate_multiplier": 1.0,
            "sms_rate": SMS_RATE,
        },
    }


def created(n: Received, base: str) -> dict[str, Any]:
    """The 201 body for a new notification."""
    if n.type == "letter":
        return {"id": n.id, "reference": n.reference, "postage": n.body.get("postage", "second")}
    personalisation = n.body.get("personalisation") or {}
    content: dict[str, Any] = {
        "body": n.sent_body if n.sent_body is not None else personalisation.get("body", "")
    }
    if n.type == "email":
        content.update(
            subject=personalisation.get("subject"),
            from_email="planner@notifications.service.gov.uk",
        )
    else:
        content["from_number"] = "GOVUK"
    return {
        "id": n.id,
        "reference": n.reference,
        "content": content,
        "uri": f"{base}/v2/notifications/{n.id}",
        "template": {"id": n.body.get("template_id"), "version": 1, "uri": ""},
    }


class QuietHandler(WSGIRequestHandler):
    """No access log: thousands of lines would drown the test output."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def start() -> tuple[FakeNotify, Any]:
    """Start the fake on a free loopback port in a daemon thread; returns (fake, server)."""
    fake = FakeNotify()
    server = make_server("127.0.0.1", 0, fake, threaded=True, request_handler=QuietHandler)
    fake.port = server.server_port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake, server

"""The words of each message, in the family's language where Notify can carry it.

Strings go through the Babel catalogues (`N_` marks them for extraction; `catalogue(lang)` speaks
them outside a request, in the worker). Texts for Arabic, Urdu, Bengali and Punjabi are sent in
English: Notify replaces characters outside the GSM alphabet with "?", so the message would be
unreadable; the link opens the plan in the family's language instead.
"""

from __future__ import annotations

from urllib.parse import urlencode

from planner.delivery.validation import SMS_CHAR_COUNT_LIMIT, sms_character_count
from planner.i18n import catalogue

# Languages whose script Notify cannot send by text message.
SMS_IN_ENGLISH = frozenset({"ar", "ur", "bn", "pa"})


def N_(message: str) -> str:  # noqa: N802 - the conventional name Babel extracts
    """Mark a string for translation; it is translated when the message is built."""
    return message


EMAIL_SUBJECT = N_("Your transition plan from %(council)s")
EMAIL_BODY = N_(
    "Here is the transition plan you asked for from %(council)s.\n\n"
    "Open your plan online (it stays up to date):\n%(link)s\n\n"
    "Your plan reference is %(reference)s. Quote it if you call us on %(phone)s."
)
EMAIL_ATTACHED = N_("You can download a copy of your plan as a PDF here:")
EMAIL_TOO_LARGE = N_(
    "Your plan is too large to attach to an email, so use the link above to read, download or "
    "print it."
)
SMS_BODY = N_("Your transition plan from %(council)s: %(link)s Reference %(reference)s.")
SMS_BODY_SHORT = N_("Your transition plan: %(link)s")
# Every message says how to stop messages nobody asked for (planner.delivery.recipients). The
# family's own words (the child's name) are never in a subject, a text or a first line: the
# council's name is on every message, and a "name" must not read as the council speaking.
EMAIL_NOT_ME = N_(
    "If you did not ask for this email, use this link and we will not send you any more "
    "messages: %(url)s"
)
SMS_NOT_ME = N_("Did not ask for this? %(url)s")


class MessageTooLong(ValueError):
    """The text would be longer than Notify allows."""


def plan_link(public_url: str, plan_id: str, token: str | None, language: str) -> str:
    """The link back to the plan. With a secret issued for this message (`issue_link`) it is the
    short `/p/<token>` link that opens the plan on any device; without one, the plan page, which
    opens only in a browser that has seen the plan."""
    query = urlencode({"lang": language})
    if token:
        return f"{public_url}/p/{token}?{query}"
    return f"{public_url}/plan/{plan_id}?{query}"


def email_message(
    *,
    language: str,
    council: str,
    link: str,
    reference: str,
    phone: str,
    attached: bool,
    not_me: str = "",
) -> dict[str, str]:
    """`subject` and `body` for the generic email template (`((subject))`, `((body))`)."""
    t = catalogue(language)
    values = {"council": council, "link": link, "reference": reference, "phone": phone}
    body = t.gettext(EMAIL_BODY) % values
    body += "\n\n" + (t.gettext(EMAIL_ATTACHED) if attached else t.gettext(EMAIL_TOO_LARGE))
    if not_me:
        body += "\n\n" + t.gettext(EMAIL_NOT_ME) % {"url": not_me}
    return {"subject": t.gettext(EMAIL_SUBJECT) % values, "body": body}


def sms_message(*, language: str, council: str, link: str, reference: str, not_me: str = "") -> str:
    """A text within Notify's 918 characters, counted as Notify counts them."""
    lang = "en" if language in SMS_IN_ENGLISH else language
    t = catalogue(lang)
    tail = " " + t.gettext(SMS_NOT_ME) % {"url": not_me} if not_me else ""
    body = t.gettext(SMS_BODY) % {"council": council, "link": link, "reference": reference}
    body += tail
    if sms_character_count(body) > SMS_CHAR_COUNT_LIMIT:
        body = t.gettext(SMS_BODY_SHORT) % {"link": link} + tail
    if sms_character_count(body) > SMS_CHAR_COUNT_LIMIT:
        raise MessageTooLong("The text message would be longer than GOV.UK Notify allows.")
    return body

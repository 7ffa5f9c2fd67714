"""The words of each message, in the family's language where Notify can carry it.

Strings go through the Babel catalogues (`N_` marks them for extraction; `catalogue(lang)` speaks
them outside a request, in the worker). Texts for Arabic, Urdu, Bengali and Punjabi are sent in
English: Notify replaces characters outside the GSM alphabet with "?", so the message would be
unreadable; the link opens the plan in the family's language instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from planner.delivery.validation import SMS_CHAR_COUNT_LIMIT, sms_character_count
from planner.i18n import catalogue
from planner.plans.timeline import ShownStep

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
NEXT_STEPS_HEADING = N_("What to do next")
NEXT_STEP_BY = N_("By %(date)s")
NEXT_STEP_LATE = N_("Now (it was due by %(date)s)")
SMS_BODY = N_("Your transition plan from %(council)s: %(link)s Reference %(reference)s.")
SMS_BODY_SHORT = N_("Your transition plan: %(link)s")


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


def next_steps_text(steps: Sequence[ShownStep], language: str) -> str:
    """The plan's next steps as the email opens with them: a heading line and a numbered list,
    each step with its date; plain text that reads the same whether or not Notify formats it.
    Empty when the plan has none."""
    if not steps:
        return ""
    t = catalogue(language)
    lines = [t.gettext(NEXT_STEPS_HEADING) + ":", ""]
    for number, step in enumerate(steps, start=1):
        when = ""
        if step.date_text:
            words = t.gettext(NEXT_STEP_LATE if step.late else NEXT_STEP_BY)
            when = (words % {"date": step.date_text}) + ": "
        lines.append(f"{number}. {when}{step.text}")
    return "\n".join(lines)


def email_message(
    *,
    language: str,
    council: str,
    link: str,
    reference: str,
    phone: str,
    attached: bool,
    next_steps: Sequence[ShownStep] = (),
) -> dict[str, str]:
    """`subject` and `body` for the generic email template (`((subject))`, `((body))`). The body
    opens with the plan's next steps, as every rendering of the plan does."""
    t = catalogue(language)
    values = {"council": council, "link": link, "reference": reference, "phone": phone}
    steps = next_steps_text(next_steps, language)
    body = (steps + "\n\n" if steps else "") + t.gettext(EMAIL_BODY) % values
    body += "\n\n" + (t.gettext(EMAIL_ATTACHED) if attached else t.gettext(EMAIL_TOO_LARGE))
    return {"subject": t.gettext(EMAIL_SUBJECT) % values, "body": body}


def sms_message(*, language: str, council: str, link: str, reference: str) -> str:
    """A text within Notify's 918 characters, counted as Notify counts them."""
    lang = "en" if language in SMS_IN_ENGLISH else language
    t = catalogue(lang)
    body = t.gettext(SMS_BODY) % {"council": council, "link": link, "reference": reference}
    if sms_character_count(body) > SMS_CHAR_COUNT_LIMIT:
        body = t.gettext(SMS_BODY_SHORT) % {"link": link}
    if sms_character_count(body) > SMS_CHAR_COUNT_LIMIT:
        raise MessageTooLong("The text message would be longer than GOV.UK Notify allows.")
    return body

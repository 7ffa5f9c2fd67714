"""The words of each message, in the family's language.

Strings go through the Babel catalogues (`N_` marks them for extraction; `catalogue(lang)` speaks
them outside a request, in the worker). Texts go in every language, in its own script: Notify has
sent any Unicode character since 2026 (planner.delivery.sms counts what that costs). In a
right-to-left text the link, the reference and the council's name are left-to-right isolates, so
a phone shows them in their own order.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from planner.delivery import sms
from planner.i18n import catalogue, text_direction
from planner.plans.timeline import ShownStep
from planner.rules.types import LANGUAGES

# A link of the length `issue_link` makes (43 characters of token), for the cost tables.
SAMPLE_TOKEN = "x" * 43


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
    not_me: str = "",
) -> dict[str, str]:
    """`subject` and `body` for the generic email template (`((subject))`, `((body))`). The body
    opens with the plan's next steps, as every rendering of the plan does."""
    t = catalogue(language)
    values = {"council": council, "link": link, "reference": reference, "phone": phone}
    steps = next_steps_text(next_steps, language)
    body = (steps + "\n\n" if steps else "") + t.gettext(EMAIL_BODY) % values
    body += "\n\n" + (t.gettext(EMAIL_ATTACHED) if attached else t.gettext(EMAIL_TOO_LARGE))
    if not_me:
        body += "\n\n" + t.gettext(EMAIL_NOT_ME) % {"url": not_me}
    return {"subject": t.gettext(EMAIL_SUBJECT) % values, "body": body}


def sms_values(language: str, **values: str) -> dict[str, str]:
    """Placeholders for a text. In right-to-left languages links, references and names are
    left-to-right isolates; elsewhere they go as they are (an isolate would make a GSM text
    unicode and double its cost)."""
    if text_direction(language) != "rtl":
        return values
    return {
        key: sms.isolate(value, link=value.startswith(("http://", "https://")))
        for key, value in values.items()
    }


def sms_message(*, language: str, council: str, link: str, reference: str, not_me: str = "") -> str:
    """A text in the family's language within Notify's 918 characters, counted as Notify counts
    them; the short form (the link alone) when a long council name would take it over. `not_me`
    is the recipient's "I did not ask for this" link, at the end."""
    t = catalogue(language)
    values = sms_values(language, council=council, link=link, reference=reference)
    tail = ""
    if not_me:
        tail = " " + t.gettext(SMS_NOT_ME) % sms_values(language, url=not_me)
    body = t.gettext(SMS_BODY) % values + tail
    if not sms.cost(body).fits:
        body = t.gettext(SMS_BODY_SHORT) % {"link": values["link"]} + tail
    if not sms.cost(body).fits:
        raise MessageTooLong("The text message would be longer than GOV.UK Notify allows.")
    return body


def sms_costs(*, council: str, public_url: str, reference: str) -> dict[str, sms.SmsCost]:
    """What the plan's text costs in each language, for the pages that send one."""
    link = plan_link(public_url, "", SAMPLE_TOKEN, "en")
    return {
        language: sms.cost(
            sms_message(
                language=language,
                council=council,
                link=link.replace("lang=en", f"lang={language}"),
                reference=reference,
            )
        )
        for language in LANGUAGES
    }

"""What a reminder says, in each channel and in the family's language.

Every message carries: what the milestone is and its date (formatted for the language by Babel),
what to do now, who to contact (the council, and Local Offer services for that part of the plan),
the plan reference, the link to the plan, and how to stop. Strings are marked with N_ for the
catalogues and translated through BabelLocalizer, so this works in tasks with no request.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from planner import crypto
from planner.extensions import db
from planner.i18n import BabelLocalizer, text_direction
from planner.models import PlanRecord
from planner.reminders import service
from planner.reminders.models import Reminder, ReminderSubscription
from planner.rules.i18n import N_
from planner.rules.types import Milestone, ServiceRecord

# GOV.UK Notify sends texts in the GSM alphabet; these scripts would be transliterated into
# nonsense, so their texts are in English with a link that opens the plan in their language.
SMS_IN_ENGLISH = frozenset({"ar", "ur", "bn", "pa"})
MAX_SERVICES = 2

# The plan section whose Local Offer services help with each milestone.
MILESTONE_SECTION = {
    "csa_start": "phase_transitions",
    "reception_application": "phase_transitions",
    "phase_ey_school": "phase_transitions",
    "secondary_application": "phase_transitions",
    "phase_primary_secondary": "phase_transitions",
    "phase_post16": "phase_transitions",
    "september_guarantee": "phase_transitions",
    "csa_end": "phase_transitions",
    "year7_careers": "careers",
    "year8_careers": "careers",
    "year9_pfa_review": "ehc_assessment",
    "annual_review_due": "ehc_assessment",
    "ehcna_decision": "ehc_assessment",
    "ehcna_final_plan": "ehc_assessment",
    "draft_response": "ehc_assessment",
    "plan_end_25": "ehc_assessment",
    "health_transition_planning": "health",
    "continuing_care_14": "health",
    "age18_adult_services": "health",
    "adult_care_assessment": "housing",
    "post16_transport_statement": "transport",
    "pip_claim": "money",
    "child_benefit_16": "money",
    "mediation_adviser": "disagreements",
    "appeal_deadline": "disagreements",
}


@dataclass(frozen=True)
class ReminderMessage:
    """A rendered reminder. `subject` and `body` for email (Notify's markdown), `body` alone for a
    text, `subject`, `paragraphs` and `address_lines` for a letter."""

    channel: str
    language: str
    subject: str
    body: str
    stop_url: str
    direction: str = "ltr"
    paragraphs: tuple[str, ...] = ()


def plan_url(record: PlanRecord, language: str, sub: ReminderSubscription | None = None) -> str:
    """The plan's address; with the subscription's own secret link it opens on any device."""
    base = current_app.config["PLANNER_PUBLIC_URL"].rstrip("/")
    token = None
    if sub is not None and sub.contact_enc:
        token = crypto.decrypt_json(sub.contact_enc).get("link_token")
    if token:
        # Short, so a text stays within two fragments; it opens in the plan's own language.
        return f"{base}/p/{token}"
    return f"{base}/plan/{record.id}?lang={language}"


def _milestone(reminder: Reminder, record: PlanRecord, language: str) -> Milestone | None:
    # As of the milestone's own date: the plan then still lists it, even for a chase reminder
    # sent the day after.
    for m in service.milestones_as_of(record, reminder.milestone_date, language):
        if m.id == reminder.milestone_id:
            return m
    return None


def _services(record: PlanRecord, milestone_id: str) -> list[ServiceRecord]:
    """Up to two active Local Offer services for the milestone's part of the plan."""
    from planner.directory.lookup import service_records
    from planner.plans.service import load_answers

    section = MILESTONE_SECTION.get(milestone_id, "information_advice")
    postcode = load_answers(record).postcode
    found = [
        s
        for s in service_records(record.council_id, postcode)
        if s.active and section in s.sections
    ]
    return found[:MAX_SERVICES]


def render(reminder: Reminder, sub: ReminderSubscription | None = None) -> ReminderMessage:
    """The message for `reminder` in its channel and language, with the subscription's stop link."""
    record = db.session.get(PlanRecord, reminder.plan_id)
    if record is None:
        raise LookupError("plan erased")
    sub = sub or service.subscription_for(record)
    if sub is None:
        raise LookupError("no subscription")
    language = reminder.language
    if reminder.channel == "sms":
        return _sms(reminder, record, sub, language)
    loc = BabelLocalizer(language)
    milestone = _milestone(reminder, record, language)
    council = record.council
    title = milestone.title if milestone else loc.gettext(N_("A date in your plan"))
    when = loc.format_date(reminder.milestone_date)
    paragraphs = [
        loc.gettext(N_("%(title)s: %(date)s.")) % {"title": title, "date": when},
    ]
    if milestone is not None:
        paragraphs += [
            milestone.summary,
            loc.gettext(N_("What to do now: %(action)s")) % {"action": milestone.action},
        ]
    contact = [council.name]
    if council.contact_phone:
        contact.append(loc.gettext(N_("Phone: %(phone)s")) % {"phone": council.contact_phone})
    if council.contact_email:
        contact.append(loc.gettext(N_("Email: %(email)s")) % {"email": council.contact_email})
    paragraphs.append(
        loc.gettext(N_("Who to contact: %(contact)s")) % {"contact": ", ".join(contact)}
    )
    for s in _services(record, reminder.milestone_id):
        how = ", ".join(x for x in (s.phone, s.email, s.url) if x)
        paragraphs.append(f"{s.name}: {how}" if how else s.name)
    paragraphs.append(loc.gettext(N_("Your plan reference: %(ref)s")) % {"ref": record.reference})
    paragraphs.append(
        loc.gettext(N_("See your plan: %(url)s")) % {"url": plan_url(record, language, sub)}
    )
    stop = service.stop_url(sub)
    # Before the stop line, which stays last: someone who never asked for these can block them
    # from every plan (planner.delivery.recipients), not only stop this plan's.
    if reminder.channel == "email":
        not_me = N_(
            "If you did not ask for these reminders, use this link and we will not send you any "
            "more messages: %(url)s"
        )
    else:
        not_me = N_(
            "If you did not ask for these reminders, go to %(url)s and we will not send you any "
            "more."
        )
    paragraphs.append(loc.gettext(not_me) % {"url": _not_me(reminder.channel, sub)})
    if reminder.channel == "email":
        paragraphs.append(
            loc.gettext(N_("To stop these reminders, use this link: %(url)s")) % {"url": stop}
        )
    else:
        # A letter cannot carry a link anyone will type; a phone call is the accessible way.
        phone = council.contact_phone or ""
        paragraphs.append(
            loc.gettext(
                N_(
                    "To stop these reminders, phone %(council)s on %(phone)s and give your plan "
                    "reference."
                )
            )
            % {"council": council.name, "phone": phone}
        )
    subject = loc.gettext(N_("Reminder: %(title)s")) % {"title": title}
    return ReminderMessage(
        channel=reminder.channel,
        language=language,
        subject=subject,
        body="\n\n".join(paragraphs),
        stop_url=stop,
        direction=text_direction(language),
        paragraphs=tuple(paragraphs),
    )


def _not_me(channel: str, sub: ReminderSubscription) -> str:
    """The recipient's "I did not ask for this" link (texts have no room for it: their stop page
    offers the same, see planner.reminders.views.stop)."""
    from planner.delivery.recipients import not_me_url_for

    contact = crypto.decrypt_json(sub.contact_enc) if sub.contact_enc else {}
    return not_me_url_for(channel, contact)


def _sms(
    reminder: Reminder, record: PlanRecord, sub: ReminderSubscription, language: str
) -> ReminderMessage:
    """A text that fits one or two fragments where the language's alphabet allows: the what and
    when, the reference, the plan link and the stop link. Detail lives on the plan page."""
    text_language = "en" if language in SMS_IN_ENGLISH else language
    loc = BabelLocalizer(text_language)
    milestone = _milestone(reminder, record, text_language)
    title = milestone.title if milestone else loc.gettext(N_("A date in your plan"))
    body = loc.gettext(
        N_("%(title)s: %(date)s. Ref %(ref)s. Plan: %(plan)s Stop texts: %(stop)s")
    ) % {
        "title": title,
        "date": loc.format_date(reminder.milestone_date),
        "ref": record.reference,
        # The plan opens in the family's own language even when the text is in English.
        "plan": plan_url(record, language, sub),
        "stop": service.stop_url(sub),
    }
    return ReminderMessage(
        channel="sms",
        language=text_language,
        subject=title,
        body=body,
        stop_url=service.stop_url(sub),
        paragraphs=(body,),
    )


def message_for_delivery(delivery_id: str) -> ReminderMessage | None:
    """Hook for the delivery pipeline: the reminder message a Delivery carries, or None when the
    delivery is not a reminder (then it is a plan delivery)."""
    reminder = db.session.execute(
        db.select(Reminder).filter_by(delivery_id=delivery_id)
    ).scalar_one_or_none()
    return render(reminder) if reminder is not None else None

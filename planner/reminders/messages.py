"""What a reminder says, in each channel and in the family's language.

Every message carries: what the milestone is and its date (formatted for the language by Babel),
what to do now, who to contact (the council, and Local Offer services for that part of the plan),
the plan reference, the link to the plan, and how to stop. Strings are marked with N_ for the
catalogues and translated through BabelLocalizer, so this works in tasks with no request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app

from planner import crypto
from planner.delivery.messages import SAMPLE_TOKEN, sms_values
from planner.delivery.sms import SmsCost
from planner.delivery.sms import cost as sms_cost
from planner.extensions import db
from planner.i18n import BabelLocalizer, text_direction
from planner.models import PlanRecord
from planner.reminders import service
from planner.reminders.models import Reminder, ReminderSubscription
from planner.rules.i18n import N_
from planner.rules.types import LANGUAGES, Milestone, ServiceRecord

MAX_SERVICES = 2
# The reminder the cost tables price: a council deadline, with a date and a long-ish title.
SAMPLE_TITLE = N_("The EHC plan must be reviewed")

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
    "ehcna_no_plan_notice": "ehc_assessment",
    "review_report_due": "ehc_assessment",
    "review_decision_due": "ehc_assessment",
    "amendment_response": "ehc_assessment",
    "amended_plan_due": "ehc_assessment",
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


def chase_url(
    reminder: Reminder,
    record: PlanRecord,
    milestone: Milestone | None,
    sub: ReminderSubscription | None,
) -> str | None:
    """For the reminder the day after a council duty fell due with nothing recorded: a link that
    opens the one question that records what the council said. None for any other reminder."""
    from planner.ehc.views import update_page_for
    from planner.plans.service import load_answers
    from planner.rules.ehc_letter import letter_milestones

    chasing = reminder.remind_on > reminder.milestone_date
    if milestone is None or not chasing or milestone.id not in letter_milestones():
        return None
    page = update_page_for(load_answers(record).support)
    if page is None:
        return None
    url = plan_url(record, reminder.language, sub)
    if "/p/" not in url:
        return None  # without the secret link, the plan page offers the same question
    return f"{url}?update={page}"


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
    chase = chase_url(reminder, record, milestone, sub)
    if chase is not None:
        paragraphs.append(
            loc.gettext(
                N_(
                    "Has the council written to you? Tell us what it said, so your plan and "
                    "reminders stay right: %(url)s"
                )
            )
            % {"url": chase}
        )
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
    """A text in the family's language and script (Notify sends any Unicode character): the what
    and when, the reference, the plan link and the stop link. Detail lives on the plan page."""
    loc = BabelLocalizer(language)
    milestone = _milestone(reminder, record, language)
    title = milestone.title if milestone else loc.gettext(N_("A date in your plan"))
    stop = service.stop_url(sub)
    body = sms_body(
        language,
        title=title,
        when=loc.format_date(reminder.milestone_date),
        ref=record.reference,
        plan=plan_url(record, language, sub),
        stop=stop,
    )
    return ReminderMessage(
        channel="sms",
        language=language,
        subject=title,
        body=body,
        stop_url=stop,
        direction=text_direction(language),
        paragraphs=(body,),
    )


def sms_body(language: str, *, title: str, when: str, ref: str, plan: str, stop: str) -> str:
    """The words of a reminder text; links and the reference isolated in right-to-left text."""
    loc = BabelLocalizer(language)
    template = loc.gettext(
        N_("%(title)s: %(date)s. Ref %(ref)s. Plan: %(plan)s Stop texts: %(stop)s")
    )
    values = sms_values(language, ref=ref, plan=plan, stop=stop)
    return template % {"title": title, "date": when, **values}


def sms_costs(*, public_url: str, reference: str, when: date) -> dict[str, SmsCost]:
    """What a typical reminder text costs in each language, for the pages that set them up."""
    base = public_url.rstrip("/")
    costs = {}
    for language in LANGUAGES:
        loc = BabelLocalizer(language)
        body = sms_body(
            language,
            title=loc.gettext(SAMPLE_TITLE),
            when=loc.format_date(when),
            ref=reference,
            plan=f"{base}/p/{SAMPLE_TOKEN}",
            stop=f"{base}/reminders/stop/{'x' * 23}",
        )
        costs[language] = sms_cost(body)
    return costs


def message_for_delivery(delivery_id: str) -> ReminderMessage | None:
    """Hook for the delivery pipeline: the reminder message a Delivery carries, or None when the
    delivery is not a reminder (then it is a plan delivery)."""
    reminder = db.session.execute(
        db.select(Reminder).filter_by(delivery_id=delivery_id)
    ).scalar_one_or_none()
    return render(reminder) if reminder is not None else None

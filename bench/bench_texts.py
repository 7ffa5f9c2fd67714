"""Benchmark: what a text message costs at GOV.UK Notify in each language, for a typical plan
message and reminder (issue 18). No timing: the figures are characters and fragments, counted
by planner.delivery.sms and checked against the fake Notify's own count.

The plan message is the real one (planner.delivery.messages.sms_message) with the demo council's
name, a `/p/` link of the length `issue_link` makes, and a plan reference. The typical reminder is
the annual review ("The EHC plan must be reviewed"); the longest is the milestone whose title
makes the longest text in that language, so a council sees the worst case too.

    python -m bench.bench_texts

Writes the "Text messages" section of bench/RESULTS.md.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.results import write_section  # noqa: E402
from planner import create_app  # noqa: E402
from planner.delivery import messages, sms  # noqa: E402
from planner.i18n import LANGUAGE_NAMES, BabelLocalizer  # noqa: E402
from planner.reminders.messages import SAMPLE_TITLE, sms_body  # noqa: E402
from planner.rules.milestones import RULES  # noqa: E402
from planner.rules.types import LANGUAGES  # noqa: E402
from tests.fakes import notify_server  # noqa: E402

PUBLIC_URL = "https://plan.exampleshire.gov.uk"
COUNCIL = "Exampleshire County Council"
REFERENCE = "ABCD-EFGH"
WHEN = date(2027, 2, 14)
LINK = f"{PUBLIC_URL}/p/{messages.SAMPLE_TOKEN}"
STOP = f"{PUBLIC_URL}/reminders/stop/{'x' * 23}"


def reminder(language: str, title: str) -> str:
    loc = BabelLocalizer(language)
    return sms_body(
        language,
        title=title,
        when=loc.format_date(WHEN),
        ref=REFERENCE,
        plan=LINK,
        stop=STOP,
    )


def measure() -> list[dict[str, object]]:
    rows = []
    for language in LANGUAGES:
        loc = BabelLocalizer(language)
        plan = messages.sms_message(
            language=language,
            council=COUNCIL,
            link=messages.plan_link(PUBLIC_URL, "", messages.SAMPLE_TOKEN, language),
            reference=REFERENCE,
        )
        typical = reminder(language, loc.gettext(SAMPLE_TITLE))
        longest = max(
            (reminder(language, loc.gettext(rule.title)) for rule in RULES),
            key=sms.character_count,
        )
        for body in (plan, typical, longest):
            # The fake is an independent model of Notify: the two counts must agree.
            expected = notify_server.sms_count(notify_server.sms_encode(body))
            assert expected == (sms.character_count(body), sms.fragment_count(body)), body
        rows.append(
            {
                "language": language,
                "plan": sms.cost(plan),
                "typical": sms.cost(typical),
                "longest": sms.cost(longest),
            }
        )
    return rows


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| language | plan text | typical reminder | longest reminder |",
        "|---|---|---|---|",
    ]
    for row in rows:
        cells = []
        for key in ("plan", "typical", "longest"):
            cost = row[key]
            assert isinstance(cost, sms.SmsCost)
            encoding = "Unicode" if cost.unicode else "GSM"
            cells.append(f"**{cost.fragments}** ({cost.characters} chars, {encoding})")
        name = LANGUAGE_NAMES[str(row["language"])]
        lines.append(f"| {name} ({row['language']}) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    with tempfile.TemporaryDirectory() as var:
        app = create_app(
            {
                "PLANNER_ENV": "testing",
                "SECRET_KEY": "bench-texts-" + "x" * 32,
                "VAR_DIR": Path(var),
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{var}/bench.db",
                "RATELIMIT_STORAGE_URI": "memory://",
                "PLANNER_PUBLIC_URL": PUBLIC_URL,
            }
        )
        with app.app_context():
            rows = measure()
    body = (
        "Fragments GOV.UK Notify bills for one text, per language (`python -m bench.bench_texts`; "
        "counted by `planner/delivery/sms.py` and checked against the fake Notify's own count). "
        f'Plan text: the real message for "{COUNCIL}" with a 43-character `/p/` link token and '
        'reference. Typical reminder: the annual review ("The EHC plan must be reviewed") with '
        "its date, reference, plan link and stop link; longest: the milestone title that makes "
        "the longest text in that language. A GSM text is 160 characters for one fragment, 153 "
        "each when split; a Unicode one 70, then 67 each. Notify's limit is 918 characters.\n\n"
        + table(rows)
        + "\n\nOne character outside GSM (for example ł, ă, ç, ó, or any letter of a non-Latin "
        "script) makes the whole text Unicode. Before 2026 the texts for Arabic, Urdu, Bengali "
        "and Punjabi went in English (1-2 fragments); in their own script they cost 3 to 5. In "
        "Arabic and Urdu the council name and reference are wrapped in 2 direction isolates and "
        "each link in 3 (a space before the closing mark, so a phone does not take it as part "
        "of the link). The English plan text is just over one fragment with this 32-character "
        "public address; an address 2 characters shorter brings it to one."
    )
    write_section("Text messages", body)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())

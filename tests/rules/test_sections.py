"""Plan sections: when each appears, what it says, in whose voice, and which services it lists."""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest

from planner.rules.i18n import EnglishLocalizer
from planner.rules.matching import services_for
from planner.rules.sections import SECTIONS, build_sections, source_strings
from planner.rules.types import TOPICS, Answers, Context, Milestone, Section, ServiceRecord

TODAY = date(2025, 3, 1)
LOC = EnglishLocalizer()
AUTO = -99  # make_ctx: the usual school year for the age


def key_stage(year_group: int | None) -> str | None:
    if year_group is None:
        return None
    if year_group <= 0:
        return "EYFS"
    if year_group <= 2:
        return "KS1"
    if year_group <= 6:
        return "KS2"
    if year_group <= 9:
        return "KS3"
    if year_group <= 11:
        return "KS4"
    return "post-16"


def make_ctx(
    age: int,
    year_group: int | None = AUTO,
    *,
    support: str | None = None,
    respondent: str | None = "parent_carer",
    topics: tuple[str, ...] = (),
    goals: tuple[str, ...] = (),
    needs: tuple[str, ...] = (),
    setting: str | None = None,
    receives_dla: bool = False,
    milestones: tuple[Milestone, ...] = (),
) -> Context:
    """A Context as plan.py would build it; year_group defaults to the usual year for the age."""
    if year_group == AUTO:
        guess = age - 5
        year_group = guess if -2 <= guess <= 13 else None
    answers = Answers(
        date_of_birth=date(TODAY.year - age, 1, 1),
        respondent=respondent,
        support=support,
        topics=topics,
        goals=goals,
        needs=needs,
        setting=setting,
        receives_dla=receives_dla,
    )
    return Context(
        answers=answers,
        today=TODAY,
        age=age,
        year_group=year_group,
        key_stage=key_stage(year_group),
        over_compulsory_school_age=age >= 17 or (age == 16 and TODAY.month >= 7),
        milestones=milestones,
    )


def ids(sections: tuple[Section, ...]) -> list[str]:
    return [s.id for s in sections]


def build(ctx: Context, services: tuple[ServiceRecord, ...] = ()) -> tuple[Section, ...]:
    return build_sections(ctx, LOC, services)


def milestone(mid: str, when: date) -> Milestone:
    return Milestone(
        id=mid, date=when, title="", summary="", action="", refs=(), reminders=(), kind="age"
    )


# A wide spread of young people, used by the "always true" checks below.
GRID = [
    make_ctx(
        age,
        support=support,
        respondent=respondent,
        goals=goals,
        setting=setting,
        receives_dla=dla,
    )
    for age, support, respondent, goals, setting, dla in itertools.product(
        (0, 2, 3, 4, 5, 8, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 25),
        (None, "ehc_plan", "assessment_requested", "sen_support", "not_sure"),
        ("parent_carer", "young_person", "professional"),
        ((), ("higher_education",), ("apprenticeship", "supported_internship")),
        (None, "higher_education"),
        (False, True),
    )
]


# --- Which sections appear ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ctx", "present", "absent"),
    [
        (
            "4-year-old in nursery",
            make_ctx(4, -1),
            {"phase_transitions", "health", "money", "disagreements", "information_advice"},
            {"careers", "work", "housing", "community"},
        ),
        (
            "4-year-old with an EHC plan",
            make_ctx(4, 0, support="ehc_plan"),
            {"personal_budgets", "ehc_assessment", "transport", "short_breaks"},
            {"careers", "work", "housing", "community"},
        ),
        ("Year 6", make_ctx(11, 6), {"phase_transitions"}, {"careers", "work"}),
        (
            "Year 7",
            make_ctx(12, 7),
            {"careers", "phase_transitions"},
            {"work", "housing", "community"},
        ),
        ("Year 8", make_ctx(13, 8), {"careers"}, {"work", "housing", "community"}),
        (
            "Year 9",
            make_ctx(14, 9),
            {"careers", "work", "housing", "community", "short_breaks", "transport"},
            {"personal_budgets"},
        ),
        (
            "Year 9 without EHC plan: no personal budgets",
            make_ctx(14, 9, support="sen_support"),
            {"ehc_assessment"},
            {"personal_budgets"},
        ),
        (
            "assessment requested: personal budgets",
            make_ctx(10, 5, support="assessment_requested"),
            {"personal_budgets", "ehc_assessment"},
            {"careers"},
        ),
        (
            "taught out of year group: year group wins over age",
            make_ctx(12, 6),
            set(),
            {"careers"},
        ),
        (
            "left school at 19, no plan",
            make_ctx(19, None),
            {"careers", "work", "housing", "community", "health", "money"},
            {"phase_transitions", "transport", "short_breaks", "personal_budgets"},
        ),
        (
            "22 with an EHC plan",
            make_ctx(22, None, support="ehc_plan"),
            {"phase_transitions", "transport", "personal_budgets", "ehc_assessment", "work"},
            {"short_breaks"},
        ),
        (
            "19 at university, no plan",
            make_ctx(19, None, setting="higher_education"),
            {"careers", "money"},
            {"phase_transitions", "transport", "ehc_assessment"},
        ),
        (
            "17-year-old: short breaks until 18",
            make_ctx(17, 12),
            {"short_breaks", "transport"},
            set(),
        ),
        ("18-year-old: no short breaks", make_ctx(18, 13), {"transport"}, {"short_breaks"}),
    ],
)
def test_which_sections_appear(
    name: str, ctx: Context, present: set[str], absent: set[str]
) -> None:
    got = set(ids(build(ctx)))
    assert present <= got, f"{name}: missing {present - got}"
    assert not (absent & got), f"{name}: unexpected {absent & got}"


@pytest.mark.parametrize(
    ("topics", "expected"),
    [
        (("careers",), ["careers", "information_advice"]),
        (("work", "money"), ["work", "money", "information_advice"]),
        (("information_advice",), ["information_advice"]),
        # Chosen but not applicable: personal budgets need an EHC plan or a request.
        (("personal_budgets", "health"), ["health", "information_advice"]),
    ],
)
def test_topics_filter_sections(topics: tuple[str, ...], expected: list[str]) -> None:
    assert ids(build(make_ctx(14, 9, topics=topics))) == expected


def test_topics_filter_cannot_add_a_section_that_does_not_apply() -> None:
    assert ids(build(make_ctx(4, -1, topics=("careers", "work", "housing")))) == [
        "information_advice"
    ]


@pytest.mark.parametrize("ctx", GRID[::7])
def test_sections_follow_plan_order_and_information_advice_always(ctx: Context) -> None:
    got = ids(build(ctx))
    assert "information_advice" in got
    assert got == [t for t in TOPICS if t in got]
    assert [s.id for s in SECTIONS] == list(TOPICS)


def test_information_advice_even_when_topics_exclude_it() -> None:
    assert "information_advice" in ids(build(make_ctx(15, 10, topics=("money",))))


# --- What the content says ---------------------------------------------------------------------


def all_items(ctx: Context) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(s.id, i.kind, i.refs) for s in build(ctx) for i in s.items]


def test_every_section_has_content_and_every_right_has_a_reference() -> None:
    for ctx in GRID:
        for section in build(ctx):
            assert section.title
            assert [i for i in section.items if i.kind != "service"], section.id
            for item in section.items:
                assert item.kind in {"right", "action", "info", "service"}
                assert item.text
                # Issue 19, point 9: every statement carries its reference, whatever its kind.
                if item.kind != "service":
                    assert item.refs, f"{section.id}: {item.text}"
                assert "%(" not in item.text


def test_no_traineeships_anywhere() -> None:
    assert not [s for s in source_strings() if "traineeship" in s.lower()]
    for ctx in GRID:
        for section in build(ctx):
            for item in section.items:
                assert "traineeship" not in item.text.lower()


def test_source_strings_are_few_and_use_only_named_date_placeholders() -> None:
    strings = source_strings()
    # Issue 19: short and plain; depth lives behind links, not in more strings.
    assert 60 <= len(strings) <= 120
    for s in strings:
        assert set(re.findall(r"%\(?\w*\)?.", s)) <= {"%(date)s"}, s


ACRONYMS = {
    "EHC": "education, health and care",
    "SENCO": "special educational needs coordinator",
    "SENDIASS": "Information, Advice and Support Service",
    "SEND": "special educational needs and disabilities",
    "SEN": "special educational needs",
    "DLA": "Disability Living Allowance",
    "PIP": "Personal Independence Payment",
    "DSA": "Disabled Students' Allowance",
    "DWP": "Department for Work and Pensions",
}


def test_acronyms_are_spelled_out_on_first_use_in_each_section() -> None:
    for ctx in GRID:
        for section in build(ctx):
            text = " ".join([section.title] + [i.text for i in section.items if i.service is None])
            for short, long in ACRONYMS.items():
                found = re.search(rf"\b{short}\b", text)
                if found:
                    before = text[: found.start()].lower()
                    assert before.endswith(f"{long.lower()} ("), (section.id, short, text)


def texts(ctx: Context, section_id: str | None = None) -> str:
    return "\n".join(i.text for s in build(ctx) if section_id in (None, s.id) for i in s.items)


@pytest.mark.parametrize(
    ("ctx", "section_id", "must_say"),
    [
        (
            make_ctx(8, 3, support="sen_support"),
            "ehc_assessment",
            ["6 weeks", "16 weeks", "15 days", "20 weeks"],
        ),
        (make_ctx(8, 3, support="ehc_plan"), "ehc_assessment", ["12 months", "2 weeks", "4 weeks"]),
        (make_ctx(3, -1, support="ehc_plan"), "ehc_assessment", ["3 to 6 months"]),
        (
            make_ctx(8, 3),
            "disagreements",
            ["mediation", "2 months", "1 month", "Ombudsman", "12 months"],
        ),
        (
            make_ctx(8, 3, support="ehc_plan"),
            "personal_budgets",
            ["Personal Budget", "paid to you", "cannot appeal"],
        ),
        (make_ctx(8, 3), "transport", ["2 miles", "3 miles", "cannot walk"]),
        (make_ctx(17, 12), "transport", ["31 May"]),
        (
            make_ctx(16, 11),
            "money",
            ["Personal Independence Payment", "Child Benefit"],
        ),
        (
            make_ctx(17, 12, goals=("supported_internship",)),
            "work",
            ["16 to 24", "job coach", "Access to Work"],
        ),
        (make_ctx(17, 12, goals=("apprenticeship",)), "work", ["Entry Level 3"]),
        (
            make_ctx(17, 12, goals=("higher_education",)),
            "careers",
            ["Disabled Students' Allowance", "student finance", "14 weeks"],
        ),
        (
            make_ctx(17, 12, support="ehc_plan", goals=("higher_education",)),
            "careers",
            ["ends when the young person starts university"],
        ),
        (make_ctx(14, 9), "housing", ["supported living", "Disabled Facilities Grant"]),
        (make_ctx(14, 9), "community", ["online", "reasonable changes"]),
        (make_ctx(14, 9), "health", ["adult services"]),
        (
            make_ctx(8, 3),
            "short_breaks",
            ["short breaks", "assess your own needs"],
        ),
        (
            make_ctx(8, 3),
            "information_advice",
            ["Information, Advice and Support Service (SENDIASS)", "free and fair"],
        ),
        (
            make_ctx(14, 9, support="ehc_plan"),
            "phase_transitions",
            # One wording: the last day ("before 15 February" is "14 February"; issue 19, point 7).
            ["14 February", "30 March", "Section 41"],
        ),
    ],
)
def test_content_states_the_rules(ctx: Context, section_id: str, must_say: list[str]) -> None:
    said = texts(ctx, section_id)
    for phrase in must_say:
        assert phrase in said, f"{section_id}: {phrase!r} missing"


def test_goals_tailor_work_and_careers() -> None:
    internship = texts(make_ctx(17, 12, goals=("supported_internship",)))
    assert "Supported internships" in internship
    assert "Disabled Students' Allowance" not in internship
    assert "Apprenticeships are paid jobs" not in internship
    university = texts(make_ctx(17, 12, goals=("higher_education",)))
    assert "Disabled Students' Allowance" in university
    assert "Supported internships" not in university
    unsure = texts(make_ctx(17, 12, goals=("not_sure",)))
    assert "Supported internships" in unsure and "Apprenticeships are paid jobs" in unsure
    # University help is only for those who chose it (or are there already).
    assert "Disabled Students' Allowance" not in unsure
    # Issue 19, point 11: "get a job" shows the routes into work (CoP 4.53).
    job = texts(make_ctx(17, 12, goals=("employment",)))
    assert "Supported internships" in job and "Apprenticeships are paid jobs" in job


def test_refs_cite_the_statutes() -> None:
    refs = {r for ctx in GRID[::5] for _, _, rs in all_items(ctx) for r in rs}
    for expected in (
        "CFA 2014 s.36",
        "SEND Regs 2014 reg 5",
        "CoP 9.179",
        "EA 1996 s.508B",
        "EA 1996 s.509AA",
        "Care Act 2014 s.9",
        "Children Act 1989 s.17ZD",
        "HESC Rules 2008 r.20",
        "CFA 2014 s.32",
        "CFA 2014 s.41",
        "CFA 2014 s.49",
        "NICE NG43",
    ):
        assert expected in refs


@pytest.mark.parametrize(
    ("year", "shown"),
    [(9, False), (10, False), (11, True)],
)
def test_this_years_transport_statement_only_in_year_11(year: int, shown: bool) -> None:
    # Issue 19, point 6: "this year's" statement is only the one for the coming year, in Year 11.
    ctx = make_ctx(
        year + 5, year, milestones=(milestone("post16_transport_statement", date(2027, 5, 31)),)
    )
    said = texts(ctx, "transport")
    assert (
        "This year's statement on help with travel after 16 is due by 31 May 2027." in said
    ) is (shown)


def test_item_without_its_milestone_is_left_out() -> None:
    said = texts(make_ctx(16, 11), "transport")
    assert "This year's statement" not in said


# --- Voice -----------------------------------------------------------------------------------


def test_young_person_respondent_is_addressed_directly() -> None:
    # Issue 19, point 10: the respondent decides the voice, from 13 as from 16.
    for age, year in ((13, 8), (14, 9), (15, 10), (16, 11), (17, 12), (19, None), (24, None)):
        for support in ("ehc_plan", "sen_support"):
            ctx = make_ctx(age, year, support=support, respondent="young_person")
            assert ctx.speaks_to_young_person
            said = texts(ctx)
            assert "your child" not in said.lower(), said
            assert "you" in said


def test_parent_and_younger_respondents_get_parent_voice() -> None:
    parent = texts(make_ctx(17, 12, support="ehc_plan"))
    assert "your child" in parent
    professional = make_ctx(15, 10, respondent="professional")
    assert not professional.speaks_to_young_person
    assert "your child" in texts(professional)


def test_voice_changes_the_wording_of_the_same_item() -> None:
    parent = texts(make_ctx(17, 12, support="ehc_plan"), "information_advice")
    young = texts(
        make_ctx(17, 12, support="ehc_plan", respondent="young_person"), "information_advice"
    )
    assert "listen to your child's views" in parent
    assert "listen to your views" in young


def test_strings_are_translated_through_the_localizer() -> None:
    class Shouty(EnglishLocalizer):
        language = "xx"

        def gettext(self, message: str) -> str:
            return message.upper()

    sections = build_sections(make_ctx(14, 9), Shouty(), ())
    for section in sections:
        assert section.title == section.title.upper()
        for item in section.items:
            assert item.text == item.text.upper()


# --- Local services --------------------------------------------------------------------------


def svc(sid: str, **kw: object) -> ServiceRecord:
    kw.setdefault("name", sid.title())
    kw.setdefault("sections", frozenset({"short_breaks"}))
    return ServiceRecord(id=sid, **kw)  # type: ignore[arg-type]


def test_services_filtered_by_age_plan_and_active() -> None:
    services = [
        svc("open"),
        svc("teens", min_age=13, max_age=19),
        svc("under5", max_age=4),
        svc("plan", ehc_plan_only=True),
        svc("closed", active=False),
        svc("elsewhere", sections=frozenset({"health"})),
    ]
    child = make_ctx(8, 3)
    assert [s.id for s in services_for("short_breaks", child, services)] == ["open"]
    teen = make_ctx(14, 9, support="ehc_plan")
    assert {s.id for s in services_for("short_breaks", teen, services)} == {"open", "teens", "plan"}
    # Age bounds are inclusive.
    assert "teens" in {s.id for s in services_for("short_breaks", make_ctx(19, None), services)}
    assert "under5" in {s.id for s in services_for("short_breaks", make_ctx(4, -1), services)}


def test_services_nearest_first_then_name_and_limited() -> None:
    services = [
        svc("c", name="Charlie", distance_km=None),
        svc("b", name="bravo", distance_km=2.5),
        svc("a", name="Alpha", distance_km=2.5),
        svc("d", name="Delta", distance_km=0.4),
        svc("e", name="Echo", distance_km=9.0),
        svc("f", name="Foxtrot", distance_km=None),
        svc("g", name="Golf", distance_km=12.0),
    ]
    got = [s.id for s in services_for("short_breaks", make_ctx(8, 3), services)]
    assert got == ["d", "a", "b"]  # at most 3: the plan links to the directory for more
    got = [s.id for s in services_for("short_breaks", make_ctx(8, 3), services, limit=10)]
    assert got == ["d", "a", "b", "e", "g", "c", "f"]


def test_services_are_appended_as_items_with_stale_flag_kept() -> None:
    stale = svc("s1", name="Holiday club", stale=True, distance_km=1.0)
    sections = {s.id: s for s in build(make_ctx(8, 3), (stale,))}
    last = sections["short_breaks"].items[-1]
    assert last.kind == "service"
    assert last.text == "Holiday club"
    assert last.service is stale
    assert last.to_dict()["service"]["stale"] is True
    # Services only go to sections that are in the plan.
    assert all(i.service is None for i in sections["health"].items)


def test_sendiass_always_in_information_advice() -> None:
    sendiass = svc(
        "iass",
        name="Exampleshire SENDIASS",
        sections=frozenset({"disagreements"}),
        max_age=25,
        distance_km=30.0,
    )
    others = [
        svc(f"o{n}", sections=frozenset({"information_advice"}), distance_km=float(n))
        for n in range(6)
    ]
    for ctx in (make_ctx(8, 3), make_ctx(26 - 1, None)):
        section = next(s for s in build(ctx, (*others, sendiass)) if s.id == "information_advice")
        listed = [i.service.id for i in section.items if i.service is not None]
        assert listed[0] == "iass"
        assert len(listed) == 4  # SENDIASS does not take one of the three places
    closed = svc("iass2", name="SEND Information, Advice and Support Service", active=False)
    assert services_for("information_advice", make_ctx(8, 3), [closed]) == []

"""Sample plans for the PDF tests: a real English plan from the rules, and the same plan with its
words replaced by real sentences in each script (the catalogues are not translated yet)."""

from __future__ import annotations

import dataclasses
from datetime import date
from itertools import cycle

from planner.i18n import BabelLocalizer
from planner.models import Council
from planner.plans.service import DEMO_COUNCIL
from planner.rules.answers import parse_answers
from planner.rules.plan import build_plan
from planner.rules.types import Answers, Plan, ServiceRecord

TODAY = date(2025, 3, 1)
ANSWERS = {
    "name": "Sam",
    "date_of_birth": "2011-05-04",
    "respondent": "parent_carer",
    "setting": "mainstream_secondary",
    "support": "ehc_plan",
    "needs": ["communication_interaction"],
}

# Section titles and sentences in each script, written for these tests. They contain the letters
# WeasyPrint 70's text layer gets wrong: Bengali and Gurmukhi vowel signs (ি ে ো, ਿ ੀ ੋ), conjuncts
# and nukta forms, Arabic and Urdu joining forms and lam-alef.
SAMPLES: dict[str, dict[str, list[str]]] = {
    "ar": {
        "titles": [
            "الانتقال بين المراحل الدراسية",
            "الصحة والرعاية",
            "المال والمزايا",
            "النقل إلى المدرسة أو الكلية",
        ],
        "sentences": [
            "يحق لك أن تطلب تقييمًا لاحتياجات التعليم والصحة والرعاية.",
            "تحدث مع منسق الاحتياجات التعليمية الخاصة في المدرسة قبل نهاية الفصل الدراسي.",
            "يجب على المجلس أن يرد على طلبك خلال ستة أسابيع من تاريخ استلامه.",
            "اسأل عن الدعم الذي سيحصل عليه طفلك عند الانتقال إلى الكلية.",
            "يمكنك الحصول على مشورة مجانية ومحايدة من خدمة المعلومات والإرشاد المحلية.",
        ],
    },
    "ur": {
        "titles": [
            "تعلیم کے مراحل میں تبدیلی",
            "صحت اور دیکھ بھال",
            "پیسے اور فوائد",
            "اسکول آنے جانے کا انتظام",
        ],
        "sentences": [
            "آپ کو تعلیم، صحت اور نگہداشت کی ضروریات کے جائزے کی درخواست کرنے کا حق ہے۔",
            "اسکول میں خصوصی تعلیمی ضروریات کے کوآرڈینیٹر سے بات کریں۔",
            "کونسل کو چھ ہفتوں کے اندر آپ کی درخواست کا جواب دینا ہوگا۔",
            "پوچھیں کہ کالج جانے پر آپ کے بچے کو کون سی مدد ملے گی۔",
            "مقامی معلومات اور مشورے کی سروس سے مفت اور غیر جانبدار مشورہ حاصل کریں۔",
        ],
    },
    "bn": {
        "titles": ["শিক্ষার পর্যায় পরিবর্তন", "স্বাস্থ্য ও যত্ন", "টাকা ও সুবিধা", "স্কুলে যাতায়াত"],
        "sentences": [
            "আপনার শিক্ষা, স্বাস্থ্য ও যত্নের প্রয়োজন মূল্যায়নের অনুরোধ করার অধিকার আছে।",
            "স্কুলের বিশেষ শিক্ষা সমন্বয়কারীর সঙ্গে কথা বলুন।",
            "কাউন্সিলকে ছয় সপ্তাহের মধ্যে আপনার অনুরোধের উত্তর দিতে হবে।",
            "কলেজে যাওয়ার সময় আপনার সন্তান কী সহায়তা পাবে তা জিজ্ঞেস করুন।",
            "স্থানীয় তথ্য ও পরামর্শ পরিষেবা থেকে বিনামূল্যে নিরপেক্ষ পরামর্শ নিন।",
        ],
    },
    "pa": {
        "titles": ["ਸਿੱਖਿਆ ਦੇ ਪੜਾਅ ਵਿੱਚ ਤਬਦੀਲੀ", "ਸਿਹਤ ਅਤੇ ਦੇਖਭਾਲ", "ਪੈਸਾ ਅਤੇ ਲਾਭ", "ਸਕੂਲ ਆਉਣ ਜਾਣ ਦਾ ਪ੍ਰਬੰਧ"],
        "sentences": [
            "ਤੁਹਾਨੂੰ ਸਿੱਖਿਆ, ਸਿਹਤ ਅਤੇ ਦੇਖਭਾਲ ਦੀਆਂ ਲੋੜਾਂ ਦੇ ਮੁਲਾਂਕਣ ਦੀ ਬੇਨਤੀ ਕਰਨ ਦਾ ਹੱਕ ਹੈ।",
            "ਸਕੂਲ ਵਿੱਚ ਵਿਸ਼ੇਸ਼ ਸਿੱਖਿਆ ਕੋਆਰਡੀਨੇਟਰ ਨਾਲ ਗੱਲ ਕਰੋ।",
            "ਕੌਂਸਲ ਨੂੰ ਛੇ ਹਫ਼ਤਿਆਂ ਦੇ ਅੰਦਰ ਤੁਹਾਡੀ ਬੇਨਤੀ ਦਾ ਜਵਾਬ ਦੇਣਾ ਪਵੇਗਾ।",
            "ਪੁੱਛੋ ਕਿ ਕਾਲਜ ਜਾਣ ਵੇਲੇ ਤੁਹਾਡੇ ਬੱਚੇ ਨੂੰ ਕਿਹੜੀ ਮਦਦ ਮਿਲੇਗੀ।",
            "ਸਥਾਨਕ ਜਾਣਕਾਰੀ ਅਤੇ ਸਲਾਹ ਸੇਵਾ ਤੋਂ ਮੁਫ਼ਤ ਅਤੇ ਨਿਰਪੱਖ ਸਲਾਹ ਲਓ।",
        ],
    },
}

SERVICE = ServiceRecord(
    id="svc-1",
    name="Exampleshire SENDIASS",
    description="Free, impartial information, advice and support about SEND.",
    url="https://sendiass.exampleshire.example",
    email="help@sendiass.exampleshire.example",
    phone="01632 960123",
    address="County Hall, Exampletown EX1 1AA",
    sections=frozenset({"information_advice", "disagreements"}),
)


def council() -> Council:
    """The demo council, not stored (the renderer only reads its fields)."""
    return Council(code="exampleshire", **DEMO_COUNCIL)


def answers(language: str = "en", name: str | None = "Sam") -> Answers:
    data = dict(ANSWERS, language=language)
    if name is None:
        data.pop("name")
    else:
        data["name"] = name
    return parse_answers(data, TODAY)


def english_plan() -> Plan:
    """A typical plan from the rules: a Year 9 pupil with an EHC plan and a local service."""
    return build_plan(answers(), TODAY, BabelLocalizer("en"), services=[SERVICE])


def plan_in(language: str) -> Plan:
    """The English plan with its words replaced by sample sentences in `language`'s script."""
    plan = english_plan()
    if language == "en":
        return plan
    sample = SAMPLES[language]
    titles, sentences = cycle(sample["titles"]), cycle(sample["sentences"])
    milestones = tuple(
        dataclasses.replace(m, title=next(titles), summary=next(sentences), action=next(sentences))
        for m in plan.milestones
    )
    sections = tuple(
        dataclasses.replace(
            s,
            title=next(titles),
            items=tuple(
                i if i.kind == "service" else dataclasses.replace(i, text=next(sentences))
                for i in s.items
            ),
        )
        for s in plan.sections
    )
    return dataclasses.replace(plan, language=language, milestones=milestones, sections=sections)


def source_strings(language: str) -> list[str]:
    """Every sample string a `language` PDF must give back when its text is extracted."""
    sample = SAMPLES[language]
    return sample["titles"] + sample["sentences"]

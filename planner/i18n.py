"""Languages: choosing one for a request, and speaking it outside a request (tasks, CLI, rules)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.support import NullTranslations, Translations
from flask import Flask, has_request_context, request, session

from planner.config import ROOT
from planner.extensions import babel
from planner.rules.types import LANGUAGES, RTL_LANGUAGES

# Each language named in itself, for the switcher (GOV.UK pattern).
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "pl": "Polski",
    "ro": "Română",
    "pa": "ਪੰਜਾਬੀ",
    "ur": "اردو",
    "pt": "Português",
    "es": "Español",
    "ar": "العربية",
    "bn": "বাংলা",
}


def select_locale() -> str:
    """`?lang=` first (and remember it), then the session, then Accept-Language, then English."""
    if not has_request_context():
        return "en"
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        session["lang"] = asked
        return asked
    if session.get("lang") in LANGUAGES:
        return str(session["lang"])
    return request.accept_languages.best_match(LANGUAGES) or "en"


def text_direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"


@lru_cache(maxsize=16)
def catalogue(language: str) -> NullTranslations:
    """The compiled catalogue for `language`, loaded once per process."""
    if language == "en":
        return NullTranslations()
    return Translations.load(str(ROOT / "translations"), [language])


class BabelLocalizer:
    """The rules' Localizer backed by the Babel catalogues under translations/."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._t = catalogue(language)
        self._locale = Locale.parse("en_GB" if language == "en" else language)

    def gettext(self, message: str) -> str:
        return self._t.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    def format_date(self, value: date) -> str:
        # GOV.UK style in English ("1 September 2027"); each locale's own long form elsewhere.
        pattern = "d MMMM y" if self.language == "en" else "long"
        return format_date(value, pattern, locale=self._locale)


def offered_languages(enabled: Sequence[str] | None, current: str) -> list[str]:
    """The languages the switcher offers: those the council turned on (all when it has not
    chosen), English, and the page's own language, in the product's order."""
    chosen = set(enabled or LANGUAGES) | {"en", current}
    return [code for code in LANGUAGES if code in chosen]


def init_app(app: Flask) -> None:
    """Bind Flask-Babel and expose language helpers to templates."""
    babel.init_app(app, locale_selector=select_locale, timezone_selector=lambda: "Europe/London")

    @app.context_processor
    def language_context() -> dict[str, object]:
        from flask_babel import get_locale

        lang = str(get_locale() or "en")
        return {
            "current_language": lang,
            "text_direction": text_direction(lang),
            "language_names": LANGUAGE_NAMES,
            "offered_languages": offered_languages,
        }

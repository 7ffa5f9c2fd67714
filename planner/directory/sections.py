"""Placing Local Offer services into plan sections, from the editable section map.

The map (section_map.toml beside this module, or the file named by OFFER_SECTION_MAP) is read once
per path; the importer calls `SectionMap.sections_for` for every service and stores the result.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from planner.rules.types import TOPICS

DEFAULT_MAP = Path(__file__).with_name("section_map.toml")


class SectionMapError(ValueError):
    """The section map file is not usable (bad TOML, unknown section id, bad pattern)."""


@dataclass(frozen=True)
class Term:
    """A taxonomy term as the mapper sees it."""

    id: str
    name: str
    vocabulary: str | None = None


def _word(pattern: str) -> str:
    # Whole words only, so "art" does not match "start" and "pip" does not match "pipeline".
    return rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])"


class SectionMap:
    """Compiled rules: term ids, keyword rules and the EHC-plan-only test."""

    def __init__(self, data: dict[str, Any], source: str = "<map>") -> None:
        # `data` is parsed TOML: its shape is checked here, and a wrong one is a SectionMapError.
        self.source = source
        try:
            self.term_ids = {
                str(k).lower(): self._check(v, f"term_ids.{k}")
                for k, v in dict(data.get("term_ids", {})).items()
            }
            self.rules: list[tuple[re.Pattern[str], frozenset[str]]] = []
            # Broad rules ("preparing for adulthood", "advice") only place a service that no
            # specific rule placed; otherwise every PfA-tagged service lands in every PfA section.
            self.fallback_rules: list[tuple[re.Pattern[str], frozenset[str]]] = []
            for n, rule in enumerate(data.get("rules", [])):
                sections = self._check(rule["sections"], f"rules[{n}].sections")
                words = "|".join(_word(k) for k in rule["keywords"])
                target = self.fallback_rules if rule.get("fallback") else self.rules
                target.append((re.compile(words, re.IGNORECASE), sections))
            ehc = dict(data.get("ehc_plan_only", {}))
            self.ehc_terms = self._any(ehc.get("term_patterns", []))
            self.ehc_text = self._any(ehc.get("patterns", []))
            self.ehc_negations = self._any(ehc.get("negations", []))
        except (KeyError, TypeError, re.error) as exc:
            raise SectionMapError(f"{source}: {exc}") from exc

    @staticmethod
    def _any(patterns: Sequence[str]) -> re.Pattern[str] | None:
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.I) if patterns else None

    def _check(self, sections: Iterable[str], where: str) -> frozenset[str]:
        out = frozenset(sections)
        unknown = out - set(TOPICS)
        if unknown:
            raise SectionMapError(f"{self.source}: {where}: unknown section {sorted(unknown)}")
        return out

    def _match_text(self, text: str, fallback: bool = False) -> set[str]:
        found: set[str] = set()
        for pattern, sections in self.fallback_rules if fallback else self.rules:
            if not sections <= found and pattern.search(text):
                found |= sections
        return found

    def sections_for_term(self, term: Term) -> set[str]:
        """Sections for one taxonomy term: by id, by a name equal to a section id, by keywords."""
        found: set[str] = set()
        for key in (f"{term.vocabulary}:{term.id}".lower(), term.id.lower()):
            found |= self.term_ids.get(key, frozenset())
        for label in (term.id, term.name):
            slug = label.strip().lower().replace(" ", "_").replace("-", "_")
            if slug in TOPICS:
                found.add(slug)
        return found | self._match_text(term.name)

    def sections_for(self, name: str, description: str, terms: Iterable[Term] = ()) -> list[str]:
        """The plan sections for a service, sorted; empty when nothing matches."""
        found: set[str] = set()
        for term in terms:
            found |= self.sections_for_term(term)
        found |= self._match_text(name)
        if not found:
            found = self._match_text(description)
        if not found:
            for text in (*(t.name for t in terms), name, description):
                found |= self._match_text(text, fallback=True)
        return sorted(found)

    def is_ehc_plan_only(self, eligibility: str | None, terms: Iterable[Term] = ()) -> bool:
        """True when the eligibility text or a term says the service needs an EHC plan."""
        if self.ehc_terms and any(self.ehc_terms.search(t.name) for t in terms):
            return True
        text = eligibility or ""
        if self.ehc_negations and self.ehc_negations.search(text):
            return False
        return bool(self.ehc_text and self.ehc_text.search(text))


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> SectionMap:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SectionMapError(f"{path}: {exc}") from exc
    return SectionMap(data, source=path)


def load_section_map(path: str | os.PathLike[str] | None = None) -> SectionMap:
    """The section map at `path`, else OFFER_SECTION_MAP (app config, then environment), else the
    default. Cached by path and modification time, so an edited file is picked up."""
    if path is None:
        configured = None
        try:
            from flask import current_app

            configured = current_app.config.get("OFFER_SECTION_MAP")
        except RuntimeError:  # outside an app context
            pass
        path = configured or os.environ.get("OFFER_SECTION_MAP") or DEFAULT_MAP
    resolved = str(Path(path))
    try:
        mtime = os.stat(resolved).st_mtime
    except OSError as exc:
        raise SectionMapError(f"{resolved}: {exc}") from exc
    return _load(resolved, mtime)

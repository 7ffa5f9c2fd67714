"""Every user-facing string has a complete, well-formed translation in every offered language.

The source is extracted afresh from the code and templates (as `make extract` does), so adding a
string without translating it fails here, not in front of a family.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from planner.rules.types import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")
# Strings that are the same in every language: names, codes and references.
SAME_EVERYWHERE = re.compile(
    r"^[A-Z0-9 .,:;()'/&%\-–]+$|^(GOV\.UK|SENDIASS|PIP|DLA|EHC|SENCO|URL)$"
)


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory):
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(ROOT / "translations" / "babel.cfg"),
            "-k",
            "N_",
            "-k",
            "lazy_gettext",
            "-k",
            "_l",  # `lazy_gettext as _l` in the form modules
            "--no-location",
            "-o",
            str(pot),
            str(ROOT),
        ],
        check=True,
        cwd=ROOT,
    )
    with pot.open("rb") as f:
        return read_po(f)


def load(lang: str):
    path = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
    assert path.exists(), f"no catalogue for {lang}: run `make extract` and translate {path}"
    with path.open("rb") as f:
        return read_po(f, locale=lang)


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def test_there_is_something_to_translate(template):
    assert len([m for m in template if m.id]) > 100


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogue_is_complete(template, lang):
    catalogue = load(lang)
    problems: list[str] = []
    for message in template:
        if not message.id:
            continue
        found = catalogue.get(message.id)
        if found is None:
            problems.append(f"missing: {message.id!r}")
            continue
        if found.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strs = found.string if isinstance(found.string, tuple) else (found.string,)
        if not all(strs):
            problems.append(f"empty: {message.id!r}")
            continue
        want = placeholders(ids[-1])
        if len(strs) == 1:
            if placeholders(strs[0]) != want:
                problems.append(f"placeholders differ in {message.id!r}: {strs[0]!r}")
        else:
            # A plural form may leave out the count where the language says it in words
            # (Arabic "two letters" is one word), but it may not invent a placeholder, and the
            # general form must keep them all.
            if any(not placeholders(s) <= want for s in strs) or placeholders(strs[-1]) != want:
                problems.append(f"plural placeholders differ in {message.id!r}: {strs!r}")
    assert not problems, f"{lang}: {len(problems)} problems\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogue_is_not_left_in_english(template, lang):
    catalogue = load(lang)
    same = [
        m.id
        for m in template
        if isinstance(m.id, str)
        and m.id
        and catalogue.get(m.id) is not None
        and catalogue.get(m.id).string == m.id
        and not SAME_EVERYWHERE.match(m.id)
        and len(m.id.split()) > 2
    ]
    assert len(same) <= 3, f"{lang}: left in English: {same[:10]}"

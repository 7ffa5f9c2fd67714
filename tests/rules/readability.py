"""A small, dependency-free readability meter for the plan's own text (issue 19, point 3).

Flesch-Kincaid grade = 0.39 x (words per sentence) + 11.8 x (syllables per word) - 15.59.
Syllables are counted with the usual vowel-group rule (a silent final "e" dropped, "-le" kept),
which is what textstat and most readability tools approximate; numbers count as one syllable per
digit group word ("15" is read "fifteen", two syllables, so digits count 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
_VOWELS = re.compile(r"[aeiouy]+")


def sentences(text: str) -> list[str]:
    """Sentences of `text`: split after ., ! or ? followed by space, and at line breaks."""
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if _WORD.search(s)]


def words(text: str) -> list[str]:
    """Words of `text` (numbers and hyphenated words count as one)."""
    return _WORD.findall(text)


def syllables(word: str) -> int:
    """Syllables in one English word, by vowel groups; at least 1."""
    w = word.lower().strip("'’")
    if w.isdigit():
        return 2
    total = 0
    for part in w.split("-"):
        part = re.sub(r"[^a-z]", "", part)
        if not part:
            continue
        count = len(_VOWELS.findall(part))
        if part.endswith("e") and not part.endswith(("le", "ee", "ye")) and count > 1:
            count -= 1
        if (
            part.endswith(("ed", "es"))
            and count > 1
            and not part.endswith(("ted", "ded", "ses", "ces", "ges", "zes", "xes"))
        ):
            count -= 1
        total += max(count, 1)
    return max(total, 1)


@dataclass(frozen=True)
class Reading:
    words: int
    sentences: int
    syllables: int
    longest_sentence: str

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level."""
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59

    @property
    def longest_words(self) -> int:
        return len(words(self.longest_sentence))


def measure(texts: list[str]) -> Reading:
    """Readability of a list of separate texts (each its own sentence or sentences)."""
    all_sentences = [s for t in texts for s in sentences(t)]
    all_words = [w for s in all_sentences for w in words(s)]
    longest = max(all_sentences, key=lambda s: len(words(s)), default="")
    return Reading(
        words=len(all_words),
        sentences=max(len(all_sentences), 1),
        syllables=sum(syllables(w) for w in all_words),
        longest_sentence=longest,
    )

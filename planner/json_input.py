"""Parse a JSON body from someone we do not trust.

`json.loads` recurses once per nested array or object, so a 64 KB body of `[[[[...` raises
RecursionError deep inside the parser (a 500, and a stack trace in the worker's memory). No body
this service accepts is more than a few levels deep, so the depth is counted first, on the text
with its strings taken out, and anything deeper than MAX_DEPTH is refused before parsing.
"""

from __future__ import annotations

import json
import re
from typing import Any

# answers/v1 and the delivery, reminder and receipt bodies are at most 3 levels deep; leave room
# for clients that wrap values, but stay far below Python's recursion limit (1,000).
MAX_DEPTH = 20
# A JSON string: a quote, then runs of anything but a quote or backslash, or escaped characters,
# then the closing quote if there is one. The closing quote is optional so that an unterminated
# string still matches (to the end): otherwise the search would start again at every later quote
# and a body of escaped quotes would cost time in the square of its length. Possessive
# quantifiers (Python 3.11) mean nothing is ever tried twice.
_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_EMPTY_PAIR = re.compile(r"\[\]|\{\}")


class JSONInputError(ValueError):
    """The body is not JSON this service will read; the message says why, in plain words."""


def nesting_depth(text: str, limit: int | None = None) -> int:
    """How deeply arrays and objects nest in `text` (brackets inside strings do not count).

    Each pass removes every innermost empty pair, in C (re), so a 64 KB body costs a few passes,
    never a Python loop per character. With `limit`, counting stops at limit + 1. Brackets left
    unmatched count as nesting too: the parser recurses into them before it finds the error."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    cap = float("inf") if limit is None else limit + 1
    if limit is not None and re.search(r"[\[{]{" + str(limit + 1) + "}", brackets):
        return limit + 1  # the usual attack, "[[[[...", found in one pass
    depth = 0
    while brackets and depth < cap:
        brackets, removed = _EMPTY_PAIR.subn("", brackets)
        if not removed:
            return int(min(depth + brackets.count("[") + brackets.count("{"), cap))
        depth += 1
    return depth


def loads(raw: bytes | str, max_depth: int = MAX_DEPTH) -> Any:
    """The parsed body, or JSONInputError saying what is wrong with it."""
    try:
        # The same decoding json.loads does for bytes (UTF-8, -16 or -32 by the first bytes).
        text = (
            raw if isinstance(raw, str) else raw.decode(json.detect_encoding(raw), "surrogatepass")
        )
    except UnicodeDecodeError as exc:
        raise JSONInputError("The body is not valid JSON.") from exc
    if nesting_depth(text, limit=max_depth) > max_depth:
        raise JSONInputError(
            f"The body is nested too deeply: arrays and objects may nest {max_depth} levels."
        )
    try:
        return json.loads(text)
    except RecursionError as exc:  # only if MAX_DEPTH is ever raised near the interpreter's limit
        raise JSONInputError("The body is nested too deeply.") from exc
    except ValueError as exc:
        raise JSONInputError("The body is not valid JSON.") from exc

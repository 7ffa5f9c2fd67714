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
# A JSON string: a quote, then anything but a quote or backslash, or an escaped character.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class JSONInputError(ValueError):
    """The body is not JSON this service will read; the message says why, in plain words."""


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in `text` (brackets inside strings do not count)."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def loads(raw: bytes | str, max_depth: int = MAX_DEPTH) -> Any:
    """The parsed body, or JSONInputError saying what is wrong with it."""
    try:
        # The same decoding json.loads does for bytes (UTF-8, -16 or -32 by the first bytes).
        text = (
            raw if isinstance(raw, str) else raw.decode(json.detect_encoding(raw), "surrogatepass")
        )
    except UnicodeDecodeError as exc:
        raise JSONInputError("The body is not valid JSON.") from exc
    if nesting_depth(text) > max_depth:
        raise JSONInputError(
            f"The body is nested too deeply: arrays and objects may nest {max_depth} levels."
        )
    try:
        return json.loads(text)
    except RecursionError as exc:  # only if MAX_DEPTH is ever raised near the interpreter's limit
        raise JSONInputError("The body is nested too deeply.") from exc
    except ValueError as exc:
        raise JSONInputError("The body is not valid JSON.") from exc

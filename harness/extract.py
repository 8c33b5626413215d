"""Extracting the candidate module from a model's answer.

The answer format of the contract: the last complete fenced ```python block is the candidate;
blocks in other languages are sketches and are ignored; ``<think>`` sections are reasoning.
"""

from __future__ import annotations

import re

_THINK = re.compile(r"<think>(.*?)</think>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"^```[ \t]*(?P<lang>[\w+-]*)[^\n]*\n(?P<body>.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


def split_reasoning(text: str) -> tuple[str, str | None]:
    """(answer without <think> sections, the reasoning inside them or None)."""
    found = _THINK.findall(text)
    if not found:
        if "</think>" in text.lower():  # an opening tag eaten by the chat template
            idx = text.lower().rindex("</think>")
            return text[idx + len("</think>") :], text[:idx].strip()
        return text, None
    return _THINK.sub("", text), "\n\n".join(s.strip() for s in found)


def extract_code(text: str) -> str | None:
    """The last complete python block of ``text`` (after removing reasoning), or None."""
    answer, _ = split_reasoning(text)
    blocks = [m.group("body") for m in _FENCE.finditer(answer) if m.group("lang").lower() in ("python", "py")]
    if not blocks:
        return None
    code = blocks[-1].strip("\n")
    return code + "\n" if code.strip() else None

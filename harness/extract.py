"""Extracting the candidate module from a model's answer.

The answer format of the contract: the last complete fenced ```python block is the candidate;
blocks in other languages are sketches and are ignored; ``<think>`` sections are reasoning. Real model
output also comes with ``~~~`` fences, unlabeled fences and no fences at all: see :func:`extract_code`.
"""

from __future__ import annotations

import ast
import re

_THINK = re.compile(r"<think>(.*?)</think>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(
    r"^[ \t]{0,3}(?P<fence>```|~~~)[ \t]*(?P<lang>[\w+-]*)[^\n]*\n(?P<body>.*?)^[ \t]{0,3}(?P=fence)[ \t]*$",
    re.DOTALL | re.MULTILINE,
)
_PYTHON = ("python", "py", "python3")


def split_reasoning(text: str) -> tuple[str, str | None]:
    """(answer without <think> sections, the reasoning inside them or None)."""
    found = _THINK.findall(text)
    if not found:
        if "</think>" in text.lower():  # an opening tag eaten by the chat template
            idx = text.lower().rindex("</think>")
            return text[idx + len("</think>") :], text[:idx].strip()
        return text, None
    return _THINK.sub("", text), "\n\n".join(s.strip() for s in found)


def _is_module(code: str) -> bool:
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return False
    return any(isinstance(node, ast.ClassDef) for node in ast.walk(tree)) or "ModelNew" in code


def extract_code(text: str) -> str | None:
    """The candidate module in a model's answer, or None when it holds no code.

    The last complete ```python (or ```py, ```python3) block counts; an unterminated block (an answer cut
    off) is not complete. Without a python block: the last unlabeled block that parses as a Python module
    defining a class; without any fence: the whole answer, when it is such a module."""
    answer, _ = split_reasoning(text)
    blocks = list(_FENCE.finditer(answer))
    python = [m.group("body") for m in blocks if m.group("lang").lower() in _PYTHON]
    if not python:
        python = [m.group("body") for m in blocks if not m.group("lang") and _is_module(m.group("body"))]
    if not python and not blocks and "```" not in answer and "~~~" not in answer:
        python = [answer] if "ModelNew" in answer and _is_module(answer.strip()) else []
    if not python:
        return None
    code = python[-1].strip("\n")
    return code + "\n" if code.strip() else None

"""Summary metrics of a run, with the glossary's definitions (ARCHITECTURE.md)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from typing import Any


def summarize_rows(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """compile_rate, correct_rate, fast_1 and geomean_speedup over evaluation rows (one per sample).

    ``unverified`` counts as built but never as correct; ``no_code`` is a failed sample. ``fast_1`` is None
    when every correct sample was timed under an interpreter (those times are recorded, never ranked).
    """
    rows = list(rows)
    n = len(rows)
    counts = Counter(r["status"] for r in rows)
    compiled = sum(1 for r in rows if r["compiled"] == 1)
    correct = [r for r in rows if r["status"] == "correct"]
    timed = [r["speedup"] for r in correct if r["timing"] == "device" and r["speedup"] and r["speedup"] > 0]
    fast_1 = sum(1 for s in timed if s > 1.0)
    # interpreter times are never ranked: a run whose correct samples were all interpreted has no fast_1
    unranked = bool(correct) and all(r["timing"] == "interpreted" for r in correct)
    geomean = math.exp(sum(math.log(s) for s in timed) / len(timed)) if timed else None
    return {
        "n_samples": n,
        "compile_rate": compiled / n if n else 0.0,
        "correct_rate": len(correct) / n if n else 0.0,
        "fast_1": None if unranked else (fast_1 / n if n else 0.0),
        "geomean_speedup": geomean,
        "counts": dict(sorted(counts.items())),
    }

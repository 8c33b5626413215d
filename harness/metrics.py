"""Metrics of runs, with the glossary's definitions (ARCHITECTURE.md). Reads the results store only.

A *row* is one stored evaluation (``Store.evaluations``): status, compiled, correct, timing, speedup,
speedup_compile, baseline_ms, candidate_ms, turn, sample, task_id and ``result`` (the Evaluation JSON).
The headline figures of a multi-turn run are best-of-turns (one row per task and sample: its best turn).

* ``compile@k`` and ``pass@k``: the unbiased estimator 1 - C(n-c,k)/C(n,k) per task (c samples that built,
  or that are correct), averaged over tasks; ``unverified`` counts as built, never as correct, and neither
  does ``rejected``.
* ``fast_p`` (k = 1): share of samples that are correct with a device-timed speedup > p. Interpreted times
  are recorded, never ranked: where every correct sample was interpreted, fast_p is None.
  ``fast_p@k``: the same estimator as pass@k with c = the task's samples that are correct with speedup > p.
* ``geomean_speedup`` (vs eager) and ``geomean_speedup_compile`` (vs torch.compile): over correct samples
  timed on the device.
* ``roofline_fraction``: time at the device's peak rates (the speed of light) / measured time, over correct
  device-timed samples whose task has FLOPs or bytes.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .schema import RunSettings, Task

#: the speedup thresholds of fast_p and the k of pass@k (a k is reported where every task has >= k samples)
P_VALUES: tuple[float, ...] = (0.0, 0.5, 0.8, 1.0, 1.5, 2.0)
K_VALUES: tuple[int, ...] = (1, 2, 5, 10)
#: bootstrap confidence intervals: resamples of the task set, fixed seed, two-sided level
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 0
CI_LEVEL = 0.95


def p_label(p: float) -> str:
    """'0', '0.5', '1', ...: the p of a fast_p key."""
    return f"{p:g}"


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


# ---- the estimators --------------------------------------------------------------------------------


def pass_at_k(n: int, c: int, k: int) -> float:
    """The unbiased pass@k of one task: 1 - C(n-c, k) / C(n, k) for n samples of which c pass."""
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError(f"pass@k needs 0 <= c <= n and 1 <= k <= n (n={n}, c={c}, k={k})")
    if n - c < k:
        return 1.0
    if k == 1:
        return c / n
    return 1.0 - math.comb(n - c, k) / math.comb(n, k)


def allowed_ks(samples_per_task: int) -> list[int]:
    """The k of K_VALUES that ``samples_per_task`` samples allow."""
    return [k for k in K_VALUES if k <= samples_per_task]


def is_correct(row: dict[str, Any]) -> bool:
    """Correct and nothing else: ``rejected`` and ``unverified`` never count."""
    return row["status"] == "correct"


def ranked_speedup(row: dict[str, Any], key: str = "speedup") -> float | None:
    """The speedup (or speedup_compile) of a correct sample timed on the device; None otherwise."""
    value = row.get(key)
    if is_correct(row) and row["timing"] == "device" and value is not None and value > 0:
        return float(value)
    return None


def _unranked(rows: list[dict[str, Any]]) -> bool:
    correct = [r for r in rows if is_correct(r)]
    return bool(correct) and all(r["timing"] == "interpreted" for r in correct)


def _geomean(values: list[float]) -> float | None:
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def _by_task(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(r["task_id"], []).append(r)
    return groups


def _estimate(groups: dict[str, list[dict[str, Any]]], k: int, passes: Callable[[dict[str, Any]], bool]) -> float:
    """Mean over tasks of pass@k with c = the samples that satisfy ``passes``."""
    values = [pass_at_k(len(g), sum(1 for r in g if passes(r)), k) for g in groups.values()]
    return sum(values) / len(values)


def _fast(p: float) -> Callable[[dict[str, Any]], bool]:
    def passes(row: dict[str, Any]) -> bool:
        s = ranked_speedup(row)
        return s is not None and s > p

    return passes


# ---- roofline --------------------------------------------------------------------------------------


def roofline_ms(row: dict[str, Any], task: Task | None = None) -> float | None:
    """The stored speed-of-light time of a row, or one computed from its FLOPs/bytes and the peak table.

    Computed only for accelerators of :data:`harness.roofline.PEAKS` (or with $KBENCH_PEAKS): a CPU's
    rates are those measured where it ran, which the evaluation stored itself. As in the evaluation, a
    task above level 1 is bounded by its bytes alone (it may be simplified algebraically).
    """
    res = _result(row)
    stored = res.get("roofline_ms")
    if stored:
        return float(stored)
    flops, nbytes, device = res.get("flops") or 0.0, res.get("bytes_moved") or 0.0, res.get("device") or ""
    if not (flops or nbytes) or not device:
        return None
    from . import roofline

    if roofline.match_device(device) is None and not os.environ.get("KBENCH_PEAKS"):
        return None
    dtype = task.dtype if task else "float32"
    peaks = roofline.peaks_for(device, dtype, 1)
    if task is not None and task.level not in (None, 1):
        flops = 0.0
    floor = roofline.floor_ms({"flops": flops, "bytes": nbytes}, peaks, safety=1.0)
    return floor


def _result(row: dict[str, Any]) -> dict[str, Any]:
    """The row's Evaluation JSON as a dict (parsed once and kept in the row)."""
    res = row.get("res")
    if res is None:
        raw = row.get("result")
        res = json.loads(raw) if isinstance(raw, str) else (raw or {})
        row["res"] = res
    return res


def roofline_fractions(rows: list[dict[str, Any]], tasks: dict[str, Task] | None = None) -> list[float]:
    out = []
    for r in rows:
        if ranked_speedup(r) is None or not r.get("candidate_ms"):
            continue
        floor = roofline_ms(r, (tasks or {}).get(r["task_id"]))
        if floor:
            out.append(floor / float(r["candidate_ms"]))
    return out


# ---- one set of rows -------------------------------------------------------------------------------


def compute(rows: Iterable[dict[str, Any]], tasks: dict[str, Task] | None = None) -> dict[str, Any]:
    """Every metric over headline rows (one per task and sample). Keys are flat: ``pass@2``,
    ``fast_1.5`` (k = 1), ``fast_1@5`` (best of 5)."""
    rows = list(rows)
    groups = _by_task(rows)
    base = summarize_rows(rows)
    n_per_task = min((len(g) for g in groups.values()), default=0)
    ks = allowed_ks(n_per_task)
    unranked = _unranked(rows)
    counts = Counter(r["status"] for r in rows)
    out: dict[str, Any] = {
        "n_tasks": len(groups),
        "n_samples": len(rows),
        "samples_per_task": n_per_task,
        "ks": ks,
        "compile_rate": base["compile_rate"],
        "correct_rate": base["correct_rate"],
    }
    for k in ks:
        out[f"compile@{k}"] = _estimate(groups, k, lambda r: r["compiled"] == 1)
    for k in ks:
        out[f"pass@{k}"] = _estimate(groups, k, is_correct)
    for p in P_VALUES:
        hits = sum(1 for r in rows if _fast(p)(r))
        out[f"fast_{p_label(p)}"] = None if unranked or not rows else hits / len(rows)
    for k in ks:
        for p in P_VALUES:
            out[f"fast_{p_label(p)}@{k}"] = None if unranked else _estimate(groups, k, _fast(p))
    speedups = [s for s in (ranked_speedup(r) for r in rows) if s is not None]
    vs_compile = [s for s in (ranked_speedup(r, "speedup_compile") for r in rows) if s is not None]
    fractions = roofline_fractions(rows, tasks)
    out.update(
        {
            "geomean_speedup": _geomean(speedups),
            "geomean_speedup_compile": _geomean(vs_compile),
            "fast_1_compile": (None if unranked or not rows else sum(1 for s in vs_compile if s > 1.0) / len(rows)),
            "n_timed": len(speedups),
            "n_interpreted": sum(1 for r in rows if is_correct(r) and r["timing"] == "interpreted"),
            "roofline_fraction": sum(fractions) / len(fractions) if fractions else None,
            "roofline_fraction_median": statistics.median(fractions) if fractions else None,
            "roofline_fraction_max": max(fractions) if fractions else None,
            "roofline_n": len(fractions),
            "correct": counts.get("correct", 0),
            "rejected": counts.get("rejected", 0),
            "unverified": counts.get("unverified", 0),
            "counts": dict(sorted(counts.items())),
        }
    )
    return out


def bootstrap_ci(
    rows: Iterable[dict[str, Any]], resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED
) -> dict[str, list[float] | None]:
    """95% percentile intervals of pass@1 and fast_1 from resampling the tasks with replacement."""
    import numpy as np

    rows = list(rows)
    groups = list(_by_task(rows).values())
    if not groups:
        return {"pass@1": None, "fast_1": None}
    n = np.array([len(g) for g in groups], dtype=float)
    c = np.array([sum(1 for r in g if is_correct(r)) for g in groups], dtype=float)
    f = np.array([sum(1 for r in g if _fast(1.0)(r)) for g in groups], dtype=float)
    pick = np.random.default_rng(seed).integers(0, len(groups), size=(resamples, len(groups)))
    pass1 = (c / n)[pick].mean(axis=1)
    fast1 = f[pick].sum(axis=1) / n[pick].sum(axis=1)
    tail = (1.0 - CI_LEVEL) / 2 * 100

    def interval(values: Any) -> list[float]:
        lo, hi = np.percentile(values, [tail, 100 - tail])
        return [float(lo), float(hi)]

    return {"pass@1": interval(pass1), "fast_1": None if _unranked(rows) else interval(fast1)}


def per_turn_curve(rows: Iterable[dict[str, Any]], turns: int) -> list[dict[str, Any]]:
    """After turn t: the metrics of the best of turns 0..t per sample (the refinement curve)."""
    from .run import best_of_turns

    rows = list(rows)
    curve = []
    for t in range(turns):
        m = compute(best_of_turns([r for r in rows if r["turn"] <= t]))
        curve.append(
            {
                "turn": t,
                "n_samples": m["n_samples"],
                "compile@1": m.get("compile@1"),
                "pass@1": m.get("pass@1"),
                "fast_1": m["fast_1"],
                "geomean_speedup": m["geomean_speedup"],
            }
        )
    return curve


# ---- failure taxonomy ------------------------------------------------------------------------------

SHAPE_CODES = frozenset(
    {"shape_mismatch", "dtype_mismatch", "output_count_mismatch", "type_mismatch", "device_mismatch"}
)
#: bucket -> what it holds, in the order they are shown
BUCKETS: dict[str, str] = {
    "compile_error": "did not build or import (syntax, compiler, import errors, no ModelNew)",
    "runtime_error": "raised or crashed while running (exceptions, signals, worker exits)",
    "output_mismatch": "ran, wrong values (value_mismatch, nan, inf, ...)",
    "shape_mismatch": "ran, wrong output structure (shape, dtype, count, type, device)",
    "timeout": "build or run took too long",
    "rejected": "caught by the anti-cheat checks (by reason code)",
    "unverified": "compiled only: the device was missing",
    "no_code": "the answer held no code (or the request was refused)",
}

_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[\w.+@~-]*/)+[\w.+@-]+")
_HEX = re.compile(r"\b0x[0-9a-fA-F]+\b|\b[0-9a-f]{8,}\b")
_NUMBER = re.compile(r"(?<![A-Za-z_])[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_SPACE = re.compile(r"\s+")


def normalize_message(text: str, limit: int = 160) -> str:
    """A message with paths, hex addresses and numbers replaced, so that similar errors group together."""
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    line = _PATH.sub("<path>", line)
    line = _HEX.sub("<hex>", line)
    line = _NUMBER.sub("N", line)
    line = _SPACE.sub(" ", line).strip()
    return line[:limit] + ("..." if len(line) > limit else "")


def failure_bucket(row: dict[str, Any]) -> str | None:
    """The taxonomy bucket of a row; None for a correct sample."""
    status = row["status"]
    if status == "correct":
        return None
    if status == "crashed":
        return "runtime_error"
    if status == "incorrect":
        codes = set(_result(row).get("reason_codes") or [])
        return "shape_mismatch" if codes & SHAPE_CODES else "output_mismatch"
    return status if status in BUCKETS else "runtime_error"


def failure_taxonomy(rows: Iterable[dict[str, Any]], top: int = 5) -> dict[str, dict[str, Any]]:
    """Per bucket: count, share of the rows, counts by reason code, and the most frequent messages."""
    rows = list(rows)
    found: dict[str, dict[str, Any]] = {}
    for r in rows:
        bucket = failure_bucket(r)
        if bucket is None:
            continue
        res = _result(r)
        entry = found.setdefault(bucket, {"count": 0, "codes": Counter(), "messages": Counter()})
        entry["count"] += 1
        entry["codes"].update(res.get("reason_codes") or [str(r["status"])])
        reasons = res.get("reasons") or []
        entry["messages"][normalize_message(reasons[0]) if reasons else str(r["status"])] += 1
    out = {}
    for bucket, about in BUCKETS.items():
        if bucket not in found:
            continue
        e = found[bucket]
        out[bucket] = {
            "about": about,
            "count": e["count"],
            "share": e["count"] / len(rows),
            "codes": dict(e["codes"].most_common()),
            "messages": [{"message": m, "count": c} for m, c in e["messages"].most_common(top)],
        }
    return out


# ---- runs ------------------------------------------------------------------------------------------


@dataclass
class RunData:
    """One stored run, read once: settings, tasks, every evaluation row (with task metadata) and usage."""

    run_id: str
    settings: RunSettings
    status: str
    tasks: dict[str, Task]
    rows: list[dict[str, Any]]
    usage: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def track(self) -> str:
        return "pytorch_allowed" if self.settings.allow_torch else "kernels_only"

    @property
    def device(self) -> str:
        """The most common device of the run's evaluations ('' when nothing was evaluated)."""
        devices = Counter(_result(r).get("device") or "" for r in self.rows)
        devices.pop("", None)
        return devices.most_common(1)[0][0] if devices else ""

    @property
    def task_set(self) -> str:
        return task_set_hash(self.tasks.values())

    def headline(self) -> list[dict[str, Any]]:
        """One row per (task, sample): its best turn."""
        from .run import best_of_turns

        return best_of_turns(self.rows)


def task_set_hash(tasks: Iterable[Task]) -> str:
    """A short hash of the sorted (task id, content hash) pairs: runs with equal hashes ran the same tasks."""
    pairs = sorted((t.id, t.content_hash) for t in tasks)
    return hashlib.sha256(json.dumps(pairs).encode()).hexdigest()[:12]


def load_run(store: Any, run_id: str) -> RunData:
    """Read one run from the store (a UsageError names an unknown run)."""
    settings = store.run_settings(run_id)
    tasks = {t.id: t for t, _ in store.run_tasks(run_id)}
    rows = []
    for r in store.evaluations(run_id):
        row = dict(r)
        _result(row)
        task = tasks.get(row["task_id"])
        row["category"] = task.category if task else "unknown"
        row["level"] = task.level if task else None
        row["backend"] = settings.backend
        row["run_id"] = run_id
        rows.append(row)
    status = next((r["status"] for r in store.runs() if r["run_id"] == run_id), "unknown")
    return RunData(run_id, settings, status, tasks, rows, store.usage(run_id))


def breakdown(rows: list[dict[str, Any]], key: str, tasks: dict[str, Task] | None = None) -> dict[str, dict[str, Any]]:
    """compute() per value of ``key`` (category, level, backend)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(str(r.get(key)), []).append(r)
    return {name: compute(group, tasks) for name, group in sorted(groups.items())}


def run_metrics(data: RunData) -> dict[str, Any]:
    """Every metric of one run: overall (best of turns), with CIs, per category/level/backend, the per-turn
    curve, the failure taxonomy (over every evaluation, all turns) and the tokens and cost."""
    s = data.settings
    head = data.headline()
    return {
        "run_id": data.run_id,
        "model": s.model,
        "backend": s.backend,
        "strategy": s.strategy,
        "turns": s.turns,
        "track": data.track,
        "shapes": s.shapes,
        "device": data.device,
        "task_set": data.task_set,
        "status": data.status,
        "n_tasks_in_run": len(data.tasks),
        "overall": compute(head, data.tasks),
        "ci": bootstrap_ci(head),
        "by_category": breakdown(head, "category", data.tasks),
        "by_level": breakdown(head, "level", data.tasks),
        "by_backend": breakdown(head, "backend", data.tasks),
        "per_turn": per_turn_curve(data.rows, s.turns) if s.turns > 1 else [],
        "taxonomy": failure_taxonomy(data.rows),
        "usage": data.usage,
    }

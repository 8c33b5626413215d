"""The leaderboard: one row per (model, backend, strategy, turns, track, task set, shapes, device).

Runs with the same key are pooled (their best-of-turns samples are added up per task). Rows are ranked
only against rows of the same task set: a different task set is a different exam. Within a task set,
rows are sorted by fast_1 (None, i.e. never timed on a device, last), then by pass@1.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from .metrics import P_VALUES, RunData, bootstrap_ci, compute, p_label
from .schema import Task

KEY_FIELDS = ("model", "backend", "strategy", "turns", "track", "task_set", "shapes", "device")
FORMATS = ("md", "csv", "json", "html")


@dataclass
class Entry:
    """One leaderboard row: the pooled runs behind it and their headline rows (one per task and sample)."""

    key: dict[str, Any]
    runs: list[RunData]
    rows: list[dict[str, Any]] = field(default_factory=list)
    tasks: dict[str, Task] = field(default_factory=dict)
    row: dict[str, Any] = field(default_factory=dict)


def _key(data: RunData) -> dict[str, Any]:
    s = data.settings
    return {
        "model": s.model,
        "backend": s.backend,
        "strategy": s.strategy,
        "turns": s.turns,
        "track": data.track,
        "task_set": data.task_set,
        "shapes": s.shapes,
        "device": data.device or "unknown",
    }


def _usage(runs: list[RunData]) -> dict[str, Any]:
    total: dict[str, Any] = {"input_tokens": 0, "output_tokens": 0, "cost_usd": 0.0}
    for d in runs:
        total["input_tokens"] += int(d.usage.get("input_tokens") or 0)
        total["output_tokens"] += int(d.usage.get("output_tokens") or 0)
        cost = d.usage.get("cost_usd")
        total["cost_usd"] = None if cost is None or total["cost_usd"] is None else total["cost_usd"] + float(cost)
    return total


def _sort_key(row: dict[str, Any]) -> tuple:
    fast = row.get("fast_1")
    return (fast is None, -(fast or 0.0), -(row.get("pass@1") or 0.0), row["model"])


def build(datas: list[RunData]) -> list[Entry]:
    """Leaderboard entries, grouped by task set (the largest group first), ranked within each group."""
    entries: dict[tuple, Entry] = {}
    for data in datas:
        key = _key(data)
        entry = entries.setdefault(tuple(key[f] for f in KEY_FIELDS), Entry(key=key, runs=[]))
        entry.runs.append(data)
        entry.rows.extend(data.headline())
        entry.tasks.update(data.tasks)
    for entry in entries.values():
        entry.row = _row(entry)
    groups: dict[str, list[Entry]] = {}
    for entry in entries.values():
        groups.setdefault(entry.key["task_set"], []).append(entry)
    ordered: list[Entry] = []
    for _, group in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        group.sort(key=lambda e: _sort_key(e.row))
        for rank, entry in enumerate(group, 1):
            entry.row["rank"] = rank
        ordered.extend(group)
    return ordered


def _row(entry: Entry) -> dict[str, Any]:
    m = compute(entry.rows, entry.tasks)
    ci = bootstrap_ci(entry.rows)
    row: dict[str, Any] = {
        "rank": None,
        **entry.key,
        "runs": [d.run_id for d in entry.runs],
        "n_tasks": m["n_tasks"],
        "n_tasks_in_set": len(entry.tasks),
        "samples": m["samples_per_task"],
        "n_samples": m["n_samples"],
    }
    for k in m["ks"]:
        row[f"compile@{k}"] = m[f"compile@{k}"]
    for k in m["ks"]:
        row[f"pass@{k}"] = m[f"pass@{k}"]
    row["pass@1_ci"] = ci["pass@1"]
    for p in P_VALUES:
        row[f"fast_{p_label(p)}"] = m[f"fast_{p_label(p)}"]
    row["fast_1_ci"] = ci["fast_1"]
    for k in m["ks"][1:]:
        row[f"fast_1@{k}"] = m[f"fast_1@{k}"]
    row.update(
        {
            "geomean_speedup": m["geomean_speedup"],
            "geomean_speedup_compile": m["geomean_speedup_compile"],
            "roofline_fraction": m["roofline_fraction"],
            "correct": m["correct"],
            "rejected": m["rejected"],
            "unverified": m["unverified"],
            "counts": m["counts"],
            **_usage(entry.runs),
            "by_category": _by_category(entry.rows),
        }
    )
    return row


def _by_category(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(str(r.get("category") or "unknown"), []).append(r)
    out = {}
    for name, group in sorted(groups.items()):
        m = compute(group)
        out[name] = {"n_tasks": m["n_tasks"], "n_samples": m["n_samples"], "pass@1": m["pass@1"], "fast_1": m["fast_1"]}
    return out


def task_sets(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """The entries per task set, in leaderboard order."""
    out: dict[str, list[Entry]] = {}
    for e in entries:
        out.setdefault(e.key["task_set"], []).append(e)
    return list(out.items())


# ---- formats ---------------------------------------------------------------------------------------


def fmt(value: Any, spec: str = ".3f", suffix: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:{spec}}{suffix}"
    return f"{value}{suffix}"


def fmt_ci(value: Any, ci: list[float] | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" + (f" [{ci[0]:.2f}, {ci[1]:.2f}]" if ci else "")


def cost_text(row: dict[str, Any]) -> str:
    return "unknown" if row["cost_usd"] is None else f"${row['cost_usd']:.2f}"


def _ks(group: list[Entry]) -> list[int]:
    return sorted({int(k.split("@")[1]) for e in group for k in e.row if k.startswith("pass@") and "_" not in k})


def table_columns(group: list[Entry]) -> list[tuple[str, Any]]:
    """(header, row -> text) of the human-readable tables (markdown and HTML)."""
    cols: list[tuple[str, Any]] = [
        ("rank", lambda r: str(r["rank"])),
        ("model", lambda r: r["model"]),
        ("backend", lambda r: r["backend"]),
        ("strategy", lambda r: r["strategy"] + (f" x{r['turns']} turns" if r["turns"] > 1 else "")),
        ("track", lambda r: r["track"]),
        ("shapes", lambda r: r["shapes"]),
        ("device", lambda r: r["device"]),
        ("runs", lambda r: str(len(r["runs"]))),
        ("tasks x samples", lambda r: f"{r['n_tasks']} x {r['samples']}"),
        ("compile@1", lambda r: fmt(r.get("compile@1"))),
        ("pass@1 [95% CI]", lambda r: fmt_ci(r.get("pass@1"), r.get("pass@1_ci"))),
    ]
    for k in _ks(group)[1:]:
        cols.append((f"pass@{k}", lambda r, k=k: fmt(r.get(f"pass@{k}"))))
    cols += [
        ("fast_1 [95% CI]", lambda r: fmt_ci(r.get("fast_1"), r.get("fast_1_ci"))),
        ("fast_0", lambda r: fmt(r.get("fast_0"))),
        ("fast_1.5", lambda r: fmt(r.get("fast_1.5"))),
        ("fast_2", lambda r: fmt(r.get("fast_2"))),
        ("geomean speedup", lambda r: fmt(r["geomean_speedup"], ".2f", "x")),
        ("vs torch.compile", lambda r: fmt(r["geomean_speedup_compile"], ".2f", "x")),
        ("roofline", lambda r: fmt(r["roofline_fraction"], ".1%")),
        ("rejected", lambda r: str(r["rejected"])),
        ("unverified", lambda r: str(r["unverified"])),
        ("tokens in/out", lambda r: f"{r['input_tokens']}/{r['output_tokens']}"),
        ("cost", cost_text),
    ]
    return cols


def set_description(group: list[Entry]) -> str:
    tasks = group[0].tasks
    cats = sorted({t.category for t in tasks.values()})
    return f"{len(tasks)} tasks; categories: {', '.join(cats) or '-'}"


def to_markdown(entries: list[Entry]) -> str:
    if not entries:
        return "# kbench leaderboard\n\nNo runs in the results store.\n"
    lines = [
        "# kbench leaderboard",
        "",
        "Sorted by fast_1 (share of samples correct and faster than eager PyTorch on the device), then pass@1. "
        "Rows are ranked only against rows of the same task set; each task set has its own table.",
    ]
    for task_set, group in task_sets(entries):
        cols = table_columns(group)
        lines += ["", f"## Task set `{task_set}` ({set_description(group)})", ""]
        lines.append("| " + " | ".join(h for h, _ in cols) + " |")
        lines.append("|" + "|".join("---" for _ in cols) + "|")
        for e in group:
            cells = [str(get(e.row)).replace("|", "\\|").replace("\n", " ") for _, get in cols]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


CSV_SKIP = ("by_category", "counts", "runs", "pass@1_ci", "fast_1_ci")


def to_csv(entries: list[Entry]) -> str:
    rows = [_flat(e.row) for e in entries]
    names: list[str] = []
    for r in rows:
        names += [k for k in r if k not in names]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: "" if v is None else v for k, v in r.items()})
    return buf.getvalue()


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in row.items() if k not in CSV_SKIP}
    out["runs"] = " ".join(row["runs"])
    for name in ("pass@1", "fast_1"):
        ci = row.get(f"{name}_ci")
        out[f"{name}_ci_lo"], out[f"{name}_ci_hi"] = (ci[0], ci[1]) if ci else (None, None)
    return out


def to_json(entries: list[Entry]) -> str:
    return json.dumps([e.row for e in entries], indent=2, default=str) + "\n"

"""CI regression on kernel correctness: ``kbench export-kernels`` and ``kbench verify``.

A *kernels folder* holds plain, reviewable kernel files (each one a candidate module defining ``ModelNew``,
verbatim) and a manifest, ``kbench-kernels.json``, saying which task each kernel answers and what verdict
and speed were recorded for it. ``kbench verify DIR --backend B`` re-evaluates every kernel of backend B
against its task with the full evaluator (fresh worker process, correctness trials, anti-cheat, timing) and
says which ones regressed. Teams can write the manifest by hand for kernels they wrote themselves; the
schema is in docs/ci.md and :data:`MANIFEST_SCHEMA`.

Outcomes per kernel: ``passed``; ``regressed`` (any verdict other than ``correct``, or slower than recorded
beyond ``--perf-tolerance``); ``unverified`` (compiled only: no device here); ``task_changed`` (the task's
content hash differs from the recorded one: the kernel is still evaluated against the current task, but the
change is reported, never silently re-baselined); ``task_missing`` and ``kernel_missing`` (a file or task
that no longer exists). Exit codes (ARCHITECTURE.md): 0 all passed, 1 any failure, 3 no failure but some
kernels unverified and ``--allow-unverified`` not given.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .errors import UsageError
from .schema import Evaluation, Status, Task

MANIFEST = "kbench-kernels.json"
FORMAT = "kbench-kernels"
VERSION = 1
#: outcomes that make `kbench verify` exit 1
FAILURES = ("regressed", "task_changed", "task_missing", "kernel_missing")

#: The manifest's JSON schema (draft 2020-12), also printed in docs/ci.md.
MANIFEST_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "kbench kernels manifest",
    "type": "object",
    "required": ["format", "version", "kernels"],
    "properties": {
        "format": {"const": FORMAT},
        "version": {"const": VERSION},
        "created_by": {"type": "string"},
        "run_id": {"type": ["string", "null"]},
        "model": {"type": ["string", "null"]},
        "kernels": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["file", "backend", "task"],
                "properties": {
                    "file": {"type": "string", "description": "kernel file, relative to the folder"},
                    "sha256": {"type": "string", "description": "of the file when it was exported (informative)"},
                    "backend": {"enum": ["cpu", "cuda", "triton", "pallas", "ascend"]},
                    "task": {
                        "type": "object",
                        "required": ["id"],
                        "properties": {
                            "id": {"type": "string", "description": "catalog task id (or id in --tasks-dir)"},
                            "reference": {
                                "type": "string",
                                "description": "a KernelBench-format reference file, relative to the folder; "
                                "when given, it is the task (the catalog is not consulted)",
                            },
                            "content_hash": {
                                "type": "string",
                                "description": "sha256 of the task file the kernel was verified against; a "
                                "different hash now is reported as task_changed",
                            },
                        },
                    },
                    "shapes": {"enum": ["tiny", "small", "large"]},
                    "track": {"enum": ["kernels_only", "pytorch_allowed"]},
                    "verdict": {"type": "string"},
                    "timing": {"enum": ["device", "interpreted", "none"]},
                    "speedup": {"type": ["number", "null"]},
                    "candidate_ms": {"type": ["number", "null"]},
                    "baseline_ms": {"type": ["number", "null"]},
                    "device": {"type": ["string", "null"]},
                    "sample": {"type": "integer"},
                    "turn": {"type": "integer"},
                },
            },
        },
    },
}


# ---- export ------------------------------------------------------------------------------------------
def _safe_parts(task_id: str) -> list[str]:
    """Path components for a task id: letters, digits, '.', '_' and '-' only; never '..' or empty."""
    parts = [re.sub(r"[^A-Za-z0-9._-]", "_", p) for p in task_id.split("/") if p not in ("", ".", "..")]
    return [p.lstrip(".") or "_" for p in parts] or ["task"]


def export_kernels(
    store: Any, run_id: str, out: Path, *, include_unverified: bool = False, force: bool = False
) -> dict[str, Any]:
    """Write every correct kernel of ``run_id`` (best turn per sample) and a manifest into ``out``."""
    from .run import best_of_turns

    settings = store.run_settings(run_id)  # UsageError for an unknown run
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise UsageError(f"--out {out}: folder is not empty (use --force to replace its manifest and kernels)")
    wanted = {Status.correct.value} | ({Status.unverified.value} if include_unverified else set())
    tasks = {t.id: (t, src) for t, src in store.run_tasks(run_id)}
    best = best_of_turns(store.evaluations(run_id))
    rows = [r for r in best if r["status"] in wanted]
    rows.sort(key=lambda r: (r["task_id"], r["sample"]))
    out.mkdir(parents=True, exist_ok=True)
    entries = []
    for r in rows:
        task, source = tasks[r["task_id"]]
        gen = store.generation(run_id, r["task_id"], r["sample"], r["turn"])
        if gen is None or gen.kernel is None:
            continue
        res = json.loads(r["result"])
        parts = _safe_parts(task.id)
        rel = Path("kernels", *parts[:-1], f"{parts[-1]}.s{r['sample']}.py")
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(gen.kernel, encoding="utf-8")
        task_entry: dict[str, Any] = {"id": task.id, "content_hash": task.content_hash}
        if not task.catalog:  # a --tasks-dir or --reference task: the reference file travels with the kernel
            ref = Path("references", *parts[:-1], f"{parts[-1]}.py")
            (out / ref).parent.mkdir(parents=True, exist_ok=True)
            (out / ref).write_text(source, encoding="utf-8")
            task_entry["reference"] = ref.as_posix()
        entries.append(
            {
                "file": rel.as_posix(),
                "sha256": hashlib.sha256(gen.kernel.encode()).hexdigest(),
                "backend": settings.backend,
                "task": task_entry,
                "category": task.category,
                "shapes": res.get("shapes") or settings.shapes,
                "track": res.get("track", "kernels_only"),
                "verdict": r["status"],
                "timing": r["timing"],
                "speedup": r["speedup"],
                "candidate_ms": r["candidate_ms"],
                "baseline_ms": r["baseline_ms"],
                "device": res.get("device"),
                "sample": r["sample"],
                "turn": r["turn"],
            }
        )
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_by": f"kbench {__version__}",
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "run_id": run_id,
        "model": settings.model,
        "kernels": entries,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    status = next((r["status"] for r in store.runs() if r["run_id"] == run_id), "unknown")
    return {
        "run_id": run_id,
        "out": str(out),
        "kernels": len(entries),
        "run_status": status,
        "skipped_not_correct": len(best) - len(rows),
    }


# ---- manifest ----------------------------------------------------------------------------------------
def load_manifest(folder: Path) -> dict[str, Any]:
    """The folder's manifest, checked against the schema's essentials (UsageError naming the problem)."""
    path = Path(folder) / MANIFEST
    if not Path(folder).is_dir():
        raise UsageError(f"{folder}: not a folder")
    if not path.is_file():
        raise UsageError(f"{folder}: no {MANIFEST} (export one with `kbench export-kernels`, or write it: docs/ci.md)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}: not valid JSON: {exc}") from None
    where = str(path)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UsageError(f"{where}: 'format' must be \"{FORMAT}\"")
    if data.get("version") != VERSION:
        raise UsageError(f"{where}: 'version' {data.get('version')!r} is not supported (this kbench reads {VERSION})")
    kernels = data.get("kernels")
    if not isinstance(kernels, list):
        raise UsageError(f"{where}: 'kernels' must be a list")
    for i, k in enumerate(kernels):
        if not isinstance(k, dict):
            raise UsageError(f"{where}: kernels[{i}] must be an object")
        for key in ("file", "backend", "task"):
            if key not in k:
                raise UsageError(f"{where}: kernels[{i}] lacks '{key}'")
        if not isinstance(k["task"], dict) or not isinstance(k["task"].get("id"), str):
            raise UsageError(f"{where}: kernels[{i}].task needs a string 'id'")
        for key in ("file", "reference"):
            value = k.get(key) if key == "file" else k["task"].get(key)
            bad = not isinstance(value, str) or Path(value).is_absolute() or ".." in Path(value).parts
            if value is not None and bad:
                raise UsageError(f"{where}: kernels[{i}] {key} {value!r} must be a relative path inside the folder")
        if k.get("shapes") is not None and k["shapes"] not in ("tiny", "small", "large"):
            raise UsageError(f"{where}: kernels[{i}].shapes must be tiny, small or large")
        if k.get("track", "kernels_only") not in ("kernels_only", "pytorch_allowed"):
            raise UsageError(f"{where}: kernels[{i}].track must be kernels_only or pytorch_allowed")
    return data


# ---- verify ------------------------------------------------------------------------------------------
@dataclass
class Outcome:
    """The verify result of one kernel."""

    file: str
    task_id: str
    category: str
    outcome: str  # passed | regressed | unverified | task_changed | task_missing | kernel_missing | skipped
    message: str
    status: str | None = None
    recorded: dict[str, Any] = field(default_factory=dict)
    evaluation: Evaluation | None = None
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        ev = self.evaluation
        return {
            "file": self.file,
            "task_id": self.task_id,
            "outcome": self.outcome,
            "message": self.message,
            "status": self.status,
            "compiled": ev.compiled if ev else None,
            "timing": ev.timing if ev else None,
            "shapes": ev.shapes if ev else None,
            "speedup": ev.speedup if ev else None,
            "recorded_speedup": self.recorded.get("speedup"),
            "candidate_ms": ev.candidate_ms if ev else None,
            "recorded_candidate_ms": self.recorded.get("candidate_ms"),
            "reason_codes": ev.reason_codes if ev else [],
            "reasons": ev.reasons if ev else [],
            "notes": self.notes,
            "seconds": round(self.seconds, 3),
        }


def parse_tolerance(text: str | None) -> float | None:
    """``0.1`` or ``10%`` -> 0.1; None stays None."""
    if text is None:
        return None
    raw = text.strip()
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise UsageError(f"--perf-tolerance takes a fraction (0.1) or a percentage (10%), not '{text}'") from None
    if not 0 <= value < 1:
        raise UsageError(f"--perf-tolerance must be at least 0 and below 1 (100%), not {text}")
    return value


def _perf_regression(entry: dict[str, Any], ev: Evaluation, tol: float, notes: list[str]) -> str | None:
    """Why ``ev`` is slower than recorded beyond ``tol``, or None. Raw times only on the same device."""
    problems = []
    old, new = entry.get("speedup"), ev.speedup
    if old is None:
        notes.append("no recorded speedup: speed not compared")
    elif new is None:
        note = ev.env.get("timing_note") or f"timing {ev.timing}"
        notes.append(f"speedup not measured here ({note}): speed not compared")
    elif new < old * (1 - tol):
        problems.append(f"speedup {new:.3f}x is below the recorded {old:.3f}x by more than {tol:.0%}")
    old_ms, new_ms = entry.get("candidate_ms"), ev.candidate_ms
    if entry.get("device") and entry.get("device") == ev.device and ev.timing == "device":
        if old_ms and new_ms and new_ms > old_ms * (1 + tol):
            problems.append(f"kernel time {new_ms:.4f} ms exceeds the recorded {old_ms:.4f} ms by more than {tol:.0%}")
    elif old_ms is not None:
        notes.append(f"recorded on '{entry.get('device')}', now '{ev.device}': raw times not compared")
    return "; ".join(problems) or None


def verify(
    folder: Path,
    backend_name: str,
    options: Any,
    *,
    workers: int = 2,
    perf_tolerance: float | None = None,
    tasks_dir: Path | None = None,
    shapes: str | None = None,
    advance: Any = None,
    manifest: dict[str, Any] | None = None,
) -> list[Outcome]:
    """Re-evaluate every kernel of ``backend_name`` in ``folder``; one Outcome per manifest entry.

    ``manifest``: the folder's manifest when the caller has already loaded it (read once, not twice)."""
    import backends

    from . import tasks as T
    from .evaluate import EvalOptions, Evaluator

    folder = Path(folder)
    data = manifest if manifest is not None else load_manifest(folder)
    entries = data["kernels"]
    mine = [k for k in entries if k["backend"] == backend_name]
    if not mine:
        found = sorted({k["backend"] for k in entries}) or ["none"]
        raise UsageError(f"{folder}: no kernels for backend '{backend_name}' (the manifest has: {', '.join(found)})")
    pool_tasks = T.discover(tasks_dir) if tasks_dir else T.catalog()
    by_id = {t.id: t for t in pool_tasks}
    be = backends.get(backend_name)
    outcomes: list[Outcome] = []
    jobs: list[tuple[Outcome, Task, str, dict[str, Any]]] = []
    for k in entries:
        tid = k["task"]["id"]
        out = Outcome(file=k["file"], task_id=tid, category=str(k.get("category") or ""), outcome="", message="")
        out.recorded = {key: k.get(key) for key in ("verdict", "speedup", "candidate_ms", "device", "timing")}
        outcomes.append(out)
        if k["backend"] != backend_name:
            out.outcome, out.message = "skipped", f"a {k['backend']} kernel: verify it with --backend {k['backend']}"
            continue
        kernel_path = folder / k["file"]
        if not kernel_path.is_file():
            out.outcome, out.message = "kernel_missing", f"kernel file {k['file']} does not exist"
            continue
        source = kernel_path.read_text(encoding="utf-8")
        if k.get("sha256") and hashlib.sha256(source.encode()).hexdigest() != k["sha256"]:
            out.notes.append("the kernel file differs from the one exported (edited since): verifying it as it is now")
        task: Task | None
        if k["task"].get("reference"):
            ref = folder / k["task"]["reference"]
            if not ref.is_file():
                out.outcome, out.message = "task_missing", f"reference file {k['task']['reference']} does not exist"
                continue
            try:
                task = T.task_from_file(ref).model_copy(update={"id": tid})
            except Exception as exc:
                out.outcome, out.message = "task_missing", f"reference {k['task']['reference']} cannot load: {exc}"
                continue
        else:
            task = by_id.get(tid)
            if task is None:
                where = f"--tasks-dir {tasks_dir}" if tasks_dir else "the catalog"
                out.outcome, out.message = "task_missing", f"task '{tid}' is not in {where}"
                continue
        out.category = out.category or task.category
        recorded_hash = k["task"].get("content_hash")
        if recorded_hash and recorded_hash != task.content_hash:
            out.notes.append(
                f"task '{tid}' changed since the kernel was recorded (content hash {recorded_hash[:12]} -> "
                f"{task.content_hash[:12]}); re-export or update the manifest to re-baseline"
            )
            out.outcome = "task_changed"
        jobs.append((out, task, source, k))

    def shapes_for(k: dict[str, Any]) -> str:
        return shapes or k.get("shapes") or be.default_shapes

    groups: dict[tuple[str, bool], list[tuple[Outcome, Task, str, dict[str, Any]]]] = {}
    for job in jobs:
        groups.setdefault((shapes_for(job[3]), job[3].get("track") == "pytorch_allowed"), []).append(job)
    for (shape_set, allow_torch), group in groups.items():
        opts: EvalOptions = dataclasses.replace(options, shapes=shape_set, allow_torch=allow_torch)
        with Evaluator(be, opts) as evaluator, ThreadPoolExecutor(max(1, workers)) as pool:

            def one(job: tuple[Outcome, Task, str, dict[str, Any]], ev_: Evaluator = evaluator) -> None:
                out, task, source, k = job
                start = time.monotonic()
                ev = ev_.evaluate(task, source)
                out.seconds = time.monotonic() - start
                _judge(out, ev, k, perf_tolerance)
                if advance is not None:
                    advance(f"{out.task_id}: {out.outcome}")

            for fut in [pool.submit(one, job) for job in group]:
                fut.result()
    return outcomes


def _judge(out: Outcome, ev: Evaluation, entry: dict[str, Any], tol: float | None) -> None:
    out.evaluation, out.status = ev, ev.status.value
    first = f": {ev.reasons[0]}" if ev.reasons else ""
    changed = out.outcome == "task_changed"
    if ev.status is Status.correct:
        slow = _perf_regression(entry, ev, tol, out.notes) if tol is not None else None
        if slow:
            out.outcome, out.message = "regressed", f"correct but slower: {slow}"
        else:
            speed = f", speedup {ev.speedup:.3f}x" if ev.speedup is not None else f", timing {ev.timing}"
            out.outcome, out.message = "passed", f"correct{speed}"
    elif ev.status is Status.unverified:
        out.outcome, out.message = "unverified", f"compiled, not run (no device here){first}"
    else:
        codes = f" [{', '.join(ev.reason_codes)}]" if ev.reason_codes else ""
        out.outcome, out.message = "regressed", f"{ev.status.value}{codes}{first}"
    if changed:
        out.message = f"{out.notes[0]}; against the current task: {out.message}"
        out.outcome = "task_changed"


def exit_code(outcomes: list[Outcome], allow_unverified: bool) -> int:
    if any(o.outcome in FAILURES for o in outcomes):
        return 1
    if not allow_unverified and any(o.outcome == "unverified" for o in outcomes):
        return 3
    return 0


def counts(outcomes: list[Outcome]) -> dict[str, int]:
    out: dict[str, int] = {}
    for o in outcomes:
        out[o.outcome] = out.get(o.outcome, 0) + 1
    return dict(sorted(out.items()))


def junit_xml(outcomes: list[Outcome], backend: str, allow_unverified: bool) -> str:
    """A JUnit XML report: one testcase per kernel; failures carry the reason, unverified ones are skipped."""
    failures = sum(1 for o in outcomes if o.outcome in FAILURES)
    skipped = sum(1 for o in outcomes if o.outcome in ("unverified", "skipped"))
    total_time = sum(o.seconds for o in outcomes)
    suites = ET.Element("testsuites", name="kbench verify", tests=str(len(outcomes)), failures=str(failures))
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=f"kbench verify --backend {backend}",
        tests=str(len(outcomes)),
        failures=str(failures),
        errors="0",
        skipped=str(skipped),
        time=f"{total_time:.3f}",
    )
    for o in outcomes:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"kbench.{backend}.{o.category or 'task'}",
            name=f"{o.task_id} ({o.file})",
            file=o.file,
            time=f"{o.seconds:.3f}",
        )
        if o.outcome in FAILURES:
            node = ET.SubElement(case, "failure", message=o.message[:500], type=o.outcome)
            ev = o.evaluation
            lines = [f"{o.file}: {o.outcome}: {o.message}"]
            if ev is not None:
                lines += [f"{c}: {r}" for c, r in zip(ev.reason_codes, ev.reasons, strict=False)]
                if ev.log_tail:
                    lines += ["--- log tail ---", ev.log_tail[-3000:]]
            node.text = _xml_safe("\n".join(lines))
        elif o.outcome == "unverified":
            note = " (allowed by --allow-unverified)" if allow_unverified else ""
            ET.SubElement(case, "skipped", message=_xml_safe(o.message[:500] + note))
        elif o.outcome == "skipped":
            ET.SubElement(case, "skipped", message=_xml_safe(o.message))
        if o.notes:
            ET.SubElement(case, "system-out").text = _xml_safe("\n".join(o.notes))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot carry most control characters (a hostile kernel's log can hold anything)."""
    return re.sub(r"[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "?", text)

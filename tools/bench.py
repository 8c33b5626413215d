"""`make bench`: measure kbench itself and write results/bench.json.

Figures (each printed with its target, PASS or FAIL; the exit status is 1 when a target is missed):

- ``cold_s`` / ``warm_s``: `kbench run --model golden --backend cpu --suite smoke` with an empty kbench cache
  (a fresh $KBENCH_CACHE: builds, roofline peaks), then again with that cache warm. The warm run is a new run:
  every candidate is evaluated again in a fresh worker; only build artefacts are reused. Target: cold_s >=
  5 x warm_s. Both use --compile-baseline off (torch.compile's baseline is not the harness) and --workers 1
  (one candidate at a time, so that an evaluation's time splits into the parts below with no waits).
- ``overhead_ms_per_eval``: the mean, over the warm run's evaluations, of what is left of an evaluation's wall
  time (``elapsed_s``) once its build (``build_s``, ~0 when cached) and its timing are taken out; the timing is
  the timed repetitions recorded with the result (reps x mean, eager baseline and candidate) plus the four
  warm-ups (baseline and candidate, two measurements each). What is left: forking the worker from its zygote
  (a new zygote, with its torch import, only for the first evaluation), the reference (once per task),
  correctness trials (kernels on small inputs), drawing fresh inputs for timed calls, comparing outputs, and
  the channel.
- ``timing_cv``: the coefficient of variation (stdev / mean) of the speedup of one golden kernel over 5
  separate `kbench eval` calls. Target <= 0.03.
- ``gen_concurrency_efficiency``: N requests to tests/llm_server.py's scripted server, each answered after L
  seconds, through the real openai provider and kbench's Generator at concurrency C: (N * L / C) / measured.
  Target >= 0.8.
- ``ray_speedup_2w``: throughput of 2 Ray actors over 1 on N distinct C++ kernels that were never built
  before (each needs a fresh build), correctness only. Target >= 1.6 (two cores or more).

``machine.cpu_steal_share`` records, per part, the share of CPU time the hypervisor gave to other guests
(/proc/stat's steal): on a virtual machine, the noise no harness can remove.

Small sizes for a quick look: ``tools/bench.py --quick``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KBENCH = str(Path(sys.executable).parent / "kbench")
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the scripted LLM server

TARGETS = {
    "warm_speedup": (">=", 5.0),
    "timing_cv": ("<=", 0.03),
    "gen_concurrency_efficiency": (">=", 0.8),
    "ray_speedup_2w": (">=", 1.6),
}


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def kbench(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([KBENCH, *args], capture_output=True, text=True, env={**os.environ, **env}, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"kbench {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return proc


# ---- cold and warm ---------------------------------------------------------------------------------
def smoke_args(tasks: int | None) -> list[str]:
    from harness import tasks as T

    args = ["--suite", "smoke"]
    if tasks:
        chosen = T.select(T.catalog(), "smoke", None)[:tasks]
        args = [a for t in chosen for a in ("--task", t.id)]
    return args


def cold_warm(tmp: Path, tasks: int | None, workers: int) -> dict[str, Any]:
    cache = tmp / "cache"  # empty: nothing built, nothing measured
    env = {"KBENCH_CACHE": str(cache), "KBENCH_DB": str(tmp / "bench.db")}
    common = ["run", "--model", "golden", "--backend", "cpu", *smoke_args(tasks), "--compile-baseline", "off",
              "--workers", str(workers), "--json"]  # fmt: skip
    out: dict[str, Any] = {}
    for label in ("cold", "warm"):
        log(f"{label} run (KBENCH_CACHE={cache}) ...")
        t0 = time.monotonic()
        proc = kbench(*common, "--run-name", label, env=env)
        out[f"{label}_s"] = round(time.monotonic() - t0, 2)
        summary = json.loads(proc.stdout)
        out[f"{label}_counts"] = summary["counts"]
        log(f"{label}: {out[f'{label}_s']} s, {summary['counts']}")
    out["warm_speedup"] = round(out["cold_s"] / out["warm_s"], 2)
    out.update(overhead(tmp / "bench.db", "warm"))
    return out


def overhead(db: Path, run_id: str) -> dict[str, Any]:
    from harness.evaluate import EvalOptions

    warmups_s = 4 * EvalOptions().warmup_ms / 1000.0
    con = sqlite3.connect(db)
    try:
        rows = [json.loads(r[0]) for r in con.execute("SELECT result FROM evaluations WHERE run_id=?", (run_id,))]
    finally:
        con.close()
    parts = []
    for ev in rows:
        timed = 0.0
        for stats in (ev.get("baseline"), ev.get("candidate")):
            if stats:
                timed += stats["reps"] * stats["mean_ms"] / 1000.0 + warmups_s / 2
        parts.append({"elapsed_s": ev.get("elapsed_s") or 0.0, "build_s": ev.get("build_s") or 0.0, "timed_s": timed})
    left = [p["elapsed_s"] - p["build_s"] - p["timed_s"] for p in parts]
    return {
        "overhead_ms_per_eval": round(1000 * statistics.mean(left), 1) if left else None,
        "warm_eval_s_mean": round(statistics.mean(p["elapsed_s"] for p in parts), 3) if parts else None,
        "warm_build_s_mean": round(statistics.mean(p["build_s"] for p in parts), 3) if parts else None,
        "warm_timed_s_mean": round(statistics.mean(p["timed_s"] for p in parts), 3) if parts else None,
        # a noisy timing is measured twice (the whole worker again): its first attempt counts as overhead
        "warm_timing_retries": sum(1 for ev in rows if ev.get("env", {}).get("timing_retried")),
    }


# ---- timing stability ------------------------------------------------------------------------------
def timing_cv(tmp: Path, task_id: str, calls: int) -> dict[str, Any]:
    from harness import tasks as T

    task = T.find(task_id, T.catalog())
    candidate = ROOT / "prompts" / "golden" / "cpu" / f"{task.category}.py"
    speedups, medians = [], []
    for i in range(calls):
        proc = kbench("eval", "--backend", "cpu", "--task", task_id, "--candidate", str(candidate),
                      "--compile-baseline", "off", "--json", env={"KBENCH_DB": str(tmp / "eval.db")})  # fmt: skip
        ev = json.loads(proc.stdout)
        if ev["speedup"] is None:
            raise SystemExit(f"kbench eval of {candidate} gave no speedup: {ev['status']} {ev['reasons'][:2]}")
        speedups.append(ev["speedup"])
        medians.append((ev["baseline_ms"], ev["candidate_ms"]))
        log(
            f"eval {i + 1}/{calls}: speedup {ev['speedup']} (eager {ev['baseline_ms']}, kernel {ev['candidate_ms']} ms)"
        )
    mean = statistics.mean(speedups)
    return {
        "timing_cv": round(statistics.stdev(speedups) / mean, 4) if len(speedups) > 1 else None,
        "timing_task": task_id,
        "timing_speedups": speedups,
        "timing_ms": medians,
    }


# ---- generation concurrency ------------------------------------------------------------------------
def concurrency(n: int, latency: float, conc: int) -> dict[str, Any]:
    from llm_server import ScriptedLLM, fenced

    from harness import tasks as T
    from harness.generate import Generator
    from harness.providers import Message, Request, Sampling, get
    from harness.schema import RunSettings

    os.environ.setdefault("OPENAI_API_KEY", "bench-not-a-real-key")
    task = T.task_from_file(ROOT / "tests" / "tasks" / "ok" / "scale_add.py")

    def answer(api: str, body: dict[str, Any]) -> tuple[str, str | None]:
        time.sleep(latency)
        return fenced("class ModelNew:\n    pass"), None

    with ScriptedLLM(answer) as llm:
        base = llm.base_url + "/v1"
        settings = RunSettings(run_id="bench", model="openai/scripted", backend="cpu", base_url=base,
                               concurrency=conc, cache=False)  # fmt: skip
        provider = get(settings.model, base_url=base, concurrency=conc)
        gen = Generator(provider, settings, 0.0)
        requests = [
            Request(
                task=task,
                backend="cpu",
                messages=[Message(role="user", content=f"kernel {i}")],
                sample=i,
                sampling=Sampling(),
            )  # fmt: skip
            for i in range(n)
        ]

        async def go() -> float:
            try:
                await gen.generate(requests[0].model_copy(update={"sample": n}))  # connect once, untimed
                t0 = time.monotonic()
                outs = await asyncio.gather(*(gen.generate(r) for r in requests))
                elapsed = time.monotonic() - t0
                assert all(o is not None and o.kernel for o in outs)
                return elapsed
            finally:
                await provider.aclose()

        elapsed = asyncio.run(go())
        gen.close()
    ideal = n * latency / conc
    return {
        "gen_concurrency_efficiency": round(ideal / elapsed, 3),
        "gen_requests": n,
        "gen_latency_s": latency,
        "gen_concurrency": conc,
        "gen_measured_s": round(elapsed, 3),
    }


# ---- Ray -------------------------------------------------------------------------------------------
def distinct_kernels(n: int) -> list[str]:
    """``n`` variants of tests/candidates/honest_omp.py that no cache has seen (a unique constant in the C++)."""
    base = (ROOT / "tests" / "candidates" / "honest_omp.py").read_text()
    marker = "#include <ATen/core/Tensor.h>"
    assert marker in base, "tests/candidates/honest_omp.py changed: update tools/bench.py"
    nonce = secrets.token_hex(4)
    return [base.replace(marker, f"{marker}\nstatic const char* kbench_bench_{nonce}_{i} = \"{i}\";", 1)
            for i in range(n)]  # fmt: skip


def ray_speedup(n: int) -> dict[str, Any]:
    import ray

    from harness import tasks as T
    from harness.evaluate import EvalOptions
    from harness.executors import RayExecutor

    task = T.task_from_file(ROOT / "tests" / "tasks" / "ok" / "scale_add.py")
    warm = (ROOT / "tests" / "candidates" / "honest_omp.py").read_text()
    options = EvalOptions(trials=1, time=False, compile_baseline=False, roofline=False)
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(address="local", num_cpus=max(2, os.cpu_count() or 1), include_dashboard=False, log_to_driver=False,
             logging_level="ERROR", _node_ip_address="127.0.0.1")  # fmt: skip
    seconds: dict[int, float] = {}
    try:
        for workers in (1, 2):
            executor = RayExecutor("cpu", options, workers)
            try:

                async def batch(sources: list[str], ex: RayExecutor = executor) -> list[Any]:
                    return await asyncio.gather(*(ex.evaluate(task, s) for s in sources))

                # every actor started, its reference computed, the honest kernel built: untimed
                asyncio.run(batch([warm] * workers))
                sources = distinct_kernels(n)
                t0 = time.monotonic()
                results = asyncio.run(batch(sources))
                seconds[workers] = time.monotonic() - t0
                statuses = {r.status.value for r in results}
                if statuses != {"correct"}:
                    raise SystemExit(f"ray benchmark: the kernels were not all correct: {statuses}")
                log(f"ray, {workers} worker(s): {n} fresh builds in {seconds[workers]:.1f} s")
            finally:
                executor.close()
    finally:
        ray.shutdown()
    return {
        "ray_speedup_2w": round(seconds[1] / seconds[2], 3),
        "ray_kernels": n,
        "ray_1w_s": round(seconds[1], 2),
        "ray_2w_s": round(seconds[2], 2),
    }


# ---- the machine ------------------------------------------------------------------------------------
def _cpu_jiffies() -> tuple[int, int] | None:
    """(steal, total) CPU time of the machine so far, from /proc/stat (Linux)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return None
    return (fields[7] if len(fields) > 7 else 0), sum(fields[:8])


class Steal:
    """The share of CPU time the hypervisor gave to other guests while a part ran (a virtual machine's noise)."""

    def __init__(self) -> None:
        self.parts: dict[str, float | None] = {}

    def measure(self, name: str, fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
        before = _cpu_jiffies()
        try:
            return fn(*args)
        finally:
            after = _cpu_jiffies()
            if before and after and after[1] > before[1]:
                self.parts[name] = round((after[0] - before[0]) / (after[1] - before[1]), 4)


# ---- report ----------------------------------------------------------------------------------------
def verdicts(figures: dict[str, Any]) -> list[tuple[str, Any, str, bool | None]]:
    rows = []
    for name, (op, target) in TARGETS.items():
        value = figures.get(name)
        ok = None if value is None else (value >= target if op == ">=" else value <= target)
        rows.append((name, value, f"{op} {target}", ok))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "results" / "bench.json")
    ap.add_argument("--quick", action="store_true", help="small sizes: 3 smoke tasks, 3 evals, 2 Ray kernels")
    ap.add_argument("--smoke-tasks", type=int, default=None, help="only the first N smoke tasks (default: all)")
    ap.add_argument("--workers", type=int, default=1, help="--workers of the cold and warm runs (default: 1)")
    ap.add_argument("--timing-task", default="convolution/conv2d_depthwise_3x3")
    ap.add_argument("--timing-calls", type=int, default=5)
    ap.add_argument("--gen", default="32,1.0,8", help="N,LATENCY_S,CONCURRENCY (default: 32,1.0,8)")
    ap.add_argument("--ray-kernels", type=int, default=6)
    ap.add_argument("--only", default="cold,timing,gen,ray", help="which parts to run (comma-separated)")
    args = ap.parse_args()
    if args.quick:
        args.smoke_tasks, args.timing_calls, args.ray_kernels, args.gen = 3, 3, 2, "16,0.5,8"
    parts = set(args.only.split(","))
    figures: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "load_avg_at_start": os.getloadavg()},
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    steal = Steal()
    with tempfile.TemporaryDirectory(prefix="kbench-bench-") as scratch:
        tmp = Path(scratch)
        if "gen" in parts:
            n, latency, conc = args.gen.split(",")
            figures.update(steal.measure("gen", concurrency, int(n), float(latency), int(conc)))
        if "cold" in parts:
            figures.update(steal.measure("cold_warm", cold_warm, tmp, args.smoke_tasks, args.workers))
        if "timing" in parts:
            figures.update(steal.measure("timing", timing_cv, tmp, args.timing_task, args.timing_calls))
        if "ray" in parts:
            try:
                figures.update(steal.measure("ray", ray_speedup, args.ray_kernels))
            except ImportError:
                log("ray is not installed: ray_speedup_2w skipped (pip install 'kbench[ray]')")
    figures["machine"]["load_avg_at_end"] = os.getloadavg()
    # CPU time taken by other guests of the host while each part ran: timings on a VM are only as steady as this
    figures["machine"]["cpu_steal_share"] = steal.parts
    rows = verdicts(figures)
    figures["targets"] = {name: {"value": v, "target": t, "pass": ok} for name, v, t, ok in rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2) + "\n")
    for key in ("cold_s", "warm_s", "overhead_ms_per_eval"):
        if key in figures:
            print(f"{key:28} {figures[key]}")
    for name, value, target, ok in rows:
        mark = "skipped" if ok is None else ("PASS" if ok else "FAIL")
        print(f"{name:28} {value!s:>10}  target {target:8} {mark}")
    print(f"wrote {args.out}")
    return 1 if any(ok is False for *_, ok in rows) else 0


if __name__ == "__main__":
    sys.exit(main())

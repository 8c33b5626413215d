"""Runs: task -> prompt -> model -> candidate -> evaluation -> stored result, resumable at any point.

The driver (this module, one thread) is the only writer of the results store. Generation is async;
evaluations run concurrently in worker processes started from a small thread pool, and each result
is committed as soon as it arrives, so a run killed at any instant resumes where it stopped.
"""

from __future__ import annotations

import asyncio
import hashlib
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import backends

from .errors import HarnessFault, UsageError
from .evaluate import EvalOptions, Evaluator
from .extract import extract_code, split_reasoning
from .metrics import summarize_rows
from .prompting import build_prompt
from .providers import Request, get
from .schema import Evaluation, Generation, RunSettings, RunSummary, Status, Task
from .store import Store


@dataclass
class Progress:
    """Callbacks the CLI uses to show progress; the defaults do nothing."""

    start: Callable[[int, int], None] = lambda total, done: None
    advance: Callable[[str, int, Evaluation], None] = lambda task_id, sample, ev: None
    problem: Callable[[str], None] = lambda message: None


def new_run_id(model: str, backend: str) -> str:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    short = model.replace("/", "-").replace(":", "-")[:40]
    return f"{stamp}-{short}-{backend}-{hashlib.sha1(str(time.time_ns()).encode()).hexdigest()[:4]}"


def _materialize(tasks: list[tuple[Task, str]], scratch: Path) -> list[Task]:
    """Tasks as they were when the run started: a file that changed since is replaced by its snapshot."""
    out = []
    for task, source in tasks:
        path = Path(task.path)
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == task.content_hash:
            out.append(task)
            continue
        copy = scratch / task.id.replace("/", "__")
        copy = copy.with_suffix(".py")
        copy.write_text(source, encoding="utf-8")
        out.append(task.model_copy(update={"path": str(copy)}))
    return out


def execute(store: Store, settings: RunSettings, progress: Progress | None = None) -> RunSummary:
    """Run (or finish) ``settings.run_id``, whose tasks are already in the store."""
    progress = progress or Progress()
    backend = backends.get(settings.backend)
    avail = backend.availability()
    if not avail.can_build:
        raise UsageError(f"backend '{backend.name}' cannot run here: {avail.reason}")
    from . import sandbox

    problem = sandbox.check(settings.sandbox) if settings.sandbox in sandbox.MODES else "unknown sandbox"
    if problem:
        raise UsageError(f"run '{settings.run_id}' uses --sandbox {settings.sandbox}, unusable here: {problem}")
    provider = get(settings.model, base_url=settings.base_url)
    with tempfile.TemporaryDirectory(prefix="kbench-run-") as scratch:
        tasks = _materialize(store.run_tasks(settings.run_id), Path(scratch))
        done = store.evaluated_keys(settings.run_id)
        jobs = [(t, s) for t in tasks for s in range(settings.samples)]
        pending = [(t, s) for t, s in jobs if (t.id, s, 0) not in done]
        progress.start(len(jobs), len(jobs) - len(pending))
        options = EvalOptions(
            shapes=settings.shapes,
            trials=settings.trials,
            timeout=settings.timeout,
            build_timeout=settings.build_timeout,
            allow_torch=settings.allow_torch,
            sandbox=settings.sandbox,
            compile_baseline=settings.compile_baseline,
            memory_limit_gb=settings.memory_limit_gb,
            hide=[store.path.resolve()],
        )
        faults: list[str] = []
        with Evaluator(backend, options) as evaluator, ThreadPoolExecutor(max(1, settings.workers)) as pool:
            asyncio.run(_drive(store, settings, provider, evaluator, pool, pending, progress, faults))
    if faults:
        store.set_run_status(settings.run_id, "incomplete")
        raise HarnessFault(
            f"{len(faults)} evaluation(s) of run '{settings.run_id}' failed inside kbench (first: {faults[0]}); "
            f"the rest is stored: fix or report, then `kbench run --resume {settings.run_id}`"
        )
    store.set_run_status(settings.run_id, "finished")
    return summary(store, settings.run_id)


async def _drive(store, settings, provider, evaluator, pool, pending, progress, faults) -> None:
    loop = asyncio.get_running_loop()
    slots = asyncio.Semaphore(max(1, settings.workers))

    async def one(task: Task, sample: int) -> None:
        async with slots:
            gen = store.generation(settings.run_id, task.id, sample, 0)
            if gen is None:
                prompt = build_prompt(task, evaluator.backend, settings.strategy)
                resp = await provider.generate(
                    Request(task=task, backend=settings.backend, prompt=prompt, sample=sample)
                )
                answer, think = split_reasoning(resp.text)
                gen = Generation(
                    task_id=task.id,
                    sample=sample,
                    turn=0,
                    prompt=prompt,
                    response=resp.text,
                    reasoning=resp.reasoning or think,
                    kernel=extract_code(resp.text),
                    usage=resp.usage,
                )
                store.add_generation(settings.run_id, gen)
            if gen.kernel is None:
                ev = Evaluation(
                    status=Status.no_code,
                    compiled=False,
                    correct=False,
                    backend=settings.backend,
                    device=evaluator.availability.device,
                    task_id=task.id,
                    task_hash=task.content_hash,
                    shapes=settings.shapes,
                    reason_codes=["no_code"],
                    reasons=["the answer contained no ```python block"],
                )
            else:
                try:
                    ev = await loop.run_in_executor(pool, evaluator.evaluate, task, gen.kernel)
                except Exception as exc:  # a kbench bug or a broken reference: never stored as a verdict
                    message = f"{task.id} sample {sample}: {type(exc).__name__}: {exc}"
                    faults.append(message)
                    progress.problem(message)
                    return
            store.add_evaluation(settings.run_id, task.id, sample, 0, ev)
            progress.advance(task.id, sample, ev)

    await asyncio.gather(*(one(t, s) for t, s in pending))
    await provider.aclose()


def summary(store: Store, run_id: str) -> RunSummary:
    settings = store.run_settings(run_id)
    rows = store.evaluations(run_id)
    m = summarize_rows(rows)
    status = next((r["status"] for r in store.runs() if r["run_id"] == run_id), "unknown")
    return RunSummary(
        run_id=run_id,
        model=settings.model,
        backend=settings.backend,
        status=status,
        n_tasks=len(store.run_tasks(run_id)),
        n_samples=m["n_samples"],
        compile_rate=m["compile_rate"],
        correct_rate=m["correct_rate"],
        fast_1=m["fast_1"],
        geomean_speedup=m["geomean_speedup"],
        counts=m["counts"],
    )

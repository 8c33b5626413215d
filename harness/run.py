"""Runs: task -> prompt -> model -> candidate -> evaluation -> stored result, resumable at any point.

The driver (this module, one thread) is the only writer of the results store. Generation is async
(``--concurrency`` requests at once); evaluations run concurrently in worker processes started from a
small pool (``--workers`` threads, or Ray actors with ``--executor ray``: see harness.executors), each
kernel as soon as its answer arrives; every answer and every verdict is committed as soon as it exists,
so a run killed at any instant resumes where it stopped. With ``--turns N`` each (task, sample) is a
conversation: turn t+1 is told the verdict, the compiler's errors, the correctness diff and the timings
of turn t.
"""

from __future__ import annotations

import asyncio
import hashlib
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import backends

from . import executors
from .errors import HarnessFault, ProviderFailure, UsageError
from .evaluate import EvalOptions
from .generate import Generator, exchange
from .metrics import summarize_rows
from .prompting import build_prompt, feedback_prompt
from .providers import Message, Request, Sampling, get
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


def _sampling(settings: RunSettings) -> Sampling:
    return Sampling(**settings.model_dump(include=set(Sampling.model_fields)))


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
    provider = get(
        settings.model, base_url=settings.base_url, concurrency=settings.concurrency, timeout=settings.request_timeout
    )
    generator = Generator(provider, settings, store.usage(settings.run_id)["cost_usd"], notify=progress.problem)
    try:
        with tempfile.TemporaryDirectory(prefix="kbench-run-") as scratch:
            tasks = _materialize(store.run_tasks(settings.run_id), Path(scratch))
            done = store.evaluated_keys(settings.run_id)
            jobs = [(t, s) for t in tasks for s in range(settings.samples)]
            total = len(jobs) * settings.turns
            pending = [(t, s) for t, s in jobs if any((t.id, s, turn) not in done for turn in range(settings.turns))]
            progress.start(total, len(done))
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
            # no executor (no Ray cluster to start) when nothing is left to evaluate
            executor = executors.make(settings.executor, backend, options, settings.workers) if pending else None
            try:
                asyncio.run(_drive(store, settings, provider, generator, executor, backend, pending, progress, faults))
            finally:
                if executor is not None:
                    executor.close()
    finally:
        generator.close()
    if faults:
        store.set_run_status(settings.run_id, "incomplete")
        raise HarnessFault(
            f"{len(faults)} evaluation(s) of run '{settings.run_id}' failed inside kbench (first: {faults[0]}); "
            f"the rest is stored: fix or report, then `kbench run --resume {settings.run_id}`"
        )
    if generator.stop_reason is not None:
        if generator.failed:
            store.set_run_status(settings.run_id, "incomplete")
            raise ProviderFailure(
                f"{generator.stop_reason}. Everything finished so far is stored; fix the cause and continue with "
                f"`kbench run --resume {settings.run_id}`"
            )
        store.set_run_status(settings.run_id, "stopped")
        result = summary(store, settings.run_id)
        return result.model_copy(update={"stop_reason": generator.stop_reason})
    store.set_run_status(settings.run_id, "finished")
    return summary(store, settings.run_id)


def _no_code(settings: RunSettings, device: str, task: Task, gen: Generation) -> Evaluation:
    error = gen.meta.get("error")
    return Evaluation(
        status=Status.no_code,
        compiled=False,
        correct=False,
        backend=settings.backend,
        device=device,
        task_id=task.id,
        task_hash=task.content_hash,
        shapes=settings.shapes,
        reason_codes=["generation_failed" if error else "no_code"],
        reasons=[f"the provider refused the request: {error}" if error else "the answer contained no ```python block"],
    )


async def _drive(store, settings, provider, generator, executor, backend, pending, progress, faults) -> None:
    sampling = _sampling(settings)

    async def one(task: Task, sample: int) -> None:
        history: list[Message] = []
        previous: Evaluation | None = None
        for turn in range(settings.turns):
            gen = store.generation(settings.run_id, task.id, sample, turn)
            if gen is None:
                if turn == 0:
                    prompt = build_prompt(task, backend, settings.strategy)
                else:
                    assert previous is not None
                    prompt = feedback_prompt(previous, settings.backend, turn - 1)
                request = Request(
                    task=task,
                    backend=settings.backend,
                    messages=[*history, Message(role="user", content=prompt)],
                    sample=sample,
                    turn=turn,
                    sampling=sampling,
                )
                gen = await generator.generate(request)
                if gen is None:  # the run stops: what is stored so far stands, --resume goes on
                    return
                store.add_generation(settings.run_id, gen)
            ev = store.evaluation(settings.run_id, task.id, sample, turn)
            if ev is None:
                if gen.kernel is None:
                    ev = _no_code(settings, executor.device, task, gen)
                else:
                    try:
                        ev = await executor.evaluate(task, gen.kernel)
                    except Exception as exc:  # a kbench bug or a broken reference: never stored as a verdict
                        message = f"{task.id} sample {sample} turn {turn}: {type(exc).__name__}: {exc}"
                        faults.append(message)
                        progress.problem(message)
                        return
                store.add_evaluation(settings.run_id, task.id, sample, turn, ev)
                progress.advance(task.id, sample, ev)
            history += exchange(gen)
            previous = ev

    try:
        await asyncio.gather(*(one(t, s) for t, s in pending))
    finally:
        await provider.aclose()


def best_of_turns(rows: list[dict]) -> list[dict]:
    """One row per (task, sample): its best turn (correct and fastest; else one that built; else the last)."""
    groups: dict[tuple[str, int], list[dict]] = {}
    for r in rows:
        groups.setdefault((r["task_id"], r["sample"]), []).append(r)

    def rank(r: dict) -> tuple:
        ok = r["status"] == "correct"
        return (ok, (r["speedup"] or 0.0) if ok else 0.0, r["compiled"] == 1, r["turn"])

    return [max(group, key=rank) for group in groups.values()]


def summary(store: Store, run_id: str) -> RunSummary:
    settings = store.run_settings(run_id)
    rows = store.evaluations(run_id)
    m = summarize_rows(best_of_turns(rows))
    per_turn = []
    if settings.turns > 1:
        for turn in range(settings.turns):
            t = summarize_rows(r for r in rows if r["turn"] == turn)
            per_turn.append({"turn": turn, **t})
    usage = store.usage(run_id)
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
        turns=settings.turns,
        per_turn=per_turn,
        **usage,
    )

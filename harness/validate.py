"""Task hygiene: ``kbench tasks validate``. A task that fails any check is fixed, never skipped.

Each task is checked at one shape set (``small`` by default) in a worker process:

- metadata: a known category, level 1-3, a source, a one-line docstring, the three shape sets, shape
  overrides that name real globals;
- it loads, builds ``Model(*get_init_inputs())`` and runs ``forward`` in eval mode without gradients;
- outputs are tensors (or a tuple/list of them), finite, not all equal (a scalar output must change
  with its inputs instead), and of the declared dtype where they are floating point;
- deterministic: the same seeds give bit-identical outputs, and a second forward on the same model
  and inputs gives the same outputs (no dropout, no randomness in forward);
- not near-constant across seeds: other inputs give other outputs;
- depends on every input: redrawing any one tensor input (from ``get_inputs`` with another seed, so
  the declared domain holds) changes the output; and on the weights, when the model has any;
- fast enough: the small set's forward runs in under ``MAX_SMALL_S`` (aim: 0.2 s on 2 CPU cores);
- FLOPs and bytes moved are counted (``harness.roofline.count_work``) and reported.

Results are cached by content hash and shape set in ``$KBENCH_CACHE/validate``.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._paths import cache_dir
from .schema import Task
from .tasks import CATEGORIES, SHAPE_SETS

#: the longest a small-set forward may take on this kind of machine (median of three)
MAX_SMALL_S = 1.0
#: per-task limit of the whole check, in seconds
TASK_TIMEOUT_S = 300.0
VERSION = 3  # bump when the checks change, so cached verdicts are redone


def _metadata_problems(task: Task) -> list[str]:
    problems = []
    if task.category not in CATEGORIES:
        problems.append(f"category '{task.category}' is not one of the {len(CATEGORIES)} categories")
    if task.catalog:
        if task.level not in (1, 2, 3):
            problems.append(f"level must be 1, 2 or 3, not {task.level!r}")
        if not task.source:
            problems.append("no source (the paper's title, KernelBench, MultiKernelBench, ...)")
        if not task.description:
            problems.append("no docstring saying what the task computes")
        missing = [s for s in SHAPE_SETS if s not in task.shapes]
        if missing:
            problems.append(f"shape sets missing: {', '.join(missing)}")
    return problems


def _flatten(out: Any) -> list[Any]:
    import torch

    if isinstance(out, torch.Tensor):
        return [out]
    if isinstance(out, (list, tuple)):
        return [t for item in out for t in _flatten(item)]
    raise TypeError(f"forward returned a {type(out).__name__}, not tensors")


def _differs(a: list[Any], b: list[Any]) -> bool:
    """Whether two output lists differ beyond float noise (relative to the outputs' scale)."""
    import torch

    for x, y in zip(a, b, strict=True):
        if x.shape != y.shape:
            return True
        if x.is_floating_point() or x.is_complex():
            xd, yd = x.double(), y.double()
            scale = max(float(xd.abs().max()) if xd.numel() else 0.0, 1e-12)
            if float((xd - yd).abs().max()) > 1e-4 * scale:
                return True
        elif not torch.equal(x, y):
            return True
    return False


def _run(module: Any, init_seed: int, input_seed: int, inputs: list[Any] | None = None) -> tuple[Any, list, list]:
    import torch

    torch.manual_seed(input_seed)
    if inputs is None:
        inputs = list(module.get_inputs())
    torch.manual_seed(init_seed)
    model = module.Model(*module.get_init_inputs()).eval()
    with torch.no_grad():
        out = _flatten(model(*inputs))
    return model, inputs, out


def check_task(task: Task, shape_set: str = "small") -> dict[str, Any]:
    """Run every check in this process; the report has id, valid, problems, forward_s, flops, bytes."""
    import torch

    from .roofline import count_work
    from .tasks import load_module

    problems = _metadata_problems(task)
    report: dict[str, Any] = {"id": task.id, "shapes": shape_set, "problems": problems}
    try:
        module = load_module(task.path, task.shape_overrides(shape_set))
    except Exception as exc:
        problems.append(f"does not load: {exc}")
        report["valid"] = False
        return report
    try:
        model, inputs, out = _run(module, 1, 2)
    except Exception as exc:
        problems.append(f"does not run: {type(exc).__name__}: {exc}")
        report["valid"] = False
        return report
    want = getattr(torch, task.dtype, None)
    for k, t in enumerate(out):
        if t.is_floating_point() or t.is_complex():
            if not bool(torch.isfinite(t).all()):
                problems.append(f"output {k} has NaN or Inf")
            if want is not None and t.is_floating_point() and t.dtype != want:
                problems.append(f"output {k} is {t.dtype}, the task declares {task.dtype}")
        if t.numel() > 1 and t.is_floating_point() and float(t.double().std()) == 0.0:
            problems.append(f"output {k} is constant ({t.numel()} equal elements)")
    # determinism: the same seeds, and a second call on the same model
    _, _, again = _run(module, 1, 2)
    if _differs(out, again):
        problems.append("not deterministic: the same seeds give different outputs")
    with torch.no_grad():
        second = _flatten(model(*inputs))
    if _differs(out, second):
        problems.append("forward is random: two calls on the same inputs differ (dropout? sampling?)")
    # other inputs, every input, the weights
    _, _, other = _run(module, 1, 3)
    if not _differs(out, other):
        problems.append("near-constant: other inputs give the same output")
    torch.manual_seed(3)
    fresh = list(module.get_inputs())
    for i, x in enumerate(inputs):
        if not isinstance(x, torch.Tensor):
            continue
        swapped = list(inputs)
        swapped[i] = fresh[i]
        try:
            _, _, changed = _run(module, 1, 2, swapped)
        except Exception as exc:
            problems.append(f"input {i} redrawn: forward raised {type(exc).__name__}: {exc}")
            continue
        if not _differs(out, changed):
            problems.append(f"the output does not depend on input {i}")
    has_weights = any(p.is_floating_point() for p in [*model.parameters(), *model.buffers()])
    if has_weights:
        _, _, reweighted = _run(module, 4, 2)
        if not _differs(out, reweighted):
            problems.append("the output does not depend on the weights (other initial weights, same output)")
    # speed
    times = []
    with torch.no_grad():
        for _ in range(3):
            start = time.perf_counter()
            model(*inputs)
            times.append(time.perf_counter() - start)
    report["forward_s"] = sorted(times)[1]
    if shape_set == "small" and report["forward_s"] > MAX_SMALL_S:
        problems.append(f"small forward takes {report['forward_s']:.2f} s (limit {MAX_SMALL_S} s; aim 0.2 s)")
    try:
        work = count_work(model, inputs)
        report["flops"], report["bytes"] = work.get("flops"), work.get("bytes")
    except Exception as exc:  # counting is informative; a failure is a problem of the task
        problems.append(f"FLOPs/bytes could not be counted: {type(exc).__name__}: {exc}")
    report["valid"] = not problems
    return report


def _cache_path(task: Task, shape_set: str) -> Path:
    return cache_dir() / "validate" / f"v{VERSION}-{task.content_hash[:32]}-{shape_set}.json"


def _init_worker() -> None:
    import torch

    torch.set_num_threads(max(1, min(2, torch.get_num_threads())))


def _timed_check(task_json: str, shape_set: str) -> dict[str, Any]:
    """check_task in a pool worker, stopped by SIGALRM after TASK_TIMEOUT_S."""
    import signal

    task = Task.model_validate_json(task_json)

    def expired(signum: int, frame: Any) -> None:
        raise TimeoutError(f"over {TASK_TIMEOUT_S:.0f} s")

    signal.signal(signal.SIGALRM, expired)
    signal.alarm(int(TASK_TIMEOUT_S))
    try:
        return check_task(task, shape_set)
    except BaseException as exc:  # reported, never raised into the parent
        return {"id": task.id, "valid": False, "problems": [f"the check failed: {type(exc).__name__}: {exc}"]}
    finally:
        signal.alarm(0)


def _child(task_json: str, shape_set: str, conn: Any) -> None:
    _init_worker()
    conn.send(_timed_check(task_json, shape_set))


def _isolated(task: Task, shape_set: str) -> dict[str, Any]:
    """One task in a process of its own (after a crash took a pool worker down)."""
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(task.model_dump_json(), shape_set, child), daemon=True)
    proc.start()
    child.close()
    report: dict[str, Any] | None = None
    if parent.poll(TASK_TIMEOUT_S + 60):
        try:
            report = parent.recv()
        except EOFError:
            report = None
    proc.join(5)
    if proc.is_alive():
        proc.kill()
        proc.join()
    if report is None:
        report = {"valid": False, "problems": [f"the check crashed (exit code {proc.exitcode})"]}
    return report


def validate(
    tasks: list[Task],
    shape_set: str = "small",
    jobs: int = 2,
    use_cache: bool = True,
    on_result: Callable[[dict[str, Any]], None] | None = None,
) -> list[dict[str, Any]]:
    """Reports for every task, in the order given. The checks run in ``jobs`` worker processes (a task
    that crashes its worker is checked again in a process of its own); passes are cached."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    reports: dict[int, dict[str, Any]] = {}
    todo: list[int] = []
    for n, task in enumerate(tasks):
        path = _cache_path(task, shape_set)
        if use_cache and path.is_file():
            try:
                reports[n] = {**json.loads(path.read_text()), "cached": True}
                continue
            except ValueError:
                pass
        todo.append(n)

    def finish(n: int, report: dict[str, Any]) -> None:
        report.update(id=tasks[n].id, shapes=shape_set)
        report.setdefault("problems", [])
        report["valid"] = bool(report.get("valid")) and not report["problems"]
        reports[n] = report
        if report["valid"]:  # only passes are cached: a failure is checked again next time
            path = _cache_path(tasks[n], shape_set)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".part")
            tmp.write_text(json.dumps(report))
            tmp.replace(path)
        if on_result is not None:
            on_result(report)

    for n in sorted(reports):
        if on_result is not None:
            on_result(reports[n])
    if todo:
        ctx = mp.get_context("spawn")
        with ProcessPoolExecutor(max(1, min(jobs, len(todo))), mp_context=ctx, initializer=_init_worker) as pool:
            futures = {n: pool.submit(_timed_check, tasks[n].model_dump_json(), shape_set) for n in todo}
            for n, fut in futures.items():
                try:
                    finish(n, fut.result())
                except BrokenProcessPool:
                    finish(n, _isolated(tasks[n], shape_set))
    return [reports[n] for n in range(len(tasks))]

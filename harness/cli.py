"""The ``kbench`` command line (typer). Exit codes follow ARCHITECTURE.md:

0 the command did its job (whatever the kernels' verdicts), 2 usage error, 4 harness fault;
``kbench verify`` adds 1 and 3. Every command traps its own exceptions, so a crash never
masquerades as another code. ``--json`` prints exactly one JSON value on stdout.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import traceback
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .cli_ci import register as _register_ci
from .cli_curate import register as _register_curate
from .cli_report import register as _register_report
from .errors import KbenchError, UsageError

app = typer.Typer(
    name="kbench",
    help="Measure how well language models write fast compute kernels.\n\n"
    "Quick start (no GPU, no API key): kbench run --model golden --backend cpu --suite smoke",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
tasks_app = typer.Typer(
    help="Browse the task catalog (or any folder of KernelBench-format files).", no_args_is_help=True
)
runs_app = typer.Typer(help="Runs stored in the results database.", no_args_is_help=True)
app.add_typer(tasks_app, name="tasks")
app.add_typer(runs_app, name="runs")

err = Console(stderr=True, soft_wrap=True)
DB_HELP = "Results database (default: $KBENCH_DB or results/kbench.db)."


def _out(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, default=str) + "\n")


def _store(db: Path | None):
    from ._paths import default_db
    from .store import Store

    return Store(db or default_db())


def _backend_or_usage(name: str):
    import backends

    try:
        be = backends.get(name)
    except KeyError as exc:
        raise UsageError(str(exc.args[0])) from None
    avail = be.availability()
    if not avail.can_build:  # before any work is done or stored: a backend that can do nothing here
        raise UsageError(f"backend '{be.name}' cannot run here: {avail.reason}")
    return be


SANDBOX_HELP = (
    "Where the candidate runs: bwrap (bubblewrap: no network, read-only system, private /tmp, secrets hidden), "
    "docker (the kbench-eval image, network none) or none (default: bwrap when it works here, else none)."
)
ALLOW_TORCH_HELP = (
    "The 'PyTorch allowed' track: the candidate may call torch operators and vendor libraries "
    "(recorded with the result; never ranked with the default kernels-only track)."
)
EXECUTOR_HELP = (
    "Where candidates are evaluated: local (worker processes on this machine; default) or ray (actors on the Ray "
    "cluster at $RAY_ADDRESS, else on a private local Ray; one timing slot per GPU; needs the ray extra)."
)
MEMORY_HELP = "Address-space limit of each worker in GiB (0: none) (default: 3/4 of this machine's memory)."
COMPILE_HELP = "Time torch.compile(Model) too, for speedup_compile (cached per task, shapes, device, environment)."


def _sandbox_or_usage(mode: str | None) -> str:
    from . import sandbox

    chosen = mode or sandbox.default_mode()
    if chosen not in sandbox.MODES:
        raise UsageError(f"unknown sandbox '{chosen}' (use {', '.join(sandbox.MODES)})")
    problem = sandbox.check(chosen)
    if problem:
        raise UsageError(f"--sandbox {chosen} cannot be used here: {problem}")
    return chosen


def _executor_or_usage(name: str | None) -> str | None:
    from .executors import check

    problem = check(name) if name is not None else None
    if problem:
        raise UsageError(f"--executor {name}: {problem}")
    return name


def _on_off(value: str, flag: str) -> bool:
    if value not in ("on", "off"):
        raise UsageError(f"{flag} takes on or off, not '{value}'")
    return value == "on"


def _load_tasks(tasks_dir: Path | None):
    from . import tasks as T

    return T.discover(tasks_dir) if tasks_dir else T.catalog()


# ---- run -------------------------------------------------------------------------------------------
@app.command()
def run(
    model: str = typer.Option(
        None,
        "--model",
        "-m",
        help="Model as provider/name: openai/MODEL (any OpenAI-compatible server with --base-url), anthropic/MODEL, "
        "vllm/HF_MODEL (in-process engine, extra .[vllm]), golden (the shipped exemplars), replay:FILE "
        "(recorded answers, e.g. from `kbench runs export`). Keys: OPENAI_API_KEY, ANTHROPIC_API_KEY.",
    ),
    backend: str = typer.Option(
        None, "--backend", "-b", help="Backend: cpu, cuda, triton, pallas, ascend (what works here: `kbench doctor`)."
    ),
    suite: str = typer.Option(None, "--suite", "-s", help="Task suite: smoke, all, level1, level2, level3, ..."),
    category: str = typer.Option(None, "--category", "-c", help="Only tasks of this category."),
    task: list[str] = typer.Option(None, "--task", "-t", help="Task id (repeatable)."),
    tasks_dir: Path = typer.Option(None, "--tasks-dir", help="Use KernelBench-format files from this folder."),
    samples: int = typer.Option(None, "--samples", "-k", min=1, help="Samples per task (default: 1)."),
    shapes: str = typer.Option(None, "--shapes", help="Shape set tiny|small|large (default: the backend's)."),
    strategy: str = typer.Option(
        None,
        "--strategy",
        help="Prompt: zero_shot, one_shot (the backend's generic exemplar), category_one_shot (the exemplar of "
        "the task's own category; default), concise (category_one_shot asking for brief reasoning, ConCuR).",
    ),
    base_url: str = typer.Option(
        None, "--base-url", help="OpenAI-compatible endpoint for openai/... (vllm serve, SGLang, ...) or Anthropic's."
    ),
    temperature: float = typer.Option(
        None, "--temperature", min=0, help="Sampling temperature (default: the model's)."
    ),
    top_p: float = typer.Option(None, "--top-p", min=0, max=1, help="Nucleus sampling (default: the model's)."),
    max_tokens: int = typer.Option(None, "--max-tokens", min=1, help="Output tokens per answer (default: 8192)."),
    seed: int = typer.Option(None, "--seed", help="Sampling seed; sample i sends SEED+i (providers that take one)."),
    reasoning_budget: int = typer.Option(
        None, "--reasoning-budget", min=1024, help="Anthropic extended thinking: budget in tokens (< --max-tokens)."
    ),
    reasoning_effort: str = typer.Option(
        None, "--reasoning-effort", help="OpenAI reasoning models: minimal, low, medium or high."
    ),
    stream: bool = typer.Option(False, "--stream", help="Stream answers (long outputs; anthropic streams on its own)."),
    turns: int = typer.Option(
        None, "--turns", min=1, help="Refinement turns: turn t+1 sees turn t's errors, diff and timings (default: 1)."
    ),
    concurrency: int = typer.Option(None, "--concurrency", min=1, help="Model requests in flight (default: 8)."),
    max_cost: float = typer.Option(
        None, "--max-cost", min=0, help="Stop cleanly (resumable) before the spend could exceed DOLLARS."
    ),
    price: str = typer.Option(
        None, "--price", help="IN:OUT USD per million tokens (overrides kbench's table; needed for --base-url models)."
    ),
    cache: str = typer.Option(
        None, "--cache", help="on|off: reuse answers to identical requests (same sample index) (default: on)."
    ),
    retries: int = typer.Option(
        None, "--retries", min=1, help="Attempts per request on 429/5xx/time-outs, with backoff (default: 6)."
    ),
    request_timeout: float = typer.Option(None, "--request-timeout", min=1, help="Seconds per request (default: 600)."),
    timeout: float = typer.Option(
        None,
        "--timeout",
        help="Seconds allowed for each phase of a candidate after its build: trials, timing, re-check (default: 300).",
    ),
    build_timeout: float = typer.Option(
        None, "--build-timeout", help="Seconds allowed to build/import a candidate (default: 600)."
    ),
    trials: int = typer.Option(None, "--trials", min=1, help="Correctness trials with fresh seeds (default: 3)."),
    workers: int = typer.Option(None, "--workers", "-j", min=1, help="Candidates evaluated at once (default: 2)."),
    executor: str = typer.Option(None, "--executor", help=EXECUTOR_HELP),
    allow_torch: bool = typer.Option(False, "--allow-torch", help=ALLOW_TORCH_HELP),
    sandbox: str = typer.Option(None, "--sandbox", help=SANDBOX_HELP),
    compile_baseline: str = typer.Option(None, "--compile-baseline", help=COMPILE_HELP + " on|off (default: on)."),
    memory_limit: float = typer.Option(None, "--memory-limit", min=0, help=MEMORY_HELP),
    run_name: str = typer.Option(None, "--run-name", help="Run id to use (must not exist yet)."),
    resume: str = typer.Option(
        None,
        "--resume",
        help="Finish an interrupted or stopped run; every setting comes from the store (only --workers, --executor, "
        "--concurrency, --max-cost, --retries and --request-timeout may be given again).",
    ),
    db: Path = typer.Option(None, "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON summary on stdout."),
) -> None:
    """Generate kernels with a model and evaluate them; results go to the results database."""
    from . import run as R
    from . import tasks as T
    from .schema import RunSettings

    store = _store(db)
    gen_opts: dict[str, Any] = dict(
        base_url=base_url,
        strategy=strategy,
        temperature=temperature,
        top_p=top_p,
        max_tokens=max_tokens,
        seed=seed,
        reasoning_budget=reasoning_budget,
        reasoning_effort=reasoning_effort,
        stream=stream,
        turns=turns,
        concurrency=concurrency,
        max_cost=max_cost,
        price=price,
        cache=cache,
        retries=retries,
        request_timeout=request_timeout,
    )
    if resume:
        given = {
            k: v
            for k, v in dict(
                model=model,
                backend=backend,
                suite=suite,
                category=category,
                task=task,
                tasks_dir=tasks_dir,
                samples=samples,
                shapes=shapes,
                strategy=strategy,
                timeout=timeout,
                build_timeout=build_timeout,
                trials=trials,
                run_name=run_name,
                allow_torch=allow_torch,
                sandbox=sandbox,
                compile_baseline=compile_baseline,
                memory_limit=memory_limit,
            ).items()
            if v
        }
        given.update({k: v for k, v in gen_opts.items() if k not in RESUMABLE and v is not None and v is not False})
        if given:
            raise UsageError(
                "--resume restores every setting from the store; do not also give --"
                + next(iter(given)).replace("_", "-")
                + " (only --workers, --executor, --concurrency, --max-cost, --retries and --request-timeout may change)"
            )
        settings = store.run_settings(resume)
        changes = {
            k: v
            for k, v in {**gen_opts, "workers": workers, "executor": _executor_or_usage(executor)}.items()
            if k in RESUMABLE and v is not None
        }
        if changes:
            settings = settings.model_copy(update=changes)
            store.update_settings(settings)
        if not as_json:
            err.print(f"resuming run [bold]{resume}[/] ({settings.model}, backend {settings.backend})")
    else:
        if not model or not backend:
            raise UsageError("kbench run needs --model and --backend (e.g. --model golden --backend cpu --suite smoke)")
        be = _backend_or_usage(backend)
        shapes = shapes or be.default_shapes
        if shapes not in T.SHAPE_SETS:
            raise UsageError(f"unknown shape set '{shapes}' (use {', '.join(T.SHAPE_SETS)})")
        pool = _load_tasks(tasks_dir)
        if task:
            chosen = [T.find(t, pool) for t in task]
        else:
            chosen = T.select(pool, suite if suite else ("all" if tasks_dir else None), category)
            if not suite and not tasks_dir and not category:
                raise UsageError("choose tasks with --suite, --category, --task or --tasks-dir")
        if not chosen:
            raise UsageError("no task matches the selection")
        for t in chosen:
            T.check_loadable(t, shapes)
        gen_settings = _generation_settings(model, **gen_opts)
        run_id = run_name or R.new_run_id(model, backend)
        if store.run_exists(run_id):
            raise UsageError(f"run '{run_id}' already exists (choose another --run-name, or --resume {run_id})")
        settings = RunSettings(
            run_id=run_id,
            model=model,
            backend=backend,
            suite=suite,
            tasks_dir=str(tasks_dir) if tasks_dir else None,
            task_ids=[t.id for t in chosen],
            samples=samples or 1,
            shapes=shapes,
            timeout=timeout or 300.0,
            build_timeout=build_timeout or 600.0,
            trials=trials or 3,
            workers=workers or 2,
            executor=_executor_or_usage(executor) or "local",
            harness_version=__version__,
            allow_torch=allow_torch,
            sandbox=_sandbox_or_usage(sandbox),
            compile_baseline=_on_off(compile_baseline or "on", "--compile-baseline"),
            memory_limit_gb=memory_limit,
            **gen_settings,
        )
        store.create_run(settings, chosen)
        if not as_json:
            err.print(
                f"run [bold]{run_id}[/]: {len(chosen)} tasks x {settings.samples} samples, model {model}, "
                f"backend {backend}, shapes {shapes}, sandbox {settings.sandbox}"
                + (", PyTorch allowed" if allow_torch else "")
                + (f", executor {settings.executor}" if settings.executor != "local" else "")
                + (f", {settings.turns} turns" if settings.turns > 1 else "")
                + (f", at most ${settings.max_cost:.2f}" if settings.max_cost is not None else "")
            )
    from ._progress import make_progress

    with make_progress(enabled=True) as progress:
        result = R.execute(store, settings, progress)
    if as_json:
        _out(result.model_dump())
    else:
        _print_run_table(store, settings.run_id)
        _print_summary(result)


#: the settings that --resume may change
RESUMABLE = ("workers", "executor", "concurrency", "max_cost", "retries", "request_timeout")


def _generation_settings(model: str, **opts: Any) -> dict[str, Any]:
    """The generation settings of a new run, checked (a usage error now rather than a failed run later)."""
    from .prompting import STRATEGIES, template_version
    from .providers import get as get_provider
    from .providers import split_name
    from .providers.pricing import price_for

    provider, name = split_name(model)
    strategy = opts["strategy"] or "category_one_shot"
    if strategy not in STRATEGIES:
        raise UsageError(f"unknown prompt strategy '{strategy}' (known: {', '.join(STRATEGIES)})")
    max_tokens = opts["max_tokens"] or 8192
    if opts["reasoning_budget"] is not None:
        if provider != "anthropic":
            raise UsageError(
                "--reasoning-budget is Anthropic's extended thinking; OpenAI reasoning models take --reasoning-effort"
            )
        if opts["reasoning_budget"] >= max_tokens:
            raise UsageError(
                f"--reasoning-budget {opts['reasoning_budget']} must be below --max-tokens {max_tokens} "
                "(thinking counts as output)"
            )
    if opts["reasoning_effort"] is not None:
        if provider != "openai":
            raise UsageError("--reasoning-effort is for openai/... reasoning models")
        if opts["reasoning_effort"] not in ("minimal", "low", "medium", "high"):
            raise UsageError("--reasoning-effort takes minimal, low, medium or high")
    concurrency = opts["concurrency"] or 8
    created = get_provider(  # fails now, with a usage error, on an unknown provider, a missing key or package
        model, base_url=opts["base_url"], concurrency=concurrency, timeout=opts["request_timeout"] or 600.0
    )
    if opts["max_cost"] is not None and created.remote:
        if price_for(provider, name, opts["base_url"], opts["price"]) is None:
            raise UsageError(
                f"--max-cost needs the price of {model}'s tokens, which kbench does not know: give --price IN:OUT "
                "(USD per million input and output tokens)"
            )
    elif opts["price"]:
        price_for(provider, name, None, opts["price"])  # the format is checked
    return {
        "base_url": opts["base_url"],
        "strategy": strategy,
        "temperature": opts["temperature"],
        "top_p": opts["top_p"],
        "max_tokens": max_tokens,
        "seed": opts["seed"],
        "reasoning_budget": opts["reasoning_budget"],
        "reasoning_effort": opts["reasoning_effort"],
        "stream": bool(opts["stream"]),
        "turns": opts["turns"] or 1,
        "concurrency": concurrency,
        "max_cost": opts["max_cost"],
        "price": opts["price"],
        "cache": _on_off(opts["cache"] or "on", "--cache"),
        "retries": opts["retries"] or 6,
        "request_timeout": opts["request_timeout"] or 600.0,
        "template_version": template_version(),
    }


def _fmt(value: Any, spec: str = ".2f", suffix: str = "") -> str:
    return "-" if value is None else f"{value:{spec}}{suffix}"


def _print_run_table(store, run_id: str) -> None:
    rows = store.evaluations(run_id)
    tasks = {t.id: t for t, _ in store.run_tasks(run_id)}
    table = Table(title=f"run {run_id}", show_lines=False)
    numeric = ("sample", "speedup", "vs compile", "eager ms", "kernel ms")
    for col in ("task", "category", "sample", "status", "speedup", "vs compile", "eager ms", "kernel ms", "reason"):
        table.add_column(col, justify="right" if col in numeric else "left")
    style = {"correct": "green", "unverified": "yellow"}
    for r in sorted(rows, key=lambda r: (r["task_id"], r["sample"])):
        res = json.loads(r["result"])
        t = tasks.get(r["task_id"])
        reason = (res.get("reasons") or [""])[0]
        table.add_row(
            r["task_id"],
            t.category if t else "",
            str(r["sample"]),
            f"[{style.get(r['status'], 'red')}]{r['status']}[/]",
            _fmt(r["speedup"], ".2f", "x"),
            _fmt(res.get("speedup_compile"), ".2f", "x"),
            _fmt(r["baseline_ms"], ".3f"),
            _fmt(r["candidate_ms"], ".3f"),
            reason[:60] + ("..." if len(reason) > 60 else ""),
        )
    Console(width=max(120, Console().width)).print(table)


def _print_summary(s) -> None:
    gm = _fmt(s.geomean_speedup, ".2f", "x")
    fast = _fmt(s.fast_1, ".2f", "")
    counts = ", ".join(f"{k} {v}" for k, v in s.counts.items())
    best = " (best of turns)" if s.turns > 1 else ""
    print(
        f"{s.n_tasks} tasks, {s.n_samples} samples{best}: compile_rate {s.compile_rate:.2f}, correct_rate "
        f"{s.correct_rate:.2f}, fast_1 {fast}, geomean_speedup {gm}  ({counts})"
    )
    for t in s.per_turn:
        print(
            f"  turn {t['turn']}: {t['n_samples']} samples, compile_rate {t['compile_rate']:.2f}, correct_rate "
            f"{t['correct_rate']:.2f}, fast_1 {_fmt(t['fast_1'])}, "
            f"geomean_speedup {_fmt(t['geomean_speedup'], '.2f', 'x')}"
        )
    if s.input_tokens or s.output_tokens or s.cached_responses:
        cost = "unknown (no price: see --price)" if s.cost_usd is None else f"${s.cost_usd:.4f}"
        print(
            f"tokens: {s.input_tokens} in, {s.output_tokens} out; cost {cost}; {s.cached_responses} answers from cache"
        )
    if s.stop_reason:
        print(f"stopped early: {s.stop_reason}")


# ---- eval ------------------------------------------------------------------------------------------
@app.command("eval")
def eval_cmd(
    candidate: Path = typer.Option(..., "--candidate", help="Python module defining ModelNew."),
    backend: str = typer.Option("cpu", "--backend", "-b", help="Backend that builds and runs the candidate."),
    task: str = typer.Option(None, "--task", "-t", help="Catalog task id (or id within --tasks-dir)."),
    reference: Path = typer.Option(None, "--reference", "-r", help="A KernelBench-format reference file."),
    tasks_dir: Path = typer.Option(None, "--tasks-dir", help="Folder the --task id is looked up in."),
    shapes: str = typer.Option(None, "--shapes", help="Shape set tiny|small|large (default: the backend's)."),
    timeout: float = typer.Option(
        300.0, "--timeout", help="Seconds allowed for each phase after the build (trials, timing, re-check)."
    ),
    build_timeout: float = typer.Option(
        600.0, "--build-timeout", help="Seconds allowed to build/import the candidate."
    ),
    trials: int = typer.Option(3, "--trials", min=1, help="Correctness trials with fresh seeds."),
    no_timing: bool = typer.Option(False, "--no-timing", help="Check correctness only."),
    allow_torch: bool = typer.Option(False, "--allow-torch", help=ALLOW_TORCH_HELP),
    sandbox: str = typer.Option(None, "--sandbox", help=SANDBOX_HELP),
    compile_baseline: str = typer.Option("on", "--compile-baseline", help=COMPILE_HELP + " on|off."),
    memory_limit: float = typer.Option(None, "--memory-limit", min=0, help=MEMORY_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the evaluation as one JSON object."),
) -> None:
    """Evaluate one candidate kernel against a reference (exit 0 whatever the verdict)."""
    from . import tasks as T
    from .evaluate import EvalOptions, Evaluator

    be = _backend_or_usage(backend)
    if (task is None) == (reference is None):
        raise UsageError("give exactly one of --task ID or --reference FILE")
    if not candidate.is_file():
        raise UsageError(f"candidate file '{candidate}' does not exist")
    t = T.task_from_file(reference) if reference else T.find(task, _load_tasks(tasks_dir))
    shapes = shapes or be.default_shapes
    if shapes not in T.SHAPE_SETS:
        raise UsageError(f"unknown shape set '{shapes}' (use {', '.join(T.SHAPE_SETS)})")
    T.check_loadable(t, shapes)
    avail = be.availability()
    if not avail.can_build:
        raise UsageError(f"backend '{be.name}' cannot run here: {avail.reason}")
    opts = EvalOptions(
        shapes=shapes,
        trials=trials,
        timeout=timeout,
        build_timeout=build_timeout,
        time=not no_timing,
        allow_torch=allow_torch,
        sandbox=_sandbox_or_usage(sandbox),
        compile_baseline=_on_off(compile_baseline, "--compile-baseline"),
        memory_limit_gb=memory_limit,
    )
    if not as_json:
        err.print(f"evaluating {candidate} on {t.id} ({be.name}, shapes {shapes}) ...")
    with Evaluator(be, opts) as evaluator:
        ev = evaluator.evaluate(t, candidate.read_text(encoding="utf-8"))
    if as_json:
        _out(ev.model_dump(mode="json"))
        return
    colour = "green" if ev.status.value == "correct" else "red"
    print(f"status: {ev.status.value}")
    err.print(f"[{colour}]{ev.status.value}[/]  compiled={ev.compiled} correct={ev.correct} timing={ev.timing}")
    if ev.baseline_ms is not None and ev.candidate_ms is not None:
        print(
            f"eager {ev.baseline_ms:.4f} ms, candidate {ev.candidate_ms:.4f} ms, speedup {_fmt(ev.speedup, '.3f', 'x')}"
        )
    for code, reason in zip(ev.reason_codes, ev.reasons, strict=False):
        print(f"  {code}: {reason[:2000]}")


# ---- tasks -----------------------------------------------------------------------------------------
@tasks_app.command("list")
def tasks_list(
    suite: str = typer.Option(None, "--suite", "-s", help="smoke, all, level1, level2, level3, ..."),
    category: str = typer.Option(None, "--category", "-c", help="Only this category."),
    tasks_dir: Path = typer.Option(None, "--tasks-dir", help="List this folder instead of the catalog."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array."),
) -> None:
    """List tasks with their category, level and source."""
    from . import tasks as T

    chosen = T.select(_load_tasks(tasks_dir), suite, category)
    if as_json:
        _out([t.model_dump(mode="json") for t in chosen])
        return
    table = Table(title=f"{len(chosen)} tasks")
    for col in ("id", "category", "level", "source", "description"):
        table.add_column(col)
    for t in chosen:
        table.add_row(t.id, t.category, str(t.level or "-"), t.source or "-", t.description[:70])
    Console(width=max(140, Console().width)).print(table)


@tasks_app.command("validate")
def tasks_validate(
    suite: str = typer.Option(None, "--suite", "-s", help="Only this suite."),
    category: str = typer.Option(None, "--category", "-c", help="Only this category."),
    task: list[str] = typer.Option(None, "--task", "-t", help="Only this task id (repeatable)."),
    tasks_dir: Path = typer.Option(None, "--tasks-dir", help="Validate this folder instead of the catalog."),
    shapes: str = typer.Option("small", "--shapes", help="Shape set to check at: tiny|small|large."),
    jobs: int = typer.Option(2, "--jobs", "-j", min=1, help="Tasks checked at once (one process each)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Check again even what passed before."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when any task is invalid (for CI)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array: id, valid, problems, ... per task."),
) -> None:
    """Check tasks: they load and run, are deterministic, finite, not near-constant, depend on every input
    and on their weights, have no randomness in forward, run fast enough at small shapes, and carry complete
    metadata. Passes are cached by content hash. Exit 0 whatever the findings (1 with --strict)."""
    from . import tasks as T
    from .validate import validate

    if shapes not in T.SHAPE_SETS:
        raise UsageError(f"unknown shape set '{shapes}' (use {', '.join(T.SHAPE_SETS)})")
    pool = _load_tasks(tasks_dir)
    chosen = [T.find(t, pool) for t in task] if task else T.select(pool, suite, category)
    if not chosen:
        raise UsageError("no task matches the selection")
    from ._progress import bar

    with bar(len(chosen), "validating", enabled=not as_json) as advance:
        reports = validate(
            chosen,
            shapes,
            jobs=jobs,
            use_cache=not no_cache,
            on_result=lambda r: advance(f"{r['id']}: {'ok' if r['valid'] else 'INVALID'}"),
        )
    bad = [r for r in reports if not r["valid"]]
    if as_json:
        _out(reports)
    else:
        for r in bad:
            print(f"INVALID {r['id']}: " + "; ".join(r["problems"]))
        print(f"{len(reports) - len(bad)} of {len(reports)} tasks valid at {shapes} shapes")
    if strict and bad:
        raise typer.Exit(1)


@tasks_app.command("show")
def tasks_show(
    task_id: str = typer.Argument(..., help="Task id, e.g. activation/gelu_tanh."),
    tasks_dir: Path = typer.Option(None, "--tasks-dir", help="Look the id up in this folder."),
    as_json: bool = typer.Option(False, "--json", help="Print metadata and source as JSON."),
) -> None:
    """Show a task's metadata and reference source."""
    from . import tasks as T

    t = T.find(task_id, _load_tasks(tasks_dir))
    source = Path(t.path).read_text(encoding="utf-8")
    if as_json:
        _out({**t.model_dump(mode="json"), "reference_source": source})
        return
    for key, value in t.model_dump(exclude={"content_hash"}).items():
        print(f"{key:12} {value}")
    print(f"{'hash':12} {t.content_hash[:16]}\n")
    print(source)


# ---- runs ------------------------------------------------------------------------------------------
@runs_app.command("list")
def runs_list(
    db: Path = typer.Option(None, "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array."),
) -> None:
    """List stored runs (an interrupted run shows status 'running' or 'incomplete': --resume it)."""
    import time

    rows = _store(db).runs()
    if as_json:
        _out(rows)
        return
    table = Table(title=f"{len(rows)} runs")
    for col in ("run_id", "model", "backend", "status", "tasks", "evaluated", "correct", "created"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["run_id"],
            r["model"],
            r["backend"],
            r["status"],
            str(r["n_tasks"]),
            str(r["n_evaluated"]),
            str(r["n_correct"]),
            time.strftime("%Y-%m-%d %H:%M", time.localtime(r["created_at"])),
        )
    Console(width=max(140, Console().width)).print(table)


@runs_app.command("export")
def runs_export(
    run_id: str = typer.Argument(..., help="The run to export (see `kbench runs list`)."),
    out: Path = typer.Option(..., "--out", "-o", help="JSONL file to write (one line per generation)."),
    db: Path = typer.Option(None, "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary of what was written."),
) -> None:
    """Write a run's prompts, responses, reasoning and seeds as JSONL: the `replay:FILE` format, so the run
    can be replayed or re-scored offline (`kbench run --model replay:F ...`)."""
    from .export import export_run

    n = export_run(_store(db), run_id, out)
    if as_json:
        _out({"run_id": run_id, "out": str(out), "records": n})
    else:
        err.print(f"wrote {n} records of run {run_id} to {out}")


# ---- doctor ----------------------------------------------------------------------------------------
@app.command()
def doctor(
    as_json: bool = typer.Option(False, "--json", help="Print a JSON object."),
    measure: bool = typer.Option(
        False,
        "--measure",
        help="Measure this CPU's peak FLOP/s and copy bandwidth again and store them (the roofline of CPU "
        "runs; accelerators use the datasheet table). Takes a few seconds; run it on an idle machine.",
    ),
) -> None:
    """Which backends can build and run here, and why not (--measure: measure the CPU's peak rates)."""
    if measure:
        from .cli_report import measure_device

        measure_device(as_json)
        return
    import platform

    import backends

    items = []
    for name in backends.names():
        try:
            a = backends.get(name).availability()
            items.append(
                {"name": name, "available": a.can_run, "can_build": a.can_build, "reason": a.reason, "device": a.device}
            )
        except Exception as exc:  # one broken backend must not hide the others
            items.append(
                {
                    "name": name,
                    "available": False,
                    "can_build": False,
                    "reason": f"{type(exc).__name__}: {exc}",
                    "device": "",
                }
            )
    try:
        import torch

        torch_version = torch.__version__
    except ImportError:
        torch_version = None
    from . import sandbox as sb

    sandboxes = [{"name": m, "usable": sb.check(m) is None, "reason": sb.check(m) or "ok"} for m in sb.MODES]
    binutils = {tool: shutil.which(tool) is not None for tool in ("nm", "readelf")}
    versions = _toolchain_versions()
    report = {
        "kbench": __version__,
        "python": platform.python_version(),
        "torch": torch_version,
        "versions": versions,
        "backends": items,
        "sandboxes": sandboxes,
        "default_sandbox": sb.default_mode(),
        "binutils": binutils,
    }
    if as_json:
        _out(report)
        return
    print(f"kbench {__version__}, python {report['python']}, torch {torch_version}")
    print("  " + ", ".join(f"{k} {v or '-'}" for k, v in versions.items()))
    for it in items:
        mark = "ok " if it["available"] else ("build" if it["can_build"] else "no ")
        print(f"  [{mark}] {it['name']:8} {it['reason']}  ({it['device']})")
    print(f"sandboxes (default: {report['default_sandbox']}):")
    for it in sandboxes:
        print(f"  [{'ok ' if it['usable'] else 'no '}] {it['name']:8} {it['reason']}")
    if not all(binutils.values()):
        print("  nm/readelf missing: the native-library scan of candidates is skipped (apt-get install binutils)")


def _toolchain_versions() -> dict[str, str | None]:
    """Versions of what the backends need: triton, jax, nvcc, the NVIDIA driver, CANN."""
    import re
    import subprocess

    from backends.base import nvidia_driver, package_version
    from backends.cuda import cuda_home

    home = cuda_home()
    line = nvidia_driver()
    driver = line.split("Kernel Module")[-1].split()[0] if line and "Kernel Module" in line else line
    cann = None
    for var in ("ASCEND_TOOLKIT_HOME", "ASCEND_HOME_PATH"):
        if os.environ.get(var):
            cann = os.environ[var]
    nvcc = None
    if home:
        out = subprocess.run([f"{home}/bin/nvcc", "--version"], capture_output=True, text=True, timeout=30).stdout
        found = re.search(r"release ([\d.]+)", out)
        nvcc = found.group(1) if found else None
    return {
        "triton": package_version("triton"),
        "jax": package_version("jax"),
        "nvcc": nvcc,
        "nvidia_driver": driver,
        "cann": cann,
        "torch_npu": package_version("torch_npu"),
    }


# ---- commands defined in their own modules (they use the helpers above) -----------------------------
_register_report(app)
_register_curate(app)
_register_ci(app)


def _tidy_help(typer_app: typer.Typer) -> None:
    """Docstrings wrap at the source's line length; --help should rewrap them to the terminal's width: join
    the lines of each paragraph (paragraphs stay separated by a blank line)."""
    import inspect
    import re

    for info in typer_app.registered_commands:
        if info.help is None and info.callback is not None and info.callback.__doc__:
            info.help = re.sub(r"(?<!\n)\n(?!\n)", " ", inspect.cleandoc(info.callback.__doc__))
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _tidy_help(group.typer_instance)


_tidy_help(app)


# ---- entry point -----------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> None:
    """Console entry point: maps every outcome to the documented exit codes."""
    try:
        rv = app(args=argv, prog_name="kbench", standalone_mode=False)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        err.print("interrupted: the results so far are stored; continue with `kbench run --resume RUN_ID`")
        sys.exit(130)
    except KbenchError as exc:
        prefix = "error" if exc.exit_code == 2 else "harness fault"
        err.print(f"kbench: {prefix}: {exc}", markup=False, highlight=False)
        sys.exit(exc.exit_code)
    except Exception as exc:
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):  # typer/click usage errors
            exc.show()
            sys.exit(2)
        tb = traceback.extract_tb(exc.__traceback__)
        where = f"{Path(tb[-1].filename).name}:{tb[-1].lineno}" if tb else "?"
        if os.environ.get("KBENCH_DEBUG"):
            traceback.print_exc()
        err.print(
            f"kbench: internal error at {where}: {type(exc).__name__}: {exc}\n"
            "This is a bug in kbench; please report it with the command you ran "
            "(set KBENCH_DEBUG=1 for the traceback).",
            markup=False,
            highlight=False,
        )
        sys.exit(4)
    sys.exit(rv if isinstance(rv, int) else 0)

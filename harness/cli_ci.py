"""``kbench export-kernels`` and ``kbench verify``: CI regression on kernel correctness (docs/ci.md)."""

from __future__ import annotations

from pathlib import Path

import typer

from .errors import UsageError


def register(app: typer.Typer) -> None:
    from .cli import (
        DB_HELP,
        MEMORY_HELP,
        SANDBOX_HELP,
        _backend_or_usage,
        _on_off,
        _out,
        _sandbox_or_usage,
        _store,
        err,
    )

    @app.command("export-kernels")
    def export_kernels_cmd(
        run_id: str = typer.Argument(..., help="The run whose correct kernels to export (see `kbench runs list`)."),
        out: Path = typer.Option(
            ..., "--out", "-o", help="Folder to write (kernels/, references/, kbench-kernels.json)."
        ),
        include_unverified: bool = typer.Option(
            False,
            "--include-unverified",
            help="Also export kernels that only compiled here (`unverified`, e.g. cuda without a GPU), to verify "
            "them later on a machine that has the device.",
        ),
        force: bool = typer.Option(False, "--force", help="Write into a folder that is not empty."),
        db: Path = typer.Option(None, "--db", help=DB_HELP),
        as_json: bool = typer.Option(False, "--json", help="Print a JSON summary of what was written."),
    ) -> None:
        """Write a run's correct kernels as plain files plus a manifest, for `kbench verify` in CI.

        Every correct kernel of the run (its best turn per sample) is written verbatim, with a manifest
        (kbench-kernels.json) recording its task id and content hash (or the reference file itself, for
        --tasks-dir tasks), backend, shapes, verdict, speedup and device. Check the folder into your repository
        and run `kbench verify` on it in CI (docs/ci.md)."""
        from .kernels_ci import export_kernels

        summary = export_kernels(_store(db), run_id, out, include_unverified=include_unverified, force=force)
        if as_json:
            _out(summary)
            return
        err.print(f"wrote {summary['kernels']} kernels of run {run_id} to {out} (manifest: {out}/kbench-kernels.json)")
        if summary["skipped_not_correct"]:
            err.print(f"  {summary['skipped_not_correct']} samples were not correct and are not exported")
        if summary["run_status"] != "finished":
            err.print(f"  note: run {run_id} is '{summary['run_status']}', not finished")

    @app.command("verify")
    def verify_cmd(
        folder: Path = typer.Argument(..., help="A kernels folder with kbench-kernels.json (from export-kernels)."),
        backend: str = typer.Option(..., "--backend", "-b", help="Verify the manifest's kernels of this backend."),
        junit: Path = typer.Option(None, "--junit", help="Write a JUnit XML report (one testcase per kernel) here."),
        perf_tolerance: str = typer.Option(
            None,
            "--perf-tolerance",
            help="Also fail a correct kernel whose speedup is below the recorded one by more than this fraction "
            "(0.1 or 10%); raw kernel times are compared too, but only on the device they were recorded on.",
        ),
        allow_unverified: bool = typer.Option(
            False, "--allow-unverified", help="Exit 0, not 3, when some kernels could only be compiled here."
        ),
        tasks_dir: Path = typer.Option(None, "--tasks-dir", help="Look task ids up in this folder, not the catalog."),
        shapes: str = typer.Option(None, "--shapes", help="Shape set for every kernel (default: each one's recorded)."),
        workers: int = typer.Option(2, "--workers", "-w", min=1, help="Kernels evaluated at once."),
        trials: int = typer.Option(3, "--trials", min=1, help="Correctness trials with fresh seeds."),
        timeout: float = typer.Option(
            300.0, "--timeout", help="Seconds per kernel for each phase after the build (trials, timing, re-check)."
        ),
        build_timeout: float = typer.Option(600.0, "--build-timeout", help="Seconds allowed to build each kernel."),
        no_timing: bool = typer.Option(False, "--no-timing", help="Check correctness only (faster; no speed check)."),
        compile_baseline: str = typer.Option(
            "off", "--compile-baseline", help="Time torch.compile too, for speedup_compile: on|off (default off)."
        ),
        sandbox: str = typer.Option(None, "--sandbox", help=SANDBOX_HELP),
        memory_limit: float = typer.Option(None, "--memory-limit", min=0, help=MEMORY_HELP),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object with every kernel's outcome."),
    ) -> None:
        """Re-evaluate a kernels folder (from export-kernels) and fail on any regression: CI for kernels.

        Each kernel is evaluated against its task like any candidate (fresh worker, correctness trials,
        anti-cheat checks, timing).

        Exit codes: 0 every kernel is correct; 1 a kernel regressed (any status other than correct, a task that
        changed or vanished since the kernel was recorded, or with --perf-tolerance a slower kernel); 3 nothing
        regressed but some kernels could only be compiled here (no device) and --allow-unverified was not
        given; 2 usage error (no manifest, bad flag, a backend that can do nothing here)."""
        from . import kernels_ci as K
        from . import tasks as T
        from ._progress import bar
        from .evaluate import EvalOptions

        be = _backend_or_usage(backend)
        tol = K.parse_tolerance(perf_tolerance)
        if tol is not None and no_timing:
            raise UsageError("--perf-tolerance needs timing: drop --no-timing")
        if shapes is not None and shapes not in T.SHAPE_SETS:
            raise UsageError(f"unknown shape set '{shapes}' (use {', '.join(T.SHAPE_SETS)})")
        data = K.load_manifest(folder)
        n = sum(1 for k in data["kernels"] if k["backend"] == be.name)
        opts = EvalOptions(
            trials=trials,
            timeout=timeout,
            build_timeout=build_timeout,
            time=not no_timing,
            sandbox=_sandbox_or_usage(sandbox),
            compile_baseline=_on_off(compile_baseline, "--compile-baseline"),
            memory_limit_gb=memory_limit,
        )
        if not as_json:
            err.print(f"verifying {n} {be.name} kernels in {folder} ({be.availability().reason})")
        with bar(n, "verifying") as advance:
            outcomes = K.verify(
                folder,
                be.name,
                opts,
                workers=workers,
                perf_tolerance=tol,
                tasks_dir=tasks_dir,
                shapes=shapes,
                advance=advance,
                manifest=data,
            )
        code = K.exit_code(outcomes, allow_unverified)
        if junit is not None:
            junit.parent.mkdir(parents=True, exist_ok=True)
            junit.write_text(K.junit_xml(outcomes, be.name, allow_unverified), encoding="utf-8")
        if as_json:
            _out(
                {
                    "folder": str(folder),
                    "backend": be.name,
                    "exit_code": code,
                    "counts": K.counts(outcomes),
                    "kernels": [o.to_json() for o in outcomes],
                }
            )
        else:
            mark = {"passed": "ok  ", "unverified": "unv ", "skipped": "skip"}
            for o in outcomes:
                print(f"  [{mark.get(o.outcome, 'FAIL')}] {o.task_id} ({o.file}): {o.outcome}: {o.message}")
                for note in o.notes:
                    if not note.startswith("task '") or o.outcome != "task_changed":
                        print(f"         note: {note}")
            summary = ", ".join(f"{k} {v}" for k, v in K.counts(outcomes).items())
            verdict = {0: "all kernels pass", 1: "REGRESSION", 3: "nothing regressed, but some kernels are unverified"}
            print(f"{verdict[code]} ({summary})" + (f"; JUnit report: {junit}" if junit else ""))
            if code == 3:
                print("  (exit 3: run on a machine with the device, or pass --allow-unverified)")
        if code:
            raise typer.Exit(code)

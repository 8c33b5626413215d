"""``kbench curate``: runs -> a fine-tuning dataset (JSONL or Parquet) and its card."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console

DB_HELP = "Results database (default: $KBENCH_DB or results/kbench.db)."


def register(app: typer.Typer) -> None:
    @app.command("curate")
    def curate_cmd(
        run_ids: list[str] = typer.Argument(..., metavar="RUN_ID", help="Runs to draw from (`kbench runs list`)."),
        out: Path = typer.Option(
            ...,
            "--out",
            "-o",
            help="Dataset file: F.jsonl or F.parquet (by extension). The card goes beside it as F's stem + "
            "'.card.md'; with --split the data goes to STEM.train.EXT and STEM.test.EXT.",
        ),
        speed_tolerance: float = typer.Option(
            0.05,
            "--speed-tolerance",
            help="Measurement noise allowed when checking that the shortest trace is also the fastest kernel "
            "(a fraction: 0.05 is 5%).",
        ),
        min_speedup: float = typer.Option(
            5.0, "--min-speedup", help="Also keep any correct sample at least this much faster than eager (0: off)."
        ),
        balance: bool = typer.Option(
            False, "--balance", help="Downsample single-operator or fused tasks (seeded) to equal numbers of tasks."
        ),
        dedup_threshold: float = typer.Option(
            0.95,
            "--dedup-threshold",
            help="Kernels this similar (Jaccard of 5-token shingles after normalisation) are duplicates; the "
            "shortest trace stays (1: exact duplicates only).",
        ),
        exclude_suite: list[str] = typer.Option(
            None, "--exclude-suite", help="Drop the tasks of this evaluation suite (repeatable), e.g. level1."
        ),
        exclude_mirrors: bool = typer.Option(
            False, "--exclude-mirrors", help="Drop tasks whose `mirrors` names a KernelBench/MultiKernelBench task."
        ),
        split: float = typer.Option(
            None, "--split", help="Task-level train/test split: the test fraction of tasks, e.g. 0.1."
        ),
        seed: int = typer.Option(0, "--seed", help="Seed of --balance and --split."),
        difficulty_thresholds: str = typer.Option(
            "4000,8500",
            "--difficulty-thresholds",
            help="EASY,HARD in reasoning tokens: a task's mean below EASY is easy, below HARD medium, else hard.",
        ),
        require_timing: bool = typer.Option(
            False,
            "--require-timing",
            help="Drop a task whose samples have no device timing (default: keep its shortest trace, speedup null).",
        ),
        allow_no_reasoning: bool = typer.Option(
            False, "--allow-no-reasoning", help="Keep answers without a reasoning trace (counted as 0 tokens)."
        ),
        allow_torch_track: bool = typer.Option(
            False, "--allow-torch-track", help="Keep samples of runs on the PyTorch-allowed track (--allow-torch)."
        ),
        db: Path = typer.Option(None, "--db", help=DB_HELP),
        as_json: bool = typer.Option(False, "--json", help="Print the statistics as one JSON object."),
    ) -> None:
        """Turn runs into supervised fine-tuning data (ConCuR-style), as JSONL or Parquet with a dataset card.

        Per task the correct, anti-cheat-clean sample with the shortest reasoning (if it is also the fastest
        within --speed-tolerance), plus samples with a large speedup; near-duplicates removed. Rows: task_id,
        backend, source, pytorch_code, reasoning, kernel, speedup, model, messages (chat format), difficulty."""
        from ._paths import default_db
        from .curate import CurateOptions, curate, output_paths, parse_thresholds, summary_lines, write
        from .store import Store

        opts = CurateOptions(
            speed_tolerance=speed_tolerance,
            min_speedup=min_speedup,
            balance=balance,
            dedup_threshold=dedup_threshold,
            exclude_suites=list(exclude_suite or []),
            exclude_mirrors=exclude_mirrors,
            split=split,
            seed=seed,
            difficulty_thresholds=parse_thresholds(difficulty_thresholds),
            require_timing=require_timing,
            allow_no_reasoning=allow_no_reasoning,
            allow_torch_track=allow_torch_track,
        )
        opts.check()
        output_paths(out, split is not None)  # a bad extension is a usage error before any work
        store = Store(db or default_db())
        try:
            curated = curate(store, list(run_ids), opts)
        finally:
            store.close()
        written = write(curated, out)
        if as_json:
            sys.stdout.write(json.dumps({**written, **curated.stats}, indent=2) + "\n")
            return
        err = Console(stderr=True, soft_wrap=True)
        for line in summary_lines(curated.stats):
            err.print(line, markup=False, highlight=False)
        for path in (*written["files"].values(), written["card"]):
            err.print(f"wrote {path}", markup=False, highlight=False)

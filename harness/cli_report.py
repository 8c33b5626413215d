"""``kbench leaderboard`` and ``kbench report``: read the results store, never re-run anything.

Also :func:`measure_device`, the body of ``kbench doctor --measure``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from .errors import UsageError

DB_HELP = "Results database (default: $KBENCH_DB or results/kbench.db)."


def _store(db: Path | None) -> Any:
    from ._paths import default_db
    from .store import Store

    path = db or default_db()
    if not Path(path).is_file():
        raise UsageError(f"no results database at {path} (run `kbench run ...` first, or give --db)")
    return Store(path)


def _out(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, default=str) + "\n")


def _f(value: Any, spec: str = ".3f", suffix: str = "") -> str:
    return "-" if value is None else f"{value:{spec}}{suffix}"


def register(app: typer.Typer) -> None:
    @app.command("leaderboard")
    def leaderboard(
        run_ids: list[str] = typer.Argument(None, help="Runs to rank (default: every run in the store)."),
        fmt: str = typer.Option("md", "--format", "-f", help="md (default), csv, json or html."),
        out: Path = typer.Option(None, "--out", "-o", help="Write to this file instead of stdout."),
        db: Path = typer.Option(None, "--db", help=DB_HELP),
        as_json: bool = typer.Option(False, "--json", help="Same as --format json."),
    ) -> None:
        """Rank models (md, csv, json, or one self-contained html page).

        One row per (model, backend, strategy, turns, track, task set, shapes, device); runs with the same
        key are pooled. Sorted by fast_1, then pass@1, with 95% bootstrap intervals over tasks. Rows of
        different task sets are never ranked against each other: each task set gets its own table. The
        html page holds a fast_p-versus-p chart, the table, a per-category heat map and, linked from its
        cells, every sample with its kernel."""
        from . import leaderboard as L
        from ._progress import bar
        from .metrics import load_run

        if as_json:
            fmt = "json"
        if fmt not in L.FORMATS:
            raise UsageError(f"unknown --format '{fmt}' (use {', '.join(L.FORMATS)})")
        store = _store(db)
        ids = list(run_ids or []) or [r["run_id"] for r in store.runs()]
        for run_id in ids:
            if not store.run_exists(run_id):
                raise UsageError(f"unknown run '{run_id}' in {store.path} (see `kbench runs list`)")
        datas = []
        with bar(len(ids), "reading runs", enabled=len(ids) >= 5) as advance:
            for run_id in ids:
                datas.append(load_run(store, run_id))
                advance(run_id)
        entries = L.build(datas)
        if fmt == "html":
            from .html_report import render

            text = render(entries, store)
        else:
            text = {"md": L.to_markdown, "csv": L.to_csv, "json": L.to_json}[fmt](entries)
        if out is None:
            sys.stdout.write(text)
            return
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        from rich.console import Console

        Console(stderr=True).print(f"wrote the leaderboard ({len(entries)} rows, {len(ids)} runs) to {out}")

    @app.command("report")
    def report(
        run_id: str = typer.Argument(..., help="The run to summarise (see `kbench runs list`)."),
        db: Path = typer.Option(None, "--db", help=DB_HELP),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object with every metric."),
    ) -> None:
        """Summarise one run: its table and every metric.

        The table `kbench run` prints at the end, then compile@k and pass@k, fast_p at k=1 and best of k,
        speedups vs eager and torch.compile, the roofline fraction, per-category and per-level figures,
        the per-turn curve, the failure taxonomy with its most frequent messages, and tokens and cost."""
        from .metrics import load_run, run_metrics
        from .run import summary

        store = _store(db)
        if not store.run_exists(run_id):
            raise UsageError(f"unknown run '{run_id}' in {store.path} (see `kbench runs list`)")
        metrics = run_metrics(load_run(store, run_id))
        s = summary(store, run_id)
        if as_json:
            _out({"summary": s.model_dump(mode="json"), "metrics": metrics})
            return
        from .cli import _print_run_table, _print_summary

        _print_run_table(store, run_id)
        _print_summary(s)
        print_metrics(metrics)


def print_metrics(m: dict[str, Any]) -> None:
    """The metrics of :func:`harness.metrics.run_metrics` as terminal tables."""
    from rich.console import Console
    from rich.table import Table

    from .metrics import P_VALUES, p_label

    console = Console(width=max(120, Console().width))
    o = m["overall"]
    print(
        f"\nmodel {m['model']}, backend {m['backend']}, strategy {m['strategy']}, track {m['track']}, "
        f"shapes {m['shapes']}, device {m['device'] or '-'}, task set {m['task_set']}"
        + (" (best of turns)" if m["turns"] > 1 else "")
    )
    ks = o["ks"]
    print("\npass@k and compile@k (unbiased estimator, mean over tasks)")
    t = Table()
    t.add_column("metric")
    for k in ks:
        t.add_column(f"k={k}", justify="right")
    t.add_row("compile@k", *(_f(o[f"compile@{k}"]) for k in ks))
    t.add_row("pass@k", *(_f(o[f"pass@{k}"]) for k in ks))
    console.print(t)
    ci = m["ci"]

    def interval(name: str) -> str:
        return "" if not ci.get(name) else f"  95% CI [{ci[name][0]:.3f}, {ci[name][1]:.3f}]"

    print(f"pass@1 {_f(o.get('pass@1'))}{interval('pass@1')}; fast_1 {_f(o['fast_1'])}{interval('fast_1')}")
    print("fast_p: correct with a device-timed speedup > p (k=1: share of samples; k>1: best of k)")
    t = Table()
    t.add_column("k")
    for p in P_VALUES:
        t.add_column(f"p={p_label(p)}", justify="right")
    t.add_row("1", *(_f(o[f"fast_{p_label(p)}"]) for p in P_VALUES))
    for k in ks[1:]:
        t.add_row(str(k), *(_f(o[f"fast_{p_label(p)}@{k}"]) for p in P_VALUES))
    console.print(t)
    roof = o["roofline_fraction"]
    print(
        f"geomean speedup vs eager {_f(o['geomean_speedup'], '.2f', 'x')}, vs torch.compile "
        f"{_f(o['geomean_speedup_compile'], '.2f', 'x')} ({o['n_timed']} device-timed correct samples"
        + (f", {o['n_interpreted']} interpreted: never ranked" if o["n_interpreted"] else "")
        + ")"
    )
    print(
        "roofline fraction (speed of light / measured time): "
        + (
            f"mean {roof:.1%}, median {o['roofline_fraction_median']:.1%}, max {o['roofline_fraction_max']:.1%} "
            f"over {o['roofline_n']} samples"
            if roof is not None
            else "- (no correct device-timed sample with known FLOPs/bytes and peak rates)"
        )
    )
    print(f"never counted as correct: rejected {o['rejected']}, unverified {o['unverified']}")
    for title, key in (("per category", "by_category"), ("per level", "by_level")):
        groups = m[key]
        if len(groups) < 1:
            continue
        print(title)
        t = Table()
        for col in (key.removeprefix("by_"), "tasks", "samples", "compile@1", "pass@1", "fast_1", "geomean"):
            t.add_column(col, justify="left" if col in ("category", "level") else "right")
        for name, g in groups.items():
            t.add_row(
                name,
                str(g["n_tasks"]),
                str(g["n_samples"]),
                _f(g.get("compile@1")),
                _f(g.get("pass@1")),
                _f(g["fast_1"]),
                _f(g["geomean_speedup"], ".2f", "x"),
            )
        console.print(t)
    if m["per_turn"]:
        print("per-turn curve (after turn t: best of turns 0..t)")
        t = Table()
        for col in ("after turn", "samples", "compile@1", "pass@1", "fast_1", "geomean"):
            t.add_column(col, justify="right")
        for row in m["per_turn"]:
            t.add_row(
                str(row["turn"]),
                str(row["n_samples"]),
                _f(row["compile@1"]),
                _f(row["pass@1"]),
                _f(row["fast_1"]),
                _f(row["geomean_speedup"], ".2f", "x"),
            )
        console.print(t)
    tax = m["taxonomy"]
    if tax:
        print("failure taxonomy (every evaluation, all turns)")
        t = Table()
        for col in ("failure", "count", "share", "reason codes", "most frequent messages"):
            t.add_column(col, justify="right" if col in ("count", "share") else "left")
        for bucket, e in tax.items():
            codes = ", ".join(f"{c} {n}" for c, n in e["codes"].items())
            messages = "\n".join(f"{x['count']}x {x['message']}" for x in e["messages"])
            t.add_row(bucket, str(e["count"]), f"{e['share']:.0%}", codes, messages)
        console.print(t)
    else:
        print("failure taxonomy: no failures")
    u = m["usage"]
    cost = "unknown (no price: see --price)" if u["cost_usd"] is None else f"${u['cost_usd']:.4f}"
    print(
        f"tokens: {u['input_tokens']} in, {u['output_tokens']} out; cost {cost}; "
        f"{u['cached_responses']} answers from cache"
    )


def measure_device(as_json: bool = False) -> dict[str, Any]:
    """``kbench doctor --measure``: measure this CPU's peak rates again (for the roofline) and store them."""
    import torch

    from . import roofline

    threads = torch.get_num_threads()
    if not as_json:
        from rich.console import Console

        Console(stderr=True).print(f"measuring the CPU's peak rates with {threads} threads (a few seconds) ...")
    peaks = roofline.cpu_peaks(threads, refresh=True)
    result = {"device": f"cpu: {peaks.get('cpu', '')}".strip(), "threads": threads, **peaks}
    if as_json:
        _out(result)
    else:
        print(
            f"{result['device']} ({threads} threads): {peaks['flops'] / 1e9:.1f} GFLOP/s float32, "
            f"{peaks.get('flops_bf16', 0) / 1e9:.1f} GFLOP/s bfloat16, {peaks.get('flops_fp16', 0) / 1e9:.1f} "
            f"GFLOP/s float16, {peaks['bytes_per_s'] / 1e9:.1f} GB/s copy bandwidth"
        )
        print(f"method: {peaks['method']}")
        print("stored for the roofline check and `kbench leaderboard` (accelerators use the datasheet table)")
    return result

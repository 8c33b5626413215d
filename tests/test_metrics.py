"""Every metric on hand-built result sets with known answers, and `kbench report` on them."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest
from conftest import OK_TASKS, json_out, run_kbench

from harness import metrics as M
from harness.schema import Evaluation, Generation, RunSettings, Status, Task
from harness.store import Store

SOURCE = str(OK_TASKS / "scale_add.py")


def task(task_id: str, category: str = "broadcast", level: int = 1) -> Task:
    return Task(id=task_id, path=SOURCE, category=category, level=level, content_hash=f"hash-{task_id}")


def ev(status: str, speedup: float | None = None, timing: str = "device", **kw) -> Evaluation:
    """An evaluation as the evaluator would store it (compiled follows the status unless given)."""
    st = Status(status)
    compiled = kw.pop("compiled", st not in (Status.compile_error, Status.no_code))
    return Evaluation(
        status=st,
        compiled=compiled,
        correct=st == Status.correct,
        timing=timing if speedup is not None or st == Status.correct else "none",
        speedup=speedup if timing == "device" else None,
        candidate_ms=kw.pop("candidate_ms", 1.0 if speedup else None),
        backend="cpu",
        device=kw.pop("device", "cpu: test"),
        **kw,
    )


def make_run(
    store: Store,
    run_id: str,
    results: list[tuple[Task, list]],
    model: str = "m",
    turns: int = 1,
    usage: dict | None = None,
    **settings,
) -> str:
    """A finished run: ``results`` holds (task, evaluation per sample), a list of turns per sample when
    turns > 1."""
    samples = max(len(v) for _, v in results)
    store.create_run(
        RunSettings(run_id=run_id, model=model, backend="cpu", samples=samples, turns=turns, **settings),
        [t for t, _ in results],
    )
    for t, per_sample in results:
        for sample, value in enumerate(per_sample):
            for turn, e in enumerate(value if isinstance(value, list) else [value]):
                store.add_generation(
                    run_id,
                    Generation(task_id=t.id, sample=sample, turn=turn, prompt="p", response="r", kernel="k",
                               usage=usage or {}),
                )  # fmt: skip
                store.add_evaluation(run_id, t.id, sample, turn, e.model_copy(update={"task_id": t.id}))
    store.set_run_status(run_id, "finished")
    return run_id


# ---- pass@k ----------------------------------------------------------------------------------------


def test_pass_at_k_known_values():
    assert M.pass_at_k(5, 2, 1) == pytest.approx(0.4)
    assert M.pass_at_k(5, 2, 2) == pytest.approx(0.7)
    assert M.pass_at_k(5, 2, 5) == pytest.approx(1.0)
    assert M.pass_at_k(5, 0, 3) == 0.0
    assert M.pass_at_k(1, 1, 1) == 1.0
    with pytest.raises(ValueError):
        M.pass_at_k(2, 1, 5)


def test_pass_at_k_is_the_chance_that_some_of_k_drawn_samples_pass():
    for n, c, k in [(10, 3, 2), (10, 3, 5), (7, 1, 3), (6, 4, 2)]:
        outcomes = [i < c for i in range(n)]
        draws = list(itertools.combinations(outcomes, k))
        assert M.pass_at_k(n, c, k) == pytest.approx(sum(any(d) for d in draws) / len(draws))


def test_allowed_ks_follow_the_samples():
    assert M.allowed_ks(1) == [1]
    assert M.allowed_ks(4) == [1, 2]
    assert M.allowed_ks(10) == [1, 2, 5, 10]


# ---- one hand-built run ----------------------------------------------------------------------------

A, B = task("a", "matmul", 1), task("b", "activation", 2)


def known_results() -> list[tuple[Task, list[Evaluation]]]:
    return [
        (A, [
            ev("correct", 1.5, speedup_compile=2.0, roofline_ms=0.5, candidate_ms=1.0),
            ev("correct", 0.5, speedup_compile=0.5, roofline_ms=0.5, candidate_ms=2.0),
            ev("rejected", 3.0, reason_codes=["torch_op"], reasons=["the candidate executed aten::add"]),
            ev("unverified", reason_codes=["no_device"], reasons=["no GPU: compiled, not run"]),
            ev("compile_error", reason_codes=["build_failed"],
               reasons=["compiler: /tmp/kb/build_1a2b3c4d/main.cpp:12:5: error: expected ';' before 'return'"]),
        ]),
        (B, [
            ev("incorrect", reason_codes=["value_mismatch"], reasons=["max abs error 9.39 at (73821,)"]),
            ev("incorrect", reason_codes=["shape_mismatch"], reasons=["output shape (4, 8) != (8, 4)"]),
            ev("runtime_error", reason_codes=["forward_failed"], reasons=["RuntimeError: bad at 0x7f00dead"]),
            ev("timeout", compiled=True, reason_codes=["run_timeout"], reasons=["phase 'trials' took too long"]),
            ev("compile_error", reason_codes=["build_failed"],
               reasons=["compiler: /home/u/.cache/kbench/x/main.cpp:99:1: error: expected ';' before 'return'"]),
        ]),
    ]  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "kbench.db")


def test_metrics_of_a_known_run(store):
    make_run(store, "r", known_results())
    data = M.load_run(store, "r")
    m = M.compute(data.headline(), data.tasks)
    assert (m["n_tasks"], m["n_samples"], m["samples_per_task"], m["ks"]) == (2, 10, 5, [1, 2, 5])
    # task a: 2 of 5 correct (rejected and unverified never count); task b: none
    assert m["pass@1"] == pytest.approx((0.4 + 0) / 2)
    assert m["pass@2"] == pytest.approx((0.7 + 0) / 2)
    assert m["pass@5"] == pytest.approx((1.0 + 0) / 2)
    # built: a 4 of 5 (unverified and rejected built), b 4 of 5 (the timeout had built)
    assert m["compile@1"] == pytest.approx(0.8)
    assert m["compile@2"] == pytest.approx(1.0)
    # fast_p at k=1: share of the 10 samples; the rejected 3.0x never counts
    assert m["fast_0"] == pytest.approx(0.2)
    assert m["fast_0.5"] == pytest.approx(0.1)
    assert m["fast_1"] == pytest.approx(0.1)
    assert m["fast_2"] == 0.0
    # best of k: task a has 1 sample faster than 1x among 5
    assert m["fast_1@2"] == pytest.approx((0.4 + 0) / 2)
    assert m["fast_0@2"] == pytest.approx((0.7 + 0) / 2)
    assert m["fast_1@5"] == pytest.approx(0.5)
    assert m["geomean_speedup"] == pytest.approx(math.sqrt(1.5 * 0.5))
    assert m["geomean_speedup_compile"] == pytest.approx(1.0)
    assert m["fast_1_compile"] == pytest.approx(0.1)
    assert m["roofline_fraction"] == pytest.approx((0.5 + 0.25) / 2)
    assert m["roofline_n"] == 2
    assert (m["correct"], m["rejected"], m["unverified"]) == (2, 1, 1)
    # the run summary kbench run prints agrees
    base = M.summarize_rows(data.headline())
    assert m["fast_1"] == base["fast_1"] and m["correct_rate"] == base["correct_rate"] == 0.2


def test_breakdowns_per_category_and_level(store):
    make_run(store, "r", known_results())
    full = M.run_metrics(M.load_run(store, "r"))
    assert set(full["by_category"]) == {"matmul", "activation"}
    assert full["by_category"]["matmul"]["pass@1"] == pytest.approx(0.4)
    assert full["by_category"]["activation"]["pass@1"] == 0.0
    assert full["by_level"]["1"]["fast_1"] == pytest.approx(0.2)
    assert full["by_level"]["2"]["compile@1"] == pytest.approx(0.8)
    assert list(full["by_backend"]) == ["cpu"]
    assert full["track"] == "kernels_only" and full["device"] == "cpu: test"


def test_failure_taxonomy_buckets_and_grouped_messages(store):
    make_run(store, "r", known_results())
    tax = M.run_metrics(M.load_run(store, "r"))["taxonomy"]
    counts = {bucket: e["count"] for bucket, e in tax.items()}
    assert counts == {
        "compile_error": 2,
        "runtime_error": 1,
        "output_mismatch": 1,
        "shape_mismatch": 1,
        "timeout": 1,
        "rejected": 1,
        "unverified": 1,
    }
    assert tax["rejected"]["codes"] == {"torch_op": 1}
    # two compiler errors at different paths and lines are one message
    top = tax["compile_error"]["messages"][0]
    assert top["count"] == 2
    assert "/tmp" not in top["message"] and "99" not in top["message"] and "expected ';'" in top["message"]
    assert tax["compile_error"]["share"] == pytest.approx(0.2)


def test_normalize_message_strips_paths_numbers_and_addresses():
    a = M.normalize_message("RuntimeError at 0x7ffd1234abcd in /usr/lib/x/libfoo.so: size 1024 != 2048")
    b = M.normalize_message("RuntimeError at 0x55aa00112233 in /opt/y/libbar.so: size 7 != 3.5e-05")
    assert a == b == "RuntimeError at <hex> in <path>: size N != N"
    assert M.normalize_message("\n\n  first line\nsecond") == "first line"


def test_no_code_and_crashes_have_their_buckets():
    rows = [
        {"status": "no_code", "result": '{"reason_codes": ["no_code"], "reasons": ["no block"]}'},
        {"status": "crashed", "result": '{"reason_codes": ["signal"], "reasons": ["SIGSEGV"]}'},
    ]
    tax = M.failure_taxonomy(rows)
    assert tax["no_code"]["count"] == 1 and tax["runtime_error"]["codes"] == {"signal": 1}


def test_interpreted_times_are_never_ranked(store):
    make_run(store, "r", [(A, [ev("correct", 3.0, timing="interpreted"), ev("incorrect")])])
    m = M.compute(M.load_run(store, "r").headline())
    assert m["pass@1"] == pytest.approx(0.5)
    assert m["fast_1"] is None and m["fast_0@2"] is None and m["geomean_speedup"] is None
    assert m["n_interpreted"] == 1
    assert M.bootstrap_ci(M.load_run(store, "r").headline())["fast_1"] is None


def test_per_turn_curve_is_best_of_turns_so_far(store):
    results = [
        (A, [
            [ev("compile_error"), ev("incorrect"), ev("correct", 1.2)],
            [ev("correct", 0.8), ev("correct", 1.5), ev("incorrect")],
        ])
    ]  # fmt: skip
    make_run(store, "t", results, turns=3)
    m = M.run_metrics(M.load_run(store, "t"))
    curve = [(c["turn"], c["compile@1"], c["pass@1"], c["fast_1"]) for c in m["per_turn"]]
    assert curve == [(0, 0.5, 0.5, 0.0), (1, 1.0, 0.5, 0.5), (2, 1.0, 1.0, 1.0)]
    assert m["overall"]["pass@1"] == 1.0 and m["overall"]["n_samples"] == 2
    assert m["overall"]["geomean_speedup"] == pytest.approx(math.sqrt(1.2 * 1.5))
    # the taxonomy counts every evaluation, all turns
    assert m["taxonomy"]["output_mismatch"]["count"] == 2


def test_bootstrap_intervals_contain_the_estimate_and_are_reproducible(store):
    results = []
    for i in range(20):
        good = i % 4  # 0..3 correct of 4 samples; some faster than eager
        results.append(
            (task(f"t{i}"), [ev("correct", 1.5 if s % 2 else 0.9) if s < good else ev("incorrect") for s in range(4)])
        )
    make_run(store, "r", results)
    rows = M.load_run(store, "r").headline()
    m, ci = M.compute(rows), M.bootstrap_ci(rows)
    for name in ("pass@1", "fast_1"):
        lo, hi = ci[name]
        assert lo < m[name] < hi and 0.0 <= lo and hi <= 1.0
    assert ci == M.bootstrap_ci(rows)
    assert M.bootstrap_ci(rows, seed=1) != ci


def test_bootstrap_of_identical_tasks_has_no_width(store):
    make_run(store, "r", [(task(f"t{i}"), [ev("correct", 2.0), ev("incorrect")]) for i in range(5)])
    ci = M.bootstrap_ci(M.load_run(store, "r").headline())
    assert ci["pass@1"] == pytest.approx([0.5, 0.5]) and ci["fast_1"] == pytest.approx([0.5, 0.5])


def test_roofline_from_the_peak_table_when_not_stored(store, monkeypatch):
    monkeypatch.delenv("KBENCH_PEAKS", raising=False)
    h100 = "NVIDIA H100 80GB HBM3"
    # 1e12 FLOPs of float32 at the H100's TF32 peak (495 TFLOP/s): 2.0202 ms at the speed of light
    e = ev("correct", 2.0, flops=1e12, bytes_moved=1.0, device=h100, candidate_ms=1000 / 495 * 2)
    make_run(store, "g", [(A, [e])])
    m = M.compute(M.load_run(store, "g").headline(), {"a": A})
    assert m["roofline_fraction"] == pytest.approx(0.5)
    # a level-2 task is bounded by its bytes only (as in the evaluation)
    assert M.roofline_fractions(M.load_run(store, "g").headline(), {"a": B}) == [pytest.approx(1 / 3.35e12 / 2 * 495)]


def test_task_set_hash_depends_on_ids_and_content():
    assert M.task_set_hash([A, B]) == M.task_set_hash([B, A])
    assert M.task_set_hash([A]) != M.task_set_hash([A, B])
    assert M.task_set_hash([A]) != M.task_set_hash([A.model_copy(update={"content_hash": "changed"})])


# ---- kbench report ---------------------------------------------------------------------------------


def test_report_json_has_every_metric(tmp_path):
    db = tmp_path / "kbench.db"
    store = Store(db)
    usage = {"input_tokens": 100, "output_tokens": 50, "cost_usd": 0.01}
    make_run(store, "r", known_results(), usage=usage)
    store.close()
    proc = run_kbench("report", "r", "--json", db=db)
    assert proc.returncode == 0, proc.stderr
    out = json_out(proc)
    m = out["metrics"]
    assert out["summary"]["correct_rate"] == pytest.approx(0.2)
    assert m["overall"]["pass@2"] == pytest.approx(0.35)
    assert m["overall"]["fast_1"] == pytest.approx(0.1)
    assert m["ci"]["pass@1"][0] <= 0.2 <= m["ci"]["pass@1"][1]
    assert m["taxonomy"]["compile_error"]["count"] == 2
    assert m["usage"]["input_tokens"] == 1000 and m["usage"]["cost_usd"] == pytest.approx(0.1)


def test_report_prints_the_run_table_and_the_metrics(tmp_path):
    db = tmp_path / "kbench.db"
    store = Store(db)
    make_run(store, "r", known_results(), turns=1)
    store.close()
    proc = run_kbench("report", "r", db=db, env={"COLUMNS": "200"})
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    needles = ["run r", "compile_rate 0.80, correct_rate 0.20", "pass@k", "p=1.5", "failure taxonomy"]
    needles += ["compile_error", "expected ';'", "rejected 1, unverified 1", "roofline fraction", "matmul"]
    for needle in needles:
        assert needle in text, needle


def test_report_of_an_unknown_run_is_a_usage_error(tmp_path):
    db = tmp_path / "kbench.db"
    Store(db).close()
    proc = run_kbench("report", "nope", db=db)
    assert proc.returncode == 2 and "unknown run 'nope'" in proc.stderr


# ---- kbench doctor --measure -----------------------------------------------------------------------


def test_measure_device_measures_and_stores_cpu_peaks(tmp_path, monkeypatch, capsys):
    import json

    from harness.cli_report import measure_device

    monkeypatch.setenv("KBENCH_CACHE", str(tmp_path))
    result = measure_device(as_json=True)
    printed = json.loads(capsys.readouterr().out)
    assert printed["flops"] == result["flops"] > 0 and result["bytes_per_s"] > 0 and result["measured"] is True
    stored = [json.loads(p.read_text()) for p in (tmp_path / "peaks").glob("*.json")]
    assert [s["flops"] for s in stored] == [result["flops"]]
    measure_device()
    text = capsys.readouterr().out
    assert "GFLOP/s float32" in text and "GB/s" in text
    assert len(list((tmp_path / "peaks").glob("*.json"))) == 1


def test_doctor_measure_from_the_cli(tmp_path):
    proc = run_kbench("doctor", "--measure", "--json", env={"KBENCH_CACHE": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json_out(proc)
    assert result["flops"] > 0 and result["bytes_per_s"] > 0 and result["device"].startswith("cpu")
    assert len(list((tmp_path / "peaks").glob("*.json"))) == 1

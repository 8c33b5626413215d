"""Typed core round-trips, metrics definitions, the store's keys, and the comparison rules."""

from __future__ import annotations

import sqlite3

import pytest
import torch

from harness._compare import compare
from harness.metrics import summarize_rows
from harness.schema import REASON_CODES, Evaluation, Generation, RunSettings, Status, Task, Tolerance
from harness.store import SCHEMA_VERSION, Store


def _task() -> Task:
    return Task(id="x/y", path="/tmp/x.py", category="math", content_hash="0" * 64)


def test_evaluation_round_trips_through_json():
    ev = Evaluation(
        status=Status.incorrect,
        compiled=True,
        correct=False,
        backend="cpu",
        device="cpu",
        reason_codes=["value_mismatch"],
        reasons=["off by one"],
    )
    again = Evaluation.model_validate_json(ev.model_dump_json())
    assert again == ev
    dumped = ev.model_dump(mode="json")
    for key in (
        "status",
        "compiled",
        "correct",
        "timing",
        "speedup",
        "speedup_compile",
        "baseline_ms",
        "candidate_ms",
        "reasons",
        "reason_codes",
        "backend",
        "device",
    ):
        assert key in dumped
    assert dumped["status"] == "incorrect" and dumped["timing"] == "none"


def test_task_and_run_settings_round_trip():
    t = _task()
    assert Task.model_validate_json(t.model_dump_json()) == t
    s = RunSettings(run_id="r", model="golden", backend="cpu", task_ids=["x/y"])
    assert RunSettings.model_validate_json(s.model_dump_json()) == s


def test_every_status_and_reason_code_is_documented():
    assert {s.value for s in Status} >= {
        "correct",
        "incorrect",
        "compile_error",
        "runtime_error",
        "timeout",
        "crashed",
        "rejected",
        "unverified",
    }
    for code in (
        "shape_mismatch",
        "value_mismatch",
        "nan",
        "torch_op",
        "input_mutated",
        "thread_spawned",
        "beyond_roofline",
    ):
        assert code in REASON_CODES


def test_store_keys_are_unique_and_versioned(tmp_path):
    path = tmp_path / "r.db"
    store = Store(path)
    src = tmp_path / "x.py"
    src.write_text("# task\n")
    task = _task().model_copy(update={"path": str(src)})
    store.create_run(RunSettings(run_id="r1", model="golden", backend="cpu"), [task])
    gen = Generation(task_id="x/y", sample=0, prompt="p", response="r", kernel="k")
    store.add_generation("r1", gen)
    with pytest.raises(sqlite3.IntegrityError):
        store.add_generation("r1", gen)
    ev = Evaluation(
        status=Status.correct, compiled=True, correct=True, backend="cpu", device="cpu", speedup=2.0, timing="device"
    )
    store.add_evaluation("r1", "x/y", 0, 0, ev)
    with pytest.raises(sqlite3.IntegrityError):
        store.add_evaluation("r1", "x/y", 0, 0, ev)
    assert store.generation("r1", "x/y", 0) == gen
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    store.close()


def _row(status, compiled=1, speedup=None, timing="device"):
    return {"status": status, "compiled": compiled, "speedup": speedup, "timing": timing}


def test_summary_metrics_follow_the_glossary():
    rows = [
        _row("correct", speedup=2.0),
        _row("correct", speedup=0.5),
        _row("incorrect"),
        _row("unverified", timing="none"),
        _row("compile_error", compiled=0),
        _row("no_code", compiled=0),
    ]
    m = summarize_rows(rows)
    assert m["compile_rate"] == pytest.approx(4 / 6)  # unverified counts as built
    assert m["correct_rate"] == pytest.approx(2 / 6)  # unverified is never correct
    assert m["fast_1"] == pytest.approx(1 / 6)
    assert m["geomean_speedup"] == pytest.approx(1.0)
    # interpreter times are recorded, never ranked: no fast_1, no geomean
    interpreted = summarize_rows([_row("correct", speedup=None, timing="interpreted"), _row("incorrect")])
    assert interpreted["fast_1"] is None and interpreted["geomean_speedup"] is None
    assert summarize_rows([_row("incorrect")])["fast_1"] == 0.0


def _cmp(out, ref, types=None, container="single", tol=Tolerance(atol=1e-5, rtol=1e-5)):
    outs, refs = [out], [ref]
    structure = {"container": container, "types": types or ["torch.Tensor"], "devices": ["cpu"]}
    ref_structure = {"container": "single", "types": ["torch.Tensor"], "devices": ["cpu"]}
    return compare(outs, structure, refs, ref_structure, tol, "cpu", "t")


def test_compare_rules():
    ref = torch.randn(8, 8)
    assert _cmp(ref.clone(), ref).ok
    assert _cmp(ref + 1e-7, ref).ok
    assert _cmp(ref + 1e-2, ref).codes == ["value_mismatch"]
    assert _cmp(ref.double(), ref).codes == ["dtype_mismatch"]
    assert _cmp(ref[:4], ref).codes == ["shape_mismatch"]
    bad = ref.clone()
    bad[0, 0] = float("nan")
    assert _cmp(bad, ref).codes == ["nan"]
    bad[0, 0] = float("inf")
    assert _cmp(bad, ref).codes == ["inf"]
    assert _cmp(ref.clone(), ref, types=["torch.nn.parameter.Parameter"]).codes == ["type_mismatch"]
    assert _cmp(ref.clone(), ref, container="tuple").codes == ["type_mismatch"]
    ints = torch.arange(10)
    assert not _cmp(ints + 1, ints).ok

"""The golden cpu kernels: the smoke suite end to end, every kernel correct with a measured speedup."""

from __future__ import annotations

import json

import pytest
from conftest import json_out

from harness import prompting
from harness import tasks as T


def test_one_golden_cpu_kernel_per_smoke_task():
    smoke = {t.id for t in T.select(T.catalog(), "smoke")}
    assert set(prompting.goldens("cpu")) == smoke


@pytest.mark.slow
@pytest.mark.timeout(2400)  # the session's golden run is made by whichever test asks first (~10 min cold)
def test_golden_smoke_run_is_all_correct(golden_cpu_run):
    db, _, proc = golden_cpu_run
    assert proc.returncode == 0, proc.stderr[-4000:]
    summary = json_out(proc)
    assert summary["n_tasks"] == 15 and summary["n_samples"] == 15
    assert summary["counts"] == {"correct": 15}, proc.stderr[-4000:]
    assert summary["correct_rate"] == 1.0 and summary["compile_rate"] == 1.0
    assert summary["geomean_speedup"] > 0
    for key in ("run_id", "model", "backend", "fast_1"):
        assert key in summary
    # plain progress lines on a non-terminal stderr
    assert "[15/15]" in proc.stderr
    # every check ran on the golden kernels without a false positive
    from harness.store import Store

    store = Store(db)
    try:
        results = [json.loads(r["result"]) for r in store.evaluations("golden-smoke")]
    finally:
        store.close()
    for res in results:
        assert res["track"] == "kernels_only" and res["reason_codes"] == [], res["task_id"]
        assert res["trials_passed"] == res["trials"] == 3 and res["env"]["sandbox"] in ("bwrap", "none")

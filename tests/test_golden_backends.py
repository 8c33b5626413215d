"""The golden kernels of the accelerator backends, one per smoke-suite category plus the generic (add)
exemplar of every backend. On this machine: triton and pallas run under their interpreters (a real
correctness verdict, `timing: interpreted`, speedup null); cuda compiles for real with nvcc and is
`unverified` (no driver); with a GPU the same tests demand `correct`. The ascend exemplar is checked by
tests/test_ascend.py (parsing and project generation: there is no CANN here)."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, json_out, run_kbench

import backends
from harness import prompting
from harness import tasks as T

ACCELERATORS = ["triton", "pallas", "cuda"]


def _expected(backend: str) -> str:
    return "correct" if backends.get(backend).availability().can_run else "unverified"


def _results(db, run_name: str) -> list[dict]:
    from harness.store import Store

    store = Store(db)
    try:
        return [json.loads(r["result"]) for r in store.evaluations(run_name)]
    finally:
        store.close()


def test_every_backend_has_a_golden_kernel_per_smoke_task_and_a_generic_one():
    smoke = {t.id for t in T.select(T.catalog(), "smoke")}
    for name in ["cpu", *ACCELERATORS]:
        assert set(prompting.goldens(name)) == smoke, name
    for name in backends.names():
        assert prompting.generic_exemplar(name) is not None, name


def test_the_cuda_goldens_keep_nvcc_fast():
    """Each cuda golden compiles its kernels in a .cu that includes no torch header (nvcc stays fast) and
    launches them on the current stream."""
    for path in [*prompting.goldens("cuda").values(), prompting.generic_exemplar("cuda")]:
        text = path.read_text()
        assert "cuda_sources" in text and "getCurrentCUDAStream" in text, path.name


@pytest.mark.slow
@pytest.mark.parametrize("backend", ACCELERATORS)
def test_golden_smoke_run(db, backend):
    run_name = f"golden-{backend}"
    proc = run_kbench(
        "run", "--model", "golden", "--backend", backend, "--suite", "smoke", "--workers", "2",
        "--run-name", run_name, "--json", db=db,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-4000:]
    summary = json_out(proc)
    results = _results(db, run_name)
    detail = {r["task_id"]: (r["status"], r["reason_codes"], r["reasons"][:2]) for r in results}
    expected = _expected(backend)
    assert summary["n_tasks"] == 15 and summary["counts"] == {expected: 15}, detail
    for res in results:
        assert res["reason_codes"] == ([] if expected == "correct" else ["no_device"]), res["task_id"]
        if res["timing"] == "interpreted":
            assert res["speedup"] is None and res["shapes"] == "tiny" and res["candidate_ms"] > 0
        if backend == "cuda" and expected == "unverified":
            assert res["compiled"] is True and res["env"]["kernel_resources"], res["task_id"]  # ptxas usage


@pytest.mark.slow
def test_generic_exemplars_are_right(tmp_path):
    """`--tasks-dir prompts/generic --model golden` answers the generic reference with each backend's exemplar.
    The four runs are independent (own results database each) and run side by side."""
    from concurrent.futures import ThreadPoolExecutor

    names = ["cpu", *ACCELERATORS]

    def run(backend: str):
        db = tmp_path / f"{backend}.db"
        proc = run_kbench(
            "run", "--model", "golden", "--backend", backend, "--tasks-dir", str(ROOT / "prompts" / "generic"),
            "--compile-baseline", "off", "--run-name", f"generic-{backend}", "--json", db=db,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-3000:]
        return _results(db, f"generic-{backend}")

    with ThreadPoolExecutor(len(names)) as pool:
        outcomes = dict(zip(names, pool.map(run, names), strict=True))
    for backend, results in outcomes.items():
        (res,) = results
        expected = "correct" if backend == "cpu" else _expected(backend)
        assert res["status"] == expected, (backend, res["reasons"], res["log_tail"][-1500:])

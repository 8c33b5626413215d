"""Every verdict of the contract, from real candidate files, through the real CLI.

One replay run evaluates all candidates (in parallel, so the C++ builds overlap); the `kbench eval`
tests then hit the same build cache.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CANDIDATES, OK_TASKS, json_out, replay_run_args, run_kbench

EXPECTED = {
    "honest_omp": ("correct", None),
    "compile_error": ("compile_error", "build_failed"),
    "wrong": ("incorrect", "value_mismatch"),
    "infinite_loop": ("timeout", "run_timeout"),
    "segfault": ("crashed", "signal"),
    "py_syntax_error": ("compile_error", "syntax_error"),
    "no_modelnew": ("compile_error", "no_modelnew"),
    "raises": ("runtime_error", "forward_failed"),
    "wrong_shape": ("incorrect", "shape_mismatch"),
    "nan_output": ("incorrect", "nan"),
    "tuple_output": ("incorrect", "type_mismatch"),
    "mutates_input": ("incorrect", "input_mutated"),
    "os_exit": ("crashed", "worker_exit"),
}
NAMES = list(EXPECTED)


@pytest.fixture(scope="module")
def verdict_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("verdicts")
    answers = [f"Here it is.\n```python\n{(CANDIDATES / f'{name}.py').read_text()}```\n" for name in NAMES]
    args = replay_run_args(
        tmp, [*answers, "Sorry, no kernel."], "--timeout", "20", "--build-timeout", "400", "--compile-baseline", "off"
    )
    db = tmp / "kbench.db"
    proc = run_kbench(
        *args,
        "--workers",
        "2",
        "--run-name",
        "verdicts",
        "--json",
        db=db,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return db, json_out(proc)


def _rows(db: Path):
    from harness.store import Store

    store = Store(db)
    try:
        return {r["sample"]: r for r in store.evaluations("verdicts")}
    finally:
        store.close()


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_candidate_gets_its_verdict(verdict_run, name):
    db, _ = verdict_run
    row = _rows(db)[NAMES.index(name)]
    status, code = EXPECTED[name]
    result = json.loads(row["result"])
    assert row["status"] == status, (name, result["reasons"], result["log_tail"][-1500:])
    if code:
        assert code in result["reason_codes"], result
        assert result["reasons"], "every failed verdict says why"
    if status != "correct":
        assert row["speedup"] is None and result["correct"] is not True


@pytest.mark.slow
def test_answer_without_code_is_no_code(verdict_run):
    db, summary = verdict_run
    row = _rows(db)[len(NAMES)]
    assert row["status"] == "no_code" and row["compiled"] == 0
    assert summary["n_samples"] == len(NAMES) + 1
    assert summary["counts"]["correct"] == 1


@pytest.mark.slow
def test_run_summary_rates_follow_the_glossary(verdict_run):
    _, s = verdict_run
    n = len(NAMES) + 1
    assert s["correct_rate"] == pytest.approx(1 / n)
    # compiled: every candidate that imported (all but the 3 compile errors, the no-code sample)
    assert s["compile_rate"] == pytest.approx((n - 4) / n)


def _eval(name: str, db: Path, *extra: str, env: dict[str, str] | None = None):
    proc = run_kbench(
        "eval",
        "--backend",
        "cpu",
        "--reference",
        str(OK_TASKS / "scale_add.py"),
        "--candidate",
        str(CANDIDATES / f"{name}.py"),
        "--json",
        *extra,
        db=db,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json_out(proc)


@pytest.mark.slow
def test_eval_honest_openmp_kernel_is_correct_with_speedup(verdict_run, db):
    ev = _eval("honest_omp", db)
    assert ev["status"] == "correct" and ev["compiled"] is True and ev["correct"] is True
    assert ev["timing"] == "device"
    assert isinstance(ev["speedup"], float) and ev["speedup"] > 0
    assert ev["baseline_ms"] > 0 and ev["candidate_ms"] > 0
    assert ev["backend"] == "cpu" and ev["device"].startswith("cpu")
    for key in ("speedup_compile", "reasons", "reason_codes"):
        assert key in ev
    # the torch.compile baseline, timed by a trusted process and cached
    assert ev["env"]["compile_baseline"]["status"] == "ok", ev["env"]["compile_baseline"]
    assert isinstance(ev["speedup_compile"], float) and ev["compile_ms"] > 0
    assert ev["speedup_compile"] == pytest.approx(ev["compile_ms"] / ev["candidate_ms"], rel=1e-3)
    # the environment and the roofline are recorded with the result
    assert ev["env"]["tf32_allowed"] is False and ev["env"]["float32_matmul_precision"] == "highest"
    assert ev["bytes_moved"] == 3 * 1048576 * 4 and ev["roofline_ms"] > 0
    assert ev["track"] == "kernels_only" and ev["env"]["sandbox"] in ("bwrap", "none")


@pytest.mark.slow
def test_honest_kernel_faster_than_the_claimed_peak_is_beyond_roofline(verdict_run, db, tmp_path):
    """With peak rates claimed to be tiny (KBENCH_PEAKS), the same honest kernel is physically impossible."""
    peaks = tmp_path / "peaks.json"
    peaks.write_text(json.dumps({"flops": 1e6, "bytes_per_s": 1e6}))
    ev = _eval("honest_omp", db, "--compile-baseline", "off", env={"KBENCH_PEAKS": str(peaks)})
    assert ev["status"] == "rejected" and "beyond_roofline" in ev["reason_codes"], ev["reasons"]
    assert ev["speedup"] is None and ev["correct"] is False


@pytest.mark.slow
def test_eval_compile_error_quotes_the_compiler(verdict_run, db):
    ev = _eval("compile_error", db)
    assert ev["status"] == "compile_error" and ev["compiled"] is False
    assert "error" in ev["reasons"][0] and "undeclared_function" in ev["reasons"][0]


@pytest.mark.slow
def test_eval_wrong_kernel_is_incorrect_with_max_error(verdict_run, db):
    ev = _eval("wrong", db)
    assert ev["status"] == "incorrect" and ev["correct"] is False
    assert "value_mismatch" in ev["reason_codes"] and "max abs error" in ev["reasons"][0]


@pytest.mark.slow
def test_eval_infinite_loop_times_out(verdict_run, db):
    ev = _eval("infinite_loop", db, "--timeout", "8")
    assert ev["status"] == "timeout" and ev["reason_codes"] == ["run_timeout"]


@pytest.mark.slow
def test_eval_segfault_is_crashed(verdict_run, db):
    ev = _eval("segfault", db)
    assert ev["status"] == "crashed" and "SIGSEGV" in ev["reasons"][0]


def test_build_timeout_is_separate_from_timeout(db):
    ev = _eval("build_hang", db, "--build-timeout", "4", "--timeout", "300")
    assert ev["status"] == "timeout" and ev["reason_codes"] == ["build_timeout"] and ev["compiled"] is False


def test_eval_human_output_and_usage_errors(db):
    proc = run_kbench(
        "eval",
        "--backend",
        "cpu",
        "--reference",
        str(OK_TASKS / "scale_add.py"),
        "--candidate",
        str(CANDIDATES / "raises.py"),
        db=db,
    )
    assert proc.returncode == 0 and "runtime_error" in proc.stdout and "forward_failed" in proc.stdout
    assert run_kbench("eval", "--backend", "nope", "--task", "x", "--candidate", "y.py").returncode == 2
    assert (
        run_kbench(
            "eval", "--backend", "cpu", "--reference", str(OK_TASKS / "scale_add.py"), "--candidate", "missing.py"
        ).returncode
        == 2
    )


def _alive(pid: int) -> bool:
    try:
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        out += [int(c) for c in (task / "children").read_text().split()]
    return out


def test_worker_dies_with_its_parent(db):
    """kill -9 of the driver takes the hanging worker with it (no orphaned candidate keeps a core busy)."""
    import os
    import signal
    import subprocess
    import time

    from conftest import KBENCH, ROOT

    proc = subprocess.Popen(
        [KBENCH, "eval", "--reference", str(OK_TASKS / "scale_add.py"), "--candidate",
         str(CANDIDATES / "build_hang.py"), "--build-timeout", "600", "--no-timing"],
        cwd=ROOT, env=dict(os.environ, KBENCH_DB=str(db)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    worker = None
    deadline = time.time() + 120
    while worker is None and time.time() < deadline:
        for child in _children(proc.pid):
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"harness._worker" in cmdline:
                worker = child
        time.sleep(0.2)
    assert worker is not None, "the worker never started"
    time.sleep(6.0)  # past start-up: the worker now sleeps in the import and writes nothing (no SIGPIPE to save us)
    assert _alive(worker), "the worker must be running before the driver is killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 10
    while _alive(worker) and time.time() < deadline:
        time.sleep(0.1)
    assert not _alive(worker), "the worker outlived the driver"

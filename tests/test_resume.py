"""A run killed with SIGKILL at any point resumes with nothing lost, redone or duplicated."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time

from conftest import KBENCH, ROOT, json_out, replay_run_args, run_kbench

PY_KERNEL = (
    "import torch.nn as nn\n\n\nclass ModelNew(nn.Module):\n"
    "    def forward(self, x, y):\n        return 2.0 * x + y * {k}\n"
)


def _count(db, sql, *args):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def test_kill_9_then_resume_completes_without_duplicates(tmp_path):
    db = tmp_path / "kbench.db"
    samples = 6  # samples 0, 2, 4 are correct; 1, 3, 5 are wrong
    kernels = [PY_KERNEL.format(k=1.0 if s % 2 == 0 else 3.0) for s in range(samples)]
    args = replay_run_args(
        tmp_path,
        [f"```python\n{k}```" for k in kernels],
        "--workers", "1", "--trials", "2", "--run-name", "killed",
        "--allow-torch", "--compile-baseline", "off",  # plain PyTorch answers: the PyTorch-allowed track
    )  # fmt: skip
    env = dict(os.environ, KBENCH_DB=str(db))
    proc = subprocess.Popen(
        [KBENCH, *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.time() + 300
    while time.time() < deadline:
        if db.exists() and _count(db, "SELECT COUNT(*) FROM evaluations")[0][0] >= 2:
            break
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = dict(_count(db, "SELECT sample, created_at FROM evaluations WHERE run_id='killed'"))
    gens_before = dict(_count(db, "SELECT sample, created_at FROM generations WHERE run_id='killed'"))
    assert 2 <= len(before) < samples, "the kill must land in the middle of the run"
    assert _count(db, "SELECT status FROM runs WHERE run_id='killed'")[0][0] == "running"

    listed = json_out(run_kbench("runs", "list", "--json", db=db))
    assert listed[0]["run_id"] == "killed" and listed[0]["n_evaluated"] == len(before)

    # flags that would change the run are refused with --resume
    assert run_kbench("run", "--resume", "killed", "--samples", "2", db=db).returncode == 2
    assert run_kbench("run", "--resume", "nope", db=db).returncode == 2

    done = run_kbench("run", "--resume", "killed", "--json", db=db)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json_out(done)
    assert summary["run_id"] == "killed" and summary["status"] == "finished"
    assert summary["n_samples"] == samples and summary["correct_rate"] == 0.5  # --allow-torch was restored

    rows = _count(db, "SELECT sample, created_at, status FROM evaluations WHERE run_id='killed' ORDER BY sample")
    assert [r[0] for r in rows] == list(range(samples))
    after = {r[0]: r[1] for r in rows}
    assert all(after[s] == t for s, t in before.items()), "finished evaluations were redone"
    assert [r[2] for r in rows] == ["correct", "incorrect"] * (samples // 2)
    gens_after = dict(_count(db, "SELECT sample, created_at FROM generations WHERE run_id='killed'"))
    assert len(gens_after) == samples
    assert all(gens_after[s] == t for s, t in gens_before.items()), "stored generations were regenerated"


def test_existing_run_name_is_a_usage_error(tmp_path):
    db = tmp_path / "kbench.db"
    args = replay_run_args(tmp_path, ["no code"], "--run-name", "same", "--json")
    first = run_kbench(*args, db=db)
    assert first.returncode == 0 and json_out(first)["counts"] == {"no_code": 1}
    second = run_kbench(*args, db=db)
    assert second.returncode == 2 and "already exists" in second.stderr and second.stdout == ""

"""Shared helpers: run the real `kbench` CLI in a subprocess against a private results database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
CANDIDATES = TESTS / "candidates"
OK_TASKS = TESTS / "tasks" / "ok"
BAD_TASKS = TESTS / "tasks" / "bad"
KBENCH = str(Path(sys.executable).parent / "kbench")


def run_kbench(
    *args: str,
    db: Path | None = None,
    timeout: float = 1500,
    env: dict[str, str] | None = None,
    check_json: bool = False,
) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ)
    if db is not None:
        full_env["KBENCH_DB"] = str(db)
    full_env.update(env or {})
    proc = subprocess.run([KBENCH, *args], capture_output=True, text=True, timeout=timeout, env=full_env, cwd=ROOT)
    if check_json:
        assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def json_out(proc: subprocess.CompletedProcess[str]):
    """stdout must be exactly one JSON value."""
    return json.loads(proc.stdout)


def replay_run_args(tmp: Path, responses: list[str], *extra: str) -> list[str]:
    """Write a replay file answering tests/tasks/ok/scale_add with ``responses`` (sample i gets
    responses[i]) and return the `kbench run` arguments that evaluate all of them."""
    replay = tmp / "answers.jsonl"
    with replay.open("w") as fh:
        for sample, text in enumerate(responses):
            fh.write(json.dumps({"task_id": "scale_add", "sample": sample, "response": text}) + "\n")
    return ["run", "--model", f"replay:{replay}", "--backend", "cpu", "--tasks-dir", str(OK_TASKS),
            "--task", "scale_add", "--samples", str(len(responses)), *extra]  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "kbench.db"


@pytest.fixture(scope="session")
def golden_cpu_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, subprocess.CompletedProcess[str]]:
    """`kbench run --model golden --backend cpu --suite smoke`, once per session: (db, run name, process).

    tests/test_golden.py checks the run; tests/test_verify.py exports its kernels and verifies them."""
    db = tmp_path_factory.mktemp("golden-cpu") / "kbench.db"
    proc = run_kbench(
        "run", "--model", "golden", "--backend", "cpu", "--suite", "smoke", "--workers", "2",
        "--run-name", "golden-smoke",
        "--compile-baseline", "off",  # timed in test_verdicts and `make demo`; 15 cold torch.compile runs: ~2 min
        "--json", db=db,
    )  # fmt: skip
    return db, "golden-smoke", proc

"""The torch.compile baseline: computed once in a trusted subprocess, cached, failures reported not raised."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import OK_TASKS, ROOT

from harness import compile_baseline
from harness._paths import lock_path

SCALE_ADD = str(OK_TASKS / "scale_add.py")
OVERRIDES = {"n": 65536}
BENCH = {"warmup_ms": 5, "rep_ms": 50, "min_reps": 5, "max_reps": 50}
ENV = {"torch": "test", "python": sys.version.split()[0], "cxx": "test"}

FAILS_UNDER_COMPILE = '''\
"""Runs in eager; torch.compile cannot trace it (the view is only attempted while compiling)."""
import torch
import torch.nn as nn

n = 1024


class Model(nn.Module):
    def forward(self, x):
        if torch.compiler.is_compiling():
            x = x.view(7, -1, 13)
        return x * 2


def get_inputs():
    return [torch.randn(n)]


def get_init_inputs():
    return []
'''

SLOW_TO_BUILD = """\
import time
import torch
import torch.nn as nn


class Model(nn.Module):
    def forward(self, x):
        return x


def get_inputs():
    return [torch.randn(8)]


def get_init_inputs():
    time.sleep(60)
    return []
"""


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One KBENCH_CACHE for the module, so the inductor artefacts compiled by one test serve the others."""
    return tmp_path_factory.mktemp("kbench-cache")


@pytest.fixture
def cache(shared_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KBENCH_CACHE", str(shared_cache))
    return shared_cache


def _get(task_path: str, task_hash: str, overrides: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "task_hash": task_hash,
        "shapes": "test",
        "device": "cpu",
        "threads": 1,
        "lock_path": str(lock_path("cpu")),
        "bench_args": BENCH,
        "timing_seed": 1234,
        "init_seed": 42,
        "env": ENV,
        "timeout": 600.0,
    }
    args.update(kw)
    return compile_baseline.get(task_path, OVERRIDES if overrides is None else overrides, **args)


def test_cache_key_is_canonical_and_covers_every_part():
    key = compile_baseline.cache_key("h", "small", "cpu", {"a": 1, "b": "x"})
    assert key == compile_baseline.cache_key("h", "small", "cpu", {"b": "x", "a": 1})
    assert len(key) == 64 and int(key, 16) >= 0
    others = {
        compile_baseline.cache_key("h2", "small", "cpu", {"a": 1, "b": "x"}),
        compile_baseline.cache_key("h", "large", "cpu", {"a": 1, "b": "x"}),
        compile_baseline.cache_key("h", "small", "cuda", {"a": 1, "b": "x"}),
        compile_baseline.cache_key("h", "small", "cpu", {"a": 2, "b": "x"}),
    }
    assert key not in others and len(others) == 4


def test_computed_once_then_served_from_the_cache(cache: Path):
    t0 = time.monotonic()
    first = _get(SCALE_ADD, "scale-add-cold")
    cold_s = time.monotonic() - t0
    assert first["status"] == "ok", first
    assert first["cached"] is False
    assert first["median_ms"] > 0 and first["compile_s"] > 0
    assert 5 <= len(first["times_ms"]) <= 50
    entry = cache / "compile_baseline" / f"{first['key']}.json"
    assert json.loads(entry.read_text())["median_ms"] == first["median_ms"]
    assert list(entry.parent.glob("*.tmp")) == []
    assert any((cache / "inductor").iterdir()), "inductor artefacts belong in the kbench cache"

    t0 = time.monotonic()
    second = _get(SCALE_ADD, "scale-add-cold")
    warm_s = time.monotonic() - t0
    assert second["status"] == "ok" and second["cached"] is True
    assert second["median_ms"] == first["median_ms"] and second["key"] == first["key"]
    assert warm_s < cold_s / 10, (cold_s, warm_s)
    print(f"cold {cold_s:.2f}s (compile_s {first['compile_s']}s), cached {warm_s * 1000:.2f}ms")


def test_threads_enter_the_key_and_relative_paths_work(cache: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)
    one = compile_baseline.cache_key("h", "s", "cpu", {**ENV, "threads": 1})
    result = _get("tests/tasks/ok/scale_add.py", "h", shapes="s", threads=1)
    assert result["status"] == "ok", result
    assert result["key"] == one and result["env"]["threads"] == 1
    missing = _get("tests/tasks/ok/no_such_task.py", "missing")
    assert missing["status"] == "failed" and "no such task file" in missing["reason"]
    assert not (cache / "compile_baseline" / f"{missing['key']}.json").exists()


def test_a_task_torch_compile_rejects_is_a_cached_failure(cache: Path, tmp_path: Path):
    task = tmp_path / "no_compile.py"
    task.write_text(FAILS_UNDER_COMPILE)
    first = _get(str(task), "no-compile", overrides={})
    assert first["status"] == "failed" and first["cached"] is False
    assert "torch.compile" in first["reason"] and "\n" not in first["reason"]
    assert "median_ms" not in first
    second = _get(str(task), "no-compile", overrides={})
    assert second["status"] == "failed" and second["cached"] is True
    assert second["reason"] == first["reason"]


def test_concurrent_threads_compute_once(cache: Path, monkeypatch: pytest.MonkeyPatch):
    launches: list[int] = []
    real = compile_baseline._compute

    def counting(spec: dict[str, Any], timeout: float):
        launches.append(1)
        return real(spec, timeout)

    monkeypatch.setattr(compile_baseline, "_compute", counting)
    results: list[dict[str, Any]] = []
    errors: list[BaseException] = []

    def call() -> None:
        try:
            results.append(_get(SCALE_ADD, "scale-add-threads"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(launches) == 1
    assert sorted(r["cached"] for r in results) == [False, True]
    assert all(r["status"] == "ok" for r in results)
    assert results[0]["pid"] == results[1]["pid"]
    assert results[0]["median_ms"] == results[1]["median_ms"]


def test_concurrent_processes_compute_once(cache: Path):
    script = textwrap.dedent(
        f"""
        import json, sys
        from harness import compile_baseline
        from harness._paths import lock_path
        r = compile_baseline.get({SCALE_ADD!r}, {OVERRIDES!r}, task_hash="scale-add-procs", shapes="test",
            device="cpu", threads=1, lock_path=str(lock_path("cpu")), bench_args={BENCH!r}, timing_seed=1,
            init_seed=2, env={ENV!r})
        print(json.dumps({{"cached": r["cached"], "pid": r.get("pid"), "status": r["status"]}}))
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True) for _ in range(2)
    ]
    outs = [json.loads(p.communicate(timeout=600)[0]) for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert all(o["status"] == "ok" for o in outs)
    assert sorted(o["cached"] for o in outs) == [False, True]
    assert outs[0]["pid"] == outs[1]["pid"]


def test_a_timeout_is_reported_and_a_longer_clock_retries(cache: Path, tmp_path: Path):
    task = tmp_path / "slow.py"
    task.write_text(SLOW_TO_BUILD)
    t0 = time.monotonic()
    result = _get(str(task), "slow", overrides={}, timeout=3.0)
    assert time.monotonic() - t0 < 30
    assert result["status"] == "failed" and result["timed_out"] is True
    assert "longer than 3s" in result["reason"]
    again = _get(str(task), "slow", overrides={}, timeout=3.0)
    assert again["cached"] is True
    retried = _get(str(task), "slow", overrides={}, timeout=4.0)
    assert retried["cached"] is False and retried["status"] == "failed"

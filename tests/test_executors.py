"""`--executor ray` gives the verdicts of the local executor (and `--sandbox bwrap` those of `none`), Ray is
optional and never left running, and `--resume` may switch the executor.

The verdict comparison evaluates a handful of tests/candidates (one per verdict) under each configuration;
their C++ builds are content-hash cached, so only the first configuration (or another test file) builds.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import CANDIDATES, KBENCH, ROOT, json_out, replay_run_args, run_kbench

from harness import sandbox

pytest.importorskip("ray", reason="the ray extra is not installed")

#: one candidate per verdict, for tests/tasks/ok/scale_add
VERDICTS = {
    "honest_omp": "correct",
    "wrong": "incorrect",
    "nan_output": "incorrect",
    "py_syntax_error": "compile_error",
    "raises": "runtime_error",
    "segfault": "crashed",
}
SANDBOX = "bwrap" if sandbox.check("bwrap") is None else "none"


def _answers() -> list[str]:
    return [f"```python\n{(CANDIDATES / f'{name}.py').read_text()}```\n" for name in VERDICTS]


def _args(tmp: Path, name: str, *extra: str) -> list[str]:
    return replay_run_args(
        tmp, _answers(), "--trials", "2", "--timeout", "120", "--compile-baseline", "off", "--run-name", name,
        "--json", *extra,
    )  # fmt: skip


def _verdicts(db: Path, run_id: str, key: str = "sample") -> dict[int | str, tuple[str, list[str]]]:
    """Status and reason codes of each evaluation of the run, by sample (or by ``key``, e.g. task_id)."""
    from harness.store import Store

    store = Store(db)
    try:
        rows = store.evaluations(run_id)
    finally:
        store.close()
    return {r[key]: (r["status"], sorted(json.loads(r["result"])["reason_codes"])) for r in rows}


def _processes() -> dict[int, tuple[int, str, str, str]]:
    """pid -> (parent pid, start time, state, command line) of every process."""
    table = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
            fields = (proc / "stat").read_text().rsplit(")", 1)[-1].split()
        except OSError:
            continue
        table[int(proc.name)] = (int(fields[1]), fields[19], fields[0], cmd)
    return table


def _descendants(root: int, seen: dict[tuple[int, str], str]) -> None:
    """Add every live descendant of ``root`` to ``seen`` as (pid, start time) -> command line."""
    table = _processes()
    children: dict[int, list[int]] = {}
    for pid, (ppid, *_rest) in table.items():
        children.setdefault(ppid, []).append(pid)
    todo = list(children.get(root, []))
    while todo:
        pid = todo.pop()
        _ppid, start, state, cmd = table[pid]
        if state != "Z":
            seen[(pid, start)] = cmd
        todo += children.get(pid, [])


def _still_running(seen: dict[tuple[int, str], str]) -> list[str]:
    table = _processes()
    return [
        f"{pid}: {cmd[:120]}"
        for (pid, start), cmd in seen.items()
        if pid in table and table[pid][1] == start and table[pid][2] != "Z"
    ]


def _ray_seen(seen: dict[tuple[int, str], str]) -> set[str]:
    """Which parts of a Ray instance were among the processes seen."""
    parts = {"raylet": "raylet", "gcs_server": "gcs", "ray::_EvalActor": "actor"}
    return {name for cmd in seen.values() for key, name in parts.items() if key in cmd}


def _popen_kbench(args: list[str], db: Path) -> subprocess.Popen[str]:
    """The CLI in its own process group, SIGINT as in a terminal (not ignored); stdout, stderr to files by db."""
    env = dict(os.environ, KBENCH_DB=str(db))
    return subprocess.Popen(
        [KBENCH, *args],
        cwd=ROOT,
        env=env,
        stdout=open(db.with_suffix(".out"), "w"),
        stderr=open(db.with_suffix(".err"), "w"),
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _watch(proc: subprocess.Popen[str], seen: dict[tuple[int, str], str], db: Path, timeout: float = 1500):
    """Wait for the driver, noting every process it started (Ray's included) in ``seen``; (stdout, stderr)."""
    deadline = time.time() + timeout
    while proc.poll() is None and time.time() < deadline:
        _descendants(proc.pid, seen)
        time.sleep(0.5)
    proc.wait(timeout=60)
    return db.with_suffix(".out").read_text(), db.with_suffix(".err").read_text()


@pytest.fixture(scope="module")
def verdict_runs(tmp_path_factory):
    """The same answers under local/none, local/bwrap (the default here) and ray/bwrap with 2 workers."""
    tmp = tmp_path_factory.mktemp("executors")
    db = tmp / "kbench.db"
    runs: dict[str, dict[int, tuple[str, list[str]]]] = {}
    for name, extra in (("local-none", ["--sandbox", "none"]), ("local-sandbox", ["--sandbox", SANDBOX])):
        proc = run_kbench(*_args(tmp, name, *extra), db=db)
        assert proc.returncode == 0, proc.stderr[-3000:]
        runs[name] = _verdicts(db, name)
    proc = _popen_kbench(_args(tmp, "ray", "--sandbox", SANDBOX, "--executor", "ray", "--workers", "2"), db)
    seen: dict[tuple[int, str], str] = {}
    out, err = _watch(proc, seen, db)
    assert proc.returncode == 0, err[-3000:]
    runs["ray"] = _verdicts(db, "ray")
    time.sleep(1)
    return {"runs": runs, "summary": json.loads(out), "seen": seen, "left": _still_running(seen), "db": db}


def test_candidates_get_the_verdicts_they_are_written_for(verdict_runs):
    """The control: the comparison below means something only if the verdicts differ from sample to sample."""
    statuses = [verdict_runs["runs"]["local-none"][i][0] for i in range(len(VERDICTS))]
    assert statuses == list(VERDICTS.values()), verdict_runs["runs"]["local-none"]


def test_ray_and_bwrap_give_the_local_verdicts(verdict_runs):
    runs = verdict_runs["runs"]
    assert runs["ray"] == runs["local-none"], runs
    assert runs["local-sandbox"] == runs["local-none"], runs
    summary = verdict_runs["summary"]
    assert summary["run_id"] == "ray" and summary["status"] == "finished" and summary["n_samples"] == len(VERDICTS)


def test_ray_run_stores_its_executor_and_leaves_no_ray_process(verdict_runs):
    assert _ray_seen(verdict_runs["seen"]) == {"raylet", "gcs", "actor"}, "the run started no Ray of its own"
    assert verdict_runs["left"] == [], verdict_runs["left"]
    from harness.store import Store

    store = Store(verdict_runs["db"])
    try:
        assert store.run_settings("ray").executor == "ray"
        assert store.run_settings("local-none").executor == "local"
    finally:
        store.close()


def test_ctrl_c_stops_the_run_and_its_ray(tmp_path):
    db = tmp_path / "k.db"
    proc = _popen_kbench(_args(tmp_path, "interrupted", "--executor", "ray", "--workers", "2"), db)
    seen: dict[tuple[int, str], str] = {}
    deadline = time.time() + 300
    while time.time() < deadline and "actor" not in _ray_seen(seen):
        assert proc.poll() is None, db.with_suffix(".err").read_text()[-3000:]
        _descendants(proc.pid, seen)
        time.sleep(0.3)
    assert "actor" in _ray_seen(seen), "no evaluation actor ever started"
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole foreground group
    _watch(proc, seen, db, timeout=120)
    assert proc.returncode == 130
    time.sleep(2)
    assert _still_running(seen) == []
    listed = run_kbench("runs", "list", "--json", db=db)
    assert json_out(listed)[0]["status"] in ("running", "incomplete")  # interrupted: `--resume` finishes it


def test_unknown_executor_is_a_usage_error(tmp_path):
    proc = run_kbench(*_args(tmp_path, "bad", "--executor", "spark"), db=tmp_path / "k.db")
    assert proc.returncode == 2 and "unknown executor 'spark'" in proc.stderr, proc.stderr


def test_executor_ray_without_ray_is_a_usage_error(tmp_path):
    fake = tmp_path / "noray" / "ray"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('ray is not installed in this test')\n")
    env = {"PYTHONPATH": str(fake.parent)}
    proc = run_kbench(*_args(tmp_path, "noray", "--executor", "ray"), db=tmp_path / "k.db", env=env)
    assert proc.returncode == 2, proc.stderr
    assert "ray is not installed" in proc.stderr and "kbench[ray]" in proc.stderr
    assert json_out(run_kbench("runs", "list", "--json", db=tmp_path / "k.db", env=env)) == []  # nothing stored


def test_resume_may_switch_the_executor(tmp_path):
    db = tmp_path / "k.db"
    args = replay_run_args(tmp_path, ["no code here"], "--run-name", "r", "--json")
    assert run_kbench(*args, db=db).returncode == 0
    assert run_kbench("run", "--resume", "r", "--executor", "spark", db=db).returncode == 2
    done = run_kbench("run", "--resume", "r", "--executor", "ray", "--json", db=db)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json_out(done)["counts"] == {"no_code": 1}
    from harness.store import Store

    store = Store(db)
    try:
        assert store.run_settings("r").executor == "ray"
    finally:
        store.close()


@pytest.mark.slow
def test_ray_build_actors_give_the_local_verdicts(tmp_path, verdict_runs):
    """Candidates built by a CPU-only build actor, then run by another actor: the local verdicts; a syntax
    error is decided at the build; the runner uses the build actor's build (the same machine's cache here)."""
    db = tmp_path / "k.db"
    args = _args(tmp_path, "ray-build", "--sandbox", SANDBOX, "--executor", "ray", "--workers", "2")
    proc = run_kbench(*args, db=db, env={"KBENCH_RAY_BUILD_ACTORS": "1"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert _verdicts(db, "ray-build") == verdict_runs["runs"]["local-none"]
    from harness.store import Store

    store = Store(db)
    try:
        envs = {r["sample"]: json.loads(r["result"])["env"] for r in store.evaluations("ray-build")}
    finally:
        store.close()
    names = list(VERDICTS)
    assert envs[names.index("py_syntax_error")].get("decided_at_build") is True
    honest = envs[names.index("honest_omp")]
    assert honest.get("prebuilt") in ("shipped", "already here") and not honest.get("decided_at_build"), honest


@pytest.mark.slow
@pytest.mark.timeout(2400)
def test_golden_smoke_suite_under_ray_and_bwrap_gives_the_default_verdicts(tmp_path, golden_cpu_run):
    """The issue's check: `--executor ray --workers 2 --sandbox bwrap` gives, task by task, the verdicts of the
    default run of the session (local executor, default sandbox), which tests/test_golden.py holds to all
    correct. The C++ builds are the session run's, from the build cache."""
    if sandbox.check("bwrap"):
        pytest.skip(f"--sandbox bwrap unusable here: {sandbox.check('bwrap')}")
    proc = run_kbench(
        "run", "--model", "golden", "--backend", "cpu", "--suite", "smoke", "--executor", "ray", "--workers", "2",
        "--sandbox", "bwrap", "--compile-baseline", "off", "--run-name", "ray-smoke", "--json", db=tmp_path / "k.db",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    default_db, default_run, default_proc = golden_cpu_run
    assert default_proc.returncode == 0, default_proc.stderr[-3000:]
    under_ray = _verdicts(tmp_path / "k.db", "ray-smoke", key="task_id")
    assert len(under_ray) == 15
    assert under_ray == _verdicts(default_db, default_run, key="task_id")
    assert json_out(proc)["counts"] == {"correct": 15}


def test_unreachable_ray_address_is_a_usage_error(tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"RAY_ADDRESS": f"127.0.0.1:{port}"}
    proc = run_kbench(*_args(tmp_path, "nocluster", "--executor", "ray"), db=tmp_path / "k.db", env=env)
    assert proc.returncode == 2 and "no Ray cluster answers there" in proc.stderr, proc.stderr[-2000:]

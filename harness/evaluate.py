"""Evaluating candidates: the parent side of the trust boundary.

For each candidate, :class:`Evaluator` starts a fresh worker process (``harness._worker``), feeds it
inputs generated from secret seeds, watches it under two clocks (``build_timeout`` while the candidate
is imported and built, ``timeout`` for everything else), survives whatever it does, and decides the
verdict itself from the raw outputs the worker wrote, against reference outputs computed in another
process that never saw the candidate.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import backends
from backends.base import Backend

from ._compare import compare
from ._paths import cache_dir, lock_path, shared_device_lock
from ._timing import summarize
from .errors import TaskError
from .schema import Evaluation, Status, Task
from .tasks import REPO_ROOT

COMPILE_CODES = {"syntax_error", "build_failed", "import_failed", "no_modelnew"}
KNOWN_EVENTS = {
    "started",
    "phase",
    "baseline",
    "built",
    "error",
    "trial",
    "timing",
    "recheck",
    "done",
    "lock_wait",
    "lock_acquired",
}
#: environment variables a worker may inherit; everything else (API keys, tokens, credentials) is dropped
ENV_ALLOW = (
    "PATH",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "CUDA_HOME",
    "CUDA_PATH",
    "CUDA_VISIBLE_DEVICES",
    "TORCH_CUDA_ARCH_LIST",
    "CC",
    "CXX",
    "CFLAGS",
    "CXXFLAGS",
    "LDFLAGS",
    "LD_LIBRARY_PATH",
    "LIBRARY_PATH",
    "CPATH",
    "VIRTUAL_ENV",
    "NVIDIA_VISIBLE_DEVICES",
    "ASCEND_HOME_PATH",
    "ASCEND_TOOLKIT_HOME",
)
LOG_TAIL = 4000
#: the worker's phases, in the only order it goes through them
PHASES = ("startup", "baseline", "build", "correctness", "timing", "recheck")


class ReferenceError(TaskError):
    """The reference itself could not be computed: a problem of the task, not of the candidate."""


@dataclass
class EvalOptions:
    shapes: str = "small"
    trials: int = 3
    timeout: float = 300.0
    build_timeout: float = 600.0
    time: bool = True
    threads: int = field(default_factory=lambda: os.cpu_count() or 1)
    warmup_ms: float = 50.0
    rep_ms: float = 400.0
    min_reps: int = 10
    max_reps: int = 200


@dataclass
class _Reference:
    inputs_dir: Path
    refs_dir: Path
    trials: list[dict[str, int]]
    facts: list[dict[str, Any]]
    timing_seed: int


@dataclass
class _WorkerResult:
    events: list[dict[str, Any]]
    returncode: int | None
    timed_out_phase: str | None
    protocol_violation: str | None
    log: str
    elapsed_s: float


def _seed(master: int, *parts: object) -> int:
    digest = hashlib.sha256(repr((master, *parts)).encode()).digest()
    return int.from_bytes(digest[:4], "little") & 0x7FFFFFFF


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(code).name
    except ValueError:
        return f"signal {code}"


class Evaluator:
    """Evaluates candidates for one backend; thread-safe, so a run can evaluate several at once."""

    def __init__(self, backend: Backend | str, options: EvalOptions | None = None, master_seed: int | None = None):
        self.backend = backends.get(backend) if isinstance(backend, str) else backend
        self.options = options or EvalOptions()
        self.availability = self.backend.availability()
        self._master = master_seed if master_seed is not None else secrets.randbits(62)
        self._scratch = Path(tempfile.mkdtemp(prefix="kbench-"))
        self._refs: dict[str, _Reference] = {}
        self._ref_locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._toolchain = json.dumps(self.backend.toolchain(), sort_keys=True)

    # ---- lifecycle -----------------------------------------------------------------------------
    def close(self) -> None:
        shutil.rmtree(self._scratch, ignore_errors=True)

    def __enter__(self) -> Evaluator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- reference -----------------------------------------------------------------------------
    def _reference(self, task: Task) -> _Reference:
        key = f"{task.content_hash}-{self.options.shapes}"
        with self._guard:
            lock = self._ref_locks.setdefault(key, threading.Lock())
        with lock:
            if key in self._refs:
                return self._refs[key]
            base = self._scratch / "ref" / key[:24]
            inputs_dir, refs_dir = base / "inputs", base / "private"
            inputs_dir.mkdir(parents=True, exist_ok=True)
            refs_dir.mkdir(parents=True, exist_ok=True)
            trials = [
                {
                    "init_seed": _seed(self._master, task.id, "init", i),
                    "input_seed": _seed(self._master, task.id, "input", i),
                }
                for i in range(self.options.trials)
            ]
            args = (
                task.path,
                task.shape_overrides(self.options.shapes),
                trials,
                str(inputs_dir),
                str(refs_dir),
                self.options.threads,
                str(lock_path(self.backend.lock_name)),
            )
            facts = self._run_reference(args)
            ref = _Reference(inputs_dir, refs_dir, trials, facts, _seed(self._master, task.id, "timing"))
            self._refs[key] = ref
            return ref

    def _run_reference(self, args: tuple[Any, ...]) -> list[dict[str, Any]]:
        names = ("task_path", "overrides", "trials", "inputs_dir", "refs_dir", "threads", "lock_path")
        spec_dir = Path(tempfile.mkdtemp(prefix="refjob-", dir=self._scratch))
        spec_path, result_path = spec_dir / "spec.json", spec_dir / "facts.json"
        spec_path.write_text(json.dumps({"args": dict(zip(names, args, strict=True)), "result_path": str(result_path)}))
        env = dict(os.environ)
        env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "harness._reference", str(spec_path)],
                env=env,
                capture_output=True,
                text=True,
                timeout=self.options.timeout + 60,
            )
        except subprocess.TimeoutExpired:
            raise ReferenceError(f"{args[0]}: the reference took longer than {self.options.timeout:g}s") from None
        if proc.returncode != 0 or not result_path.exists():
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
            raise ReferenceError(f"{args[0]}: computing the reference failed: {tail[0]}")
        facts: list[dict[str, Any]] = json.loads(result_path.read_text())
        shutil.rmtree(spec_dir, ignore_errors=True)
        return facts

    # ---- candidate -----------------------------------------------------------------------------
    def build_dir(self, source: str) -> Path:
        """The candidate's build directory: a hash of its source, the backend and the toolchain."""
        key = hashlib.sha256((self.backend.name + "\0" + self._toolchain + "\0" + source).encode()).hexdigest()[:24]
        path = cache_dir() / "build" / self.backend.name / key
        path.mkdir(parents=True, exist_ok=True)
        return path

    def evaluate(self, task: Task, source: str) -> Evaluation:
        """The verdict on ``source`` (a module defining ModelNew) for ``task``."""
        t0 = time.monotonic()
        base = Evaluation(
            status=Status.crashed,
            backend=self.backend.name,
            device=self.availability.device,
            task_id=task.id,
            task_hash=task.content_hash,
            shapes=self.options.shapes,
        )
        ref = self._reference(task)
        job_dir = Path(tempfile.mkdtemp(prefix="job-", dir=self._scratch))
        try:
            result = self._run_worker(task, source, ref, job_dir)
            with shared_device_lock(self.backend.lock_name):  # comparing is CPU work: never during a timing
                evaluation = self._verdict(task, ref, result, job_dir, base)
        finally:
            shutil.rmtree(job_dir, ignore_errors=True)
        evaluation.elapsed_s = round(time.monotonic() - t0, 3)
        return evaluation

    def _worker_env(self, job_dir: Path, build_dir: Path) -> dict[str, str]:
        env = {k: os.environ[k] for k in ENV_ALLOW if k in os.environ}
        bindir = str(Path(sys.executable).parent)
        env["PATH"] = bindir + os.pathsep + env.get("PATH", "/usr/local/bin:/usr/bin:/bin")
        if "CUDA_HOME" not in env and Path("/usr/local/cuda").is_dir():
            env["CUDA_HOME"] = "/usr/local/cuda"
        (job_dir / "home").mkdir()
        (job_dir / "tmp").mkdir()
        threads = str(self.options.threads)
        env.update(
            {
                "HOME": str(job_dir / "home"),
                "TMPDIR": str(job_dir / "tmp"),
                "TORCH_EXTENSIONS_DIR": str(build_dir),
                "OMP_NUM_THREADS": threads,
                "MKL_NUM_THREADS": threads,
                "PYTHONNOUSERSITE": "1",
                "PYTHONDONTWRITEBYTECODE": "1",
                "PYTHONPATH": str(REPO_ROOT),
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(self.backend.worker_env())
        return env

    def _run_worker(self, task: Task, source: str, ref: _Reference, job_dir: Path) -> _WorkerResult:
        opts = self.options
        build_dir = self.build_dir(source)
        (job_dir / "outputs").mkdir()
        candidate_path = job_dir / "candidate.py"
        candidate_path.write_text(source, encoding="utf-8")
        read_fd, write_fd = os.pipe()
        job = {
            "backend": self.backend.name,
            "task_path": task.path,
            "shape_overrides": task.shape_overrides(opts.shapes),
            "candidate_path": str(candidate_path),
            "inputs_dir": str(ref.inputs_dir),
            "outputs_dir": str(job_dir / "outputs"),
            "trials": [{"init_seed": t["init_seed"]} for t in ref.trials],
            "timing_seed": ref.timing_seed,
            "threads": opts.threads,
            "time": opts.time,
            "can_run": self.availability.can_run,
            "lock_path": str(lock_path(self.backend.lock_name)),
            "result_fd": write_fd,
            "parent_pid": os.getpid(),
            "warmup_ms": opts.warmup_ms,
            "rep_ms": opts.rep_ms,
            "min_reps": opts.min_reps,
            "max_reps": opts.max_reps,
        }
        job_path = job_dir / "job.json"
        job_path.write_text(json.dumps(job))
        log_path = job_dir / "log.txt"
        build_lock = os.open(build_dir / ".kbench.lock", os.O_RDWR | os.O_CREAT, 0o666)
        fcntl.flock(build_lock, fcntl.LOCK_EX)  # one build per identical candidate at a time
        try:
            for stale in build_dir.glob("*/lock"):  # left by a worker killed mid-build; torch would wait forever
                stale.unlink(missing_ok=True)
            with open(log_path, "wb") as log:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "harness._worker", str(job_path)],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    pass_fds=(write_fd,),
                    env=self._worker_env(job_dir, build_dir),
                    cwd=job_dir,
                    start_new_session=True,
                )
            os.close(write_fd)
            try:
                result = self._watch(proc, read_fd)
            finally:
                os.close(read_fd)
                _kill_group(proc)
        finally:
            fcntl.flock(build_lock, fcntl.LOCK_UN)
            os.close(build_lock)
        result.log = log_path.read_text(errors="replace")[-LOG_TAIL:]
        return result

    def _watch(self, proc: subprocess.Popen[bytes], fd: int) -> _WorkerResult:
        """Read events until the worker exits; kill it when the clock of its current phase runs out."""
        opts = self.options
        start = time.monotonic()
        phase, budget = "startup", opts.timeout
        phase_start = start
        events: list[dict[str, Any]] = []
        buf = b""
        violation: str | None = None
        timed_out: str | None = None
        lock_wait_started: float | None = None
        while True:
            now = time.monotonic()
            if lock_wait_started is None and now - phase_start > budget:
                timed_out = phase
                break
            if lock_wait_started is not None and now - lock_wait_started > max(600.0, 2 * opts.timeout):
                timed_out = phase  # nobody holds a timing slot that long honestly
                break
            wait = 1.0 if lock_wait_started is not None else max(0.0, budget - (now - phase_start))
            ready, _, _ = select.select([fd], [], [], min(wait, 1.0))
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                try:
                    event = json.loads(line)
                    name = event["event"]
                except (ValueError, KeyError, TypeError):
                    violation = violation or f"unparseable line on the result channel: {line[:80]!r}"
                    continue
                if name not in KNOWN_EVENTS:
                    violation = violation or f"unknown event {name!r} on the result channel"
                    continue
                events.append(event)
                if name == "lock_wait":
                    lock_wait_started = time.monotonic()
                elif name == "lock_acquired" and lock_wait_started is not None:
                    phase_start += time.monotonic() - lock_wait_started  # waiting for the timing slot is free
                    lock_wait_started = None
                elif name == "phase":
                    new_phase = str(event.get("name"))
                    if new_phase not in PHASES or PHASES.index(new_phase) <= PHASES.index(phase):
                        violation = violation or f"phase {new_phase!r} announced after {phase!r}"
                        continue
                    phase = new_phase
                    if phase == "build":
                        budget, phase_start = opts.build_timeout, time.monotonic()
                    elif phase == "correctness":
                        budget, phase_start = opts.timeout, time.monotonic()
        if timed_out is None:
            try:
                proc.wait(timeout=max(1.0, budget - (time.monotonic() - phase_start)))
            except subprocess.TimeoutExpired:
                timed_out = phase
        _kill_group(proc)
        return _WorkerResult(events, proc.returncode, timed_out, violation, "", time.monotonic() - start)

    # ---- verdict -------------------------------------------------------------------------------
    def _verdict(self, task: Task, ref: _Reference, res: _WorkerResult, job_dir: Path, ev: Evaluation) -> Evaluation:
        by_name: dict[str, list[dict[str, Any]]] = {}
        for e in res.events:
            by_name.setdefault(e["event"], []).append(e)
        first = {k: v[0] for k, v in by_name.items()}
        ev.log_tail = res.log
        if "started" in first:
            ev.env = {**first["started"].get("env", {}), "toolchain": json.loads(self._toolchain)}
        built = "built" in first
        ev.compiled = True if built else None
        if "built" in first:
            ev.build_s = round(float(first["built"].get("build_s", 0.0)), 3)

        def finish(status: Status, code: str, reason: str) -> Evaluation:
            ev.status = status
            ev.reason_codes.append(code)
            ev.reasons.append(reason)
            if status in (Status.incorrect, Status.rejected):
                ev.correct = False
            return ev

        if res.protocol_violation:
            return finish(Status.rejected, "protocol_violation", res.protocol_violation)
        if res.timed_out_phase is not None:
            if res.timed_out_phase == "build":
                ev.compiled = False
                return finish(
                    Status.timeout,
                    "build_timeout",
                    "building/importing the candidate took longer than "
                    f"--build-timeout {self.options.build_timeout:g}s",
                )
            return finish(
                Status.timeout,
                "run_timeout",
                f"phase '{res.timed_out_phase}' took longer than --timeout {self.options.timeout:g}s",
            )
        if "error" in first:
            err = first["error"]
            code, message = str(err.get("code")), str(err.get("message", ""))
            if code in COMPILE_CODES:
                ev.compiled = False
                return finish(Status.compile_error, code, message)
            if code in ("init_failed", "forward_failed"):
                return finish(Status.runtime_error, code, message)
            return finish(Status.runtime_error, "harness_error", f"the worker failed: {message}")
        if "done" not in first:
            rc = res.returncode
            if rc is not None and rc < 0:
                return finish(
                    Status.crashed,
                    "signal",
                    f"the worker died from {_signal_name(-rc)} in phase '{_last_phase(res.events)}'",
                )
            return finish(
                Status.crashed,
                "worker_exit",
                f"the worker exited (code {rc}) in phase '{_last_phase(res.events)}' before reporting a result",
            )
        if not self.availability.can_run:
            ev.status = Status.unverified
            ev.reason_codes.append("no_device")
            ev.reasons.append(f"compiled only: {self.availability.reason}")
            return ev

        # Correctness, decided here from raw outputs.
        trials = by_name.get("trial", [])
        counted = 0
        worst = 0.0
        for i, facts in enumerate(ref.facts):
            if not facts["finite"]:
                continue
            trial = next((t for t in trials if t.get("index") == i), None)
            if trial is None:
                return finish(Status.crashed, "worker_exit", f"trial {i} reported no output")
            if trial.get("input_mutated"):
                return finish(Status.incorrect, "input_mutated", f"trial {i}: the candidate changed its inputs")
            cmp = self._compare_file(
                job_dir / "outputs" / f"out_{i}.pt", trial.get("structure", {}), ref, i, task, f"trial {i}"
            )
            if not cmp.ok:
                ev.max_abs_error = cmp.max_abs_error
                ev.trials, ev.trials_passed = len(ref.facts), counted
                for code in cmp.codes:
                    ev.reason_codes.append(code)
                ev.reasons.extend(cmp.reasons)
                ev.status, ev.correct = Status.incorrect, False
                return ev
            counted += 1
            worst = max(worst, cmp.max_abs_error or 0.0)
        ev.trials, ev.trials_passed, ev.max_abs_error = len(ref.facts), counted, worst
        if counted == 0:
            return finish(Status.runtime_error, "no_valid_trial", "no trial had a finite reference output")
        if "recheck" in first and ref.facts[0]["finite"]:
            cmp = self._compare_file(
                job_dir / "outputs" / "out_post_0.pt",
                first["recheck"].get("structure", {}),
                ref,
                0,
                task,
                "after timing",
            )
            if not cmp.ok:
                ev.reasons.extend(cmp.reasons)
                return finish(
                    Status.incorrect,
                    "post_timing_mismatch",
                    "outputs computed after the timing loop differ from the reference",
                )
        done = first["done"]
        if done.get("settings_before") != done.get("settings_after"):
            changed = {
                k: (v, done["settings_after"].get(k))
                for k, v in done["settings_before"].items()
                if done["settings_after"].get(k) != v
            }
            return finish(Status.rejected, "settings_changed", f"torch global settings changed: {changed}")
        if done.get("new_threads"):
            return finish(
                Status.rejected,
                "thread_spawned",
                f"Python threads left running after forward: {done['new_threads'][:5]}",
            )
        ev.status, ev.correct = Status.correct, True
        if "baseline" in first and "timing" in first:
            ev.baseline = summarize(first["baseline"]["times_ms"])
            ev.candidate = summarize(first["timing"]["times_ms"])
            ev.baseline_ms = round(ev.baseline.median_ms, 6)
            ev.candidate_ms = round(ev.candidate.median_ms, 6)
            ev.timing = self.backend.timing_kind
            if ev.timing == "device" and ev.candidate.median_ms > 0:
                ev.speedup = round(ev.baseline.median_ms / ev.candidate.median_ms, 4)
        return ev

    def _compare_file(self, path: Path, structure: dict[str, Any], ref: _Reference, index: int, task: Task, label: str):
        import torch

        from ._compare import Comparison

        try:
            outputs = torch.load(path, weights_only=True)
        except Exception as exc:  # a subclass, a pickle trick or a missing file: never trusted
            return Comparison(
                False,
                ["type_mismatch"],
                [f"{label}: the output could not be read as plain tensors ({type(exc).__name__})"],
            )
        if not isinstance(outputs, list):
            return Comparison(False, ["type_mismatch"], [f"{label}: malformed output file"])
        refs = torch.load(ref.refs_dir / f"ref_{index}.pt", weights_only=True)
        return compare(
            outputs, structure, refs, ref.facts[index]["structure"], task.tolerance, self.backend.torch_device(), label
        )


def _last_phase(events: list[dict[str, Any]]) -> str:
    phases = [e.get("name") for e in events if e["event"] == "phase"]
    return str(phases[-1]) if phases else "startup"


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill the worker and everything it started (it leads its own session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass

"""Evaluating candidates: the parent side of the trust boundary.

For each candidate, :class:`Evaluator` starts a fresh worker process (``harness._worker``), feeds it
inputs generated from secret seeds, watches it under two clocks (``build_timeout`` while the candidate
is imported and built, ``timeout`` for everything else), survives whatever it does, and decides the
verdict itself from the raw outputs the worker wrote, against reference outputs computed in another
process that never saw the candidate.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import io
import json
import os
import random
import re
import secrets
import select
import shutil
import socket
import stat
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import backends
from backends.base import Backend

from . import _reference as _refproc
from . import anticheat, sandbox
from ._compare import compare
from ._paths import TIMING_ENV, cache_dir, default_db, file_lock, lock_path, shared_device_lock, write_json_atomic
from ._proc import kill_group, signal_name
from ._timing import summarize
from ._zygote import JOB_MOUNT, Zygote, ZygoteChild, ZygoteFailed
from .errors import TaskError
from .schema import Evaluation, Status, Task
from .tasks import REPO_ROOT

T = TypeVar("T")

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
#: events the worker sends at most once, and the phase each belongs to
ONCE_EVENTS = {"started", "baseline", "built", "timing", "recheck", "done", "error"}
EVENT_PHASE = {
    "baseline": "baseline",
    "built": "build",
    "trial": "correctness",
    "timing": "timing",
    "recheck": "recheck",
}


class ReferenceError(TaskError):
    """The reference itself could not be computed: a problem of the task, not of the candidate."""


#: reason codes that make a verdict `rejected` (a detected cheat), whatever the outputs were
REJECT_CODES = {
    "protocol_violation",
    "torch_op",
    "vendor_library",
    "dispatch_tamper",
    "dynamic_code",
    "thread_spawned",
    "background_work",
    "pending_work",
    "settings_changed",
    "beyond_roofline",
    "timing_unstable",
    "no_kernel_launched",
}
#: the interpreter of the evaluation image (Dockerfile) that `--sandbox docker` runs the worker with
DOCKER_PYTHON = "/opt/venv/bin/python"
#: a candidate whose two timing measurements differ by more than this factor (and far more than their noise)
UNSTABLE_RATIO = 3.0


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
    #: the "PyTorch allowed" track: torch operators and vendor libraries may be called
    allow_torch: bool = False
    #: bwrap, docker or none; None picks bwrap when it works here
    sandbox: str | None = None
    #: time torch.compile(Model) too (in a trusted process, cached) for speedup_compile
    compile_baseline: bool = True
    #: how many timed calls have their outputs checked (chosen in secret)
    timed_checks: int = 3
    roofline: bool = True
    docker_image: str = "kbench-eval"
    #: the worker's address-space limit in GiB (None: three quarters of this machine's memory)
    memory_limit_gb: float | None = None
    file_limit_gb: float = 16.0
    #: more paths a sandboxed worker must not read (the run's results store, when not the default one)
    hide: list[Path] = field(default_factory=list)
    #: build (import) candidates but run nothing: verdicts are `unverified` unless the build decides them
    compile_only: bool = False

    def memory_limit_bytes(self) -> int | None:
        if self.memory_limit_gb is not None:
            return int(self.memory_limit_gb * 2**30) if self.memory_limit_gb > 0 else None
        try:
            total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        except (ValueError, OSError, AttributeError):
            return None
        return int(total * 0.75)

    @property
    def track(self) -> str:
        return "pytorch_allowed" if self.allow_torch else "kernels_only"

    def sandbox_mode(self) -> str:
        return self.sandbox or sandbox.default_mode()


@dataclass
class _Reference:
    inputs_dir: Path
    refs_dir: Path
    trials: list[dict[str, Any]]
    facts: list[dict[str, Any]]
    timing_seed: int
    samples: dict[str, list[int]]
    sample_facts: dict[str, dict[str, Any]]
    work: dict[str, Any]
    compile: dict[str, Any] | None = None
    #: a copy of the task file inside inputs_dir, which a sandboxed worker can read (the task's own path may
    #: be under /tmp, $HOME or anywhere else the sandbox does not show)
    task_file: Path | None = None


@dataclass
class _WorkerResult:
    events: list[dict[str, Any]]
    returncode: int | None
    timed_out_phase: str | None
    protocol_violation: str | None
    log: str
    elapsed_s: float
    sandbox: str = "none"
    build_dir: Path | None = None
    resources: list[dict[str, Any]] = field(default_factory=list)
    stopped_early: bool = False  # a trial already showed a violation that rejects the candidate


def _seed(master: int, *parts: object) -> int:
    digest = hashlib.sha256(repr((master, *parts)).encode()).digest()
    return int.from_bytes(digest[:4], "little") & 0x7FFFFFFF


class Evaluator:
    """Evaluates candidates for one backend; thread-safe, so a run can evaluate several at once."""

    def __init__(self, backend: Backend | str, options: EvalOptions | None = None, master_seed: int | None = None):
        self.backend = backends.get(backend) if isinstance(backend, str) else backend
        self.options = options or EvalOptions()
        self.availability = self.backend.availability()
        if self.options.compile_only and self.availability.can_run:  # a build stage: nothing is run here
            self.availability = dataclasses.replace(
                self.availability, can_run=False, reason="build stage only: the candidate runs elsewhere"
            )
        self._master = master_seed if master_seed is not None else secrets.randbits(62)
        self._scratch = Path(tempfile.mkdtemp(prefix="kbench-"))
        self._refs: dict[str, _Reference] = {}
        self._ref_locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._toolchain = json.dumps(self.backend.toolchain(), sort_keys=True)
        #: checks that could not run here (e.g. no binutils), reported once per run
        self.skipped: set[str] = set()
        self._peak_cache: dict[str, dict[str, Any] | None] = {}
        self._refserver: _refproc.Server | None = None
        self._idle: list[Zygote] = []  # worker zygotes waiting for a candidate
        self._keeper: ThreadPoolExecutor | None = None
        self._closed = False

    # ---- lifecycle -----------------------------------------------------------------------------
    def close(self) -> None:
        with self._guard:
            self._closed = True
            idle, self._idle = self._idle, []
        for zygote in idle:
            zygote.kill()
        if self._refserver is not None:
            self._refserver.close()
        if self._keeper is not None:
            self._keeper.shutdown(wait=False)
        shutil.rmtree(self._scratch, ignore_errors=True)

    def _in_keeper(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` in the evaluator's own long-lived thread: processes that must die with the driver are
        started there (Linux's parent-death signal fires when the *thread* that started a child exits, and a
        zygote outlives the pool thread of the evaluation that happened to start it)."""
        with self._guard:
            if self._keeper is None:
                self._keeper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kbench-keeper")
            keeper = self._keeper
        return keeper.submit(fn).result()

    def __enter__(self) -> Evaluator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- reference -----------------------------------------------------------------------------
    def _trial_plan(self, task: Task) -> list[dict[str, Any]]:
        """Secret seeds per trial; after the task's own inputs, signed standard-normal inputs (domain 'any')
        and random rescaling (domains 'any' and 'positive'), so no constant or memorised output passes."""
        plan = []
        for i in range(self.options.trials):
            rng = random.Random(_seed(self._master, task.id, "scale", i))
            kind, scale = "task", 1.0
            if i > 0 and task.domain == "any":
                kind, scale = ("normal" if i % 2 == 1 else "task"), 2.0 ** rng.uniform(-2.0, 2.0)
            elif i > 0 and task.domain == "positive":
                scale = 2.0 ** rng.uniform(-2.0, 2.0)
            plan.append(
                {
                    "init_seed": _seed(self._master, task.id, "init", i),
                    "input_seed": _seed(self._master, task.id, "input", i),
                    "kind": kind,
                    "scale": scale,
                }
            )
        return plan

    def _bench(self) -> dict[str, Any]:
        """Timing repetitions. Interpreted times are recorded, never ranked: a few repetitions are enough."""
        opts = self.options
        args: dict[str, Any] = {k: getattr(opts, k) for k in ("warmup_ms", "rep_ms", "min_reps", "max_reps")}
        if self.backend.timing_kind == "interpreted":
            args = {"warmup_ms": min(args["warmup_ms"], 10.0), "rep_ms": min(args["rep_ms"], 100.0),
                    "min_reps": min(args["min_reps"], 5), "max_reps": min(args["max_reps"], 20)}  # fmt: skip
        return args

    def _sample_plan(self, task: Task, timing_seed: int, init_seed: int) -> tuple[dict[str, list[int]], list[dict]]:
        """Which timed calls (of measurement A and B) have their outputs checked: secret, never in the job file."""
        opts = self.options
        rng = random.Random(_seed(self._master, task.id, "samples"))
        pool = max(1, self._bench()["min_reps"])
        picks: dict[str, list[int]] = {"A": [], "B": []}
        for n in range(opts.timed_checks if opts.time else 0):
            mark = "A" if n % 2 == 0 else "B"
            choice = rng.randrange(pool)
            if choice not in picks[mark]:
                picks[mark].append(choice)
        offsets = {"A": 0, "B": 100_000}
        specs = [
            {"name": f"{m}_{k}", "seed": timing_seed + offsets[m] + k, "init_seed": init_seed}
            for m, ks in picks.items()
            for k in ks
        ]
        return picks, specs

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
            task_file = inputs_dir / "task.py"
            task_file.write_bytes(Path(task.path).read_bytes())
            trials = self._trial_plan(task)
            timing_seed = _seed(self._master, task.id, "timing")
            picks, sample_specs = self._sample_plan(task, timing_seed, trials[0]["init_seed"])
            args = {
                "task_path": task.path,
                "overrides": task.shape_overrides(self.options.shapes),
                "trials": trials,
                "samples": sample_specs,
                "inputs_dir": str(inputs_dir),
                "refs_dir": str(refs_dir),
                "threads": self.options.threads,
                "lock_path": str(lock_path(self.backend.lock_name)),
                "allow_tf32": task.tf32,
                "count_work": self.options.roofline,
            }
            if self.availability.can_run:
                known_work = self._known_work(task) if self.options.roofline else None
                if known_work is not None:
                    args["count_work"] = False  # counted before: the count depends only on the task and torch
                result = self._run_reference(args)
                if known_work is not None:
                    result["work"] = known_work
                elif result["work"].get("flops_source") == "flop_counter":  # counted now, and it worked
                    write_json_atomic(self._work_file(task), result["work"])
            else:  # compiled, never run here (unverified): no reference output is ever compared
                result = {"trials": [], "samples": {}, "work": {"flops": 0.0, "bytes": 0.0, "flops_source": "none"}}
            ref = _Reference(
                inputs_dir,
                refs_dir,
                trials,
                result["trials"],
                timing_seed,
                picks,
                result["samples"],
                result["work"],
                task_file=task_file,
            )
            self._refs[key] = ref
            return ref

    def _work_file(self, task: Task) -> Path:
        """Where the task's counted FLOPs and bytes are kept (counting imports dynamo: about 2 s a task)."""
        key = hashlib.sha256(f"{task.content_hash}\0{self.options.shapes}\0{self._toolchain}".encode()).hexdigest()
        return cache_dir() / "work" / f"{key[:32]}.json"

    def _known_work(self, task: Task) -> dict[str, Any] | None:
        try:
            known = json.loads(self._work_file(task).read_text())
        except (OSError, ValueError):
            return None
        return known if isinstance(known, dict) else None

    def _run_reference(self, args: dict[str, Any]) -> dict[str, Any]:
        spec_dir = Path(tempfile.mkdtemp(prefix="refjob-", dir=self._scratch))
        spec_path, result_path = spec_dir / "spec.json", spec_dir / "facts.json"
        spec_path.write_text(json.dumps({"args": args, "result_path": str(result_path)}))
        try:
            code = self._reference_server().compute(spec_path, timeout=self.options.timeout + 60)
        except TimeoutError:
            raise ReferenceError(
                f"{args['task_path']}: the reference took longer than {self.options.timeout:g}s"
            ) from None
        if code != 0 or not result_path.exists():
            try:
                log = (spec_dir / "log.txt").read_text(errors="replace")
            except OSError:
                log = ""
            tail = log.strip().splitlines()[-1:] or [f"exit code {code}"]
            raise ReferenceError(f"{args['task_path']}: computing the reference failed: {tail[0]}")
        result: dict[str, Any] = json.loads(result_path.read_text())
        shutil.rmtree(spec_dir, ignore_errors=True)
        return result

    def _reference_server(self) -> _refproc.Server:
        """The reference zygote, started from the evaluator's own thread (a child set to die with its parent
        dies with the *thread* that started it)."""
        with self._guard:
            if self._refserver is None:
                env = {**os.environ, **TIMING_ENV}
                env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
                self._refserver = _refproc.Server(str(lock_path(self.backend.lock_name)), env)
            server = self._refserver
        self._in_keeper(server.start)
        return server

    def _compile_baseline(self, task: Task, ref: _Reference) -> dict[str, Any] | None:
        """torch.compile(Model) timed by a trusted process, cached per (task, shapes, device, environment)."""
        if not (self.options.compile_baseline and self.options.time and self.availability.can_run):
            return None
        key = f"{task.content_hash}-{self.options.shapes}"
        with self._guard:
            lock = self._ref_locks.setdefault(key + "-compile", threading.Lock())
        with lock:
            if ref.compile is None:
                from . import compile_baseline

                opts = self.options
                ref.compile = compile_baseline.get(
                    task.path,
                    task.shape_overrides(opts.shapes),
                    task_hash=task.content_hash,
                    shapes=opts.shapes,
                    device=self.backend.torch_device(),
                    threads=opts.threads,
                    lock_path=str(lock_path(self.backend.lock_name)),
                    bench_args={k: getattr(opts, k) for k in ("warmup_ms", "rep_ms", "min_reps", "max_reps")},
                    timing_seed=ref.timing_seed,
                    init_seed=ref.trials[0]["init_seed"],
                    env={
                        "toolchain": json.loads(self._toolchain),
                        "tf32": task.tf32,
                        "device": self.availability.device,
                    },
                )
            return ref.compile

    # ---- candidate -----------------------------------------------------------------------------
    def build_dir(self, source: str) -> Path:
        """The candidate's build directory: a hash of its source, the backend and the toolchain."""
        key = hashlib.sha256((self.backend.name + "\0" + self._toolchain + "\0" + source).encode()).hexdigest()[:24]
        path = cache_dir() / "build" / self.backend.name / key
        path.mkdir(parents=True, exist_ok=True)
        return path

    def export_build(self, source: str) -> bytes:
        """The build folder of ``source`` as a gzipped tar (links stored as links), to run it elsewhere."""
        buf = io.BytesIO()
        build_dir = self.build_dir(source)
        with file_lock(_build_lock(build_dir)), tarfile.open(fileobj=buf, mode="w:gz") as tar:
            for entry in sorted(build_dir.iterdir()):
                tar.add(entry, arcname=entry.name, filter=lambda info: info if info.isfile() or info.isdir()
                        or info.issym() else None)  # fmt: skip
            # tar keeps times to the microsecond at best; ninja compares them to the nanosecond (its deps log)
            times = json.dumps({k: v[2] for k, v in _tree_state(build_dir).items() if v[2]}).encode()
            info = tarfile.TarInfo(MTIMES)
            info.size = len(times)
            tar.addfile(info, io.BytesIO(times))
        return buf.getvalue()

    def import_build(self, source: str, blob: bytes) -> bool:
        """Unpack a build of ``source`` made elsewhere (``export_build``) unless one is here already. Members
        that would land outside the folder, absolute or outward links and special files are refused (tarfile's
        ``data`` filter). False when nothing was unpacked."""
        build_dir = self.build_dir(source)
        with file_lock(_build_lock(build_dir)):
            if any(build_dir.iterdir()):
                return False
            fresh = Path(tempfile.mkdtemp(prefix=f".{build_dir.name}-in-", dir=build_dir.parent))
            try:
                with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
                    tar.extractall(fresh, filter="data")
                times_file = fresh / MTIMES
                times = json.loads(times_file.read_text()) if times_file.is_file() else {}
                times_file.unlink(missing_ok=True)
                for rel, mtime_ns in times.items() if isinstance(times, dict) else ():
                    target = Path(os.path.normpath(fresh / str(rel)))  # (links inside: the data filter)
                    if fresh in target.parents and os.path.lexists(target) and isinstance(mtime_ns, int):
                        os.utime(target, ns=(mtime_ns, mtime_ns), follow_symlinks=False)
                build_dir.rmdir()
                os.rename(fresh, build_dir)
            finally:
                shutil.rmtree(fresh, ignore_errors=True)
        return True

    def evaluate(self, task: Task, source: str) -> Evaluation:
        """The verdict on ``source`` (a module defining ModelNew) for ``task``."""
        t0 = time.monotonic()
        opts = self.options
        base = Evaluation(
            status=Status.crashed,
            backend=self.backend.name,
            device=self.availability.device,
            task_id=task.id,
            task_hash=task.content_hash,
            shapes=opts.shapes,
            track=opts.track,
        )
        from .static_check import scan

        findings = scan(source, allow_torch=opts.allow_torch)
        if findings:  # rejected before any of its code runs
            base.status, base.correct = Status.rejected, False
            for f in findings:
                if f.code not in base.reason_codes:
                    base.reason_codes.append(f.code)
                base.reasons.append(f"static check: {f.message}")
            base.elapsed_s = round(time.monotonic() - t0, 3)
            return base
        if opts.roofline and opts.time and self.availability.can_run:
            self._peaks(task.dtype)  # measured (once per machine, cached) before the shared lock of the verdict
        self.prestart()  # a worker zygote imports torch while the reference is computed
        ref = self._reference(task)
        evaluation = self._attempt(task, source, ref, base.model_copy(deep=True))
        noisy = self._noisy_timing(evaluation)
        if noisy:  # a transient disturbance of the machine must not decide a verdict: measure once more
            retry = self._attempt(task, source, ref, base.model_copy(deep=True))
            retry.env["timing_retried"] = noisy
            machine_noisy = evaluation.env.get("baseline_disagreement") or retry.env.get("baseline_disagreement")
            evaluation = retry
            if "timing_unstable" in retry.reason_codes and machine_noisy:
                # The eager baseline (timed before the candidate existed) was unstable too: the machine is
                # busy, not the candidate suspicious. Correct, but no speed is reported.
                retry.status, retry.correct = Status.correct, True
                retry.reason_codes, retry.reasons = [], []
                retry.speedup = retry.speedup_compile = None
                retry.env["timing_note"] = f"machine too noisy to time ({machine_noisy}); speedup not reported"
            elif self._noisy_timing(retry) and "timing_unstable" not in retry.reason_codes:
                still = retry.env["baseline_disagreement"]
                retry.env["timing_note"] = f"eager baseline too noisy to time: {still}; speedup not reported"
                retry.speedup = retry.speedup_compile = None
        if self.skipped:  # a check that could not run here is said plainly with the result
            evaluation.env["skipped_checks"] = sorted(self.skipped)
        evaluation.elapsed_s = round(time.monotonic() - t0, 3)
        return evaluation

    @staticmethod
    def _noisy_timing(ev: Evaluation) -> str | None:
        """Why the timing of ``ev`` should be measured again: the candidate's or the baseline's two
        measurements disagreed far beyond their spread."""
        if "timing_unstable" in ev.reason_codes:
            return ev.reasons[-1]
        if ev.status == Status.correct and ev.env.get("baseline_disagreement"):
            return f"eager baseline: {ev.env['baseline_disagreement']}"
        return None

    def _attempt(self, task: Task, source: str, ref: _Reference, base: Evaluation) -> Evaluation:
        """One worker, one verdict (and, for a correct kernel, the torch.compile baseline)."""
        zygote = self._take_zygote() if self._uses_zygotes() else None
        job_dir = zygote.slot if zygote is not None else Path(tempfile.mkdtemp(prefix="job-", dir=self._scratch))
        try:
            if zygote is not None:
                result = self._run_in_zygote(task, source, ref, zygote)
            else:
                result = self._run_in_container(task, source, ref, job_dir)
            with shared_device_lock(self.backend.lock_name):  # comparing is CPU work: never during a timing
                evaluation = self._verdict(task, ref, result, job_dir, base)
            if (
                evaluation.status == Status.correct
                and evaluation.candidate is not None
                and evaluation.timing == "device"
            ):
                compiled = self._compile_baseline(task, ref)
                evaluation.env["compile_baseline"] = compiled
                if compiled and compiled.get("status") == "ok" and evaluation.timing == "device":
                    evaluation.compile_ms = round(float(compiled["median_ms"]), 6)
                    evaluation.speedup_compile = round(compiled["median_ms"] / evaluation.candidate.median_ms, 4)
        finally:
            if zygote is not None:
                self._give_back(zygote)
            else:
                shutil.rmtree(job_dir, ignore_errors=True)
        return evaluation

    # ---- worker zygotes ------------------------------------------------------------------------
    def _uses_zygotes(self) -> bool:
        """Docker runs one container per candidate (no descriptor crosses into a container); bwrap and none
        fork each worker from a zygote."""
        return self.options.sandbox_mode() != "docker"

    def prestart(self) -> None:
        """Start a worker zygote now unless one is idle: it imports torch while the caller does other work."""
        if not self._uses_zygotes():
            return
        with self._guard:
            if self._idle or self._closed:
                return
        zygote = self._in_keeper(self._start_zygote)
        with self._guard:
            if not self._closed:
                self._idle.append(zygote)
                return
        zygote.kill()

    def _take_zygote(self) -> Zygote:
        with self._guard:
            while self._idle:
                zygote = self._idle.pop()
                if zygote.healthy and zygote.proc.poll() is None:
                    return zygote
                zygote.kill()
        return self._in_keeper(self._start_zygote)

    def _give_back(self, zygote: Zygote) -> None:
        """Empty the zygote's job folder; keep it for the next candidate if it is healthy."""
        for entry in list(zygote.slot.iterdir()) if zygote.slot.is_dir() else []:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
        if zygote.slot.is_dir() and any(zygote.slot.iterdir()):  # something the worker left could not go
            zygote.healthy = False
        with self._guard:
            if zygote.healthy and not self._closed and zygote.proc.poll() is None:
                self._idle.append(zygote)
                return
        zygote.kill()

    def _start_zygote(self) -> Zygote:
        mode = self.options.sandbox_mode()
        slot = Path(tempfile.mkdtemp(prefix="slot-", dir=self._scratch))
        root = JOB_MOUNT if mode == "bwrap" else slot
        fd, log_name = tempfile.mkstemp(prefix="zygote-", suffix=".log", dir=self._scratch)
        lock = lock_path(self.backend.lock_name)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            keep = [str(root), str(lock.parent)]
            parent = os.getpid() if mode == "none" else 0
            cmd = [sys.executable, "-m", "harness._worker", "--serve", str(theirs.fileno()), str(lock), str(parent),
                   json.dumps(keep)]  # fmt: skip
            env = self._worker_env(root, root / "build")
            if mode == "bwrap":
                cmd = sandbox.wrap(cmd, mode, self._zygote_mounts(slot), env=env, cwd=root,
                                   pass_fds=(theirs.fileno(),))  # fmt: skip
            proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=fd, stderr=subprocess.STDOUT, pass_fds=(theirs.fileno(),),
                env=env, cwd=slot, start_new_session=True,
            )  # fmt: skip
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
            os.close(fd)
        return Zygote(proc, ours, slot, root, Path(log_name))

    def _zygote_mounts(self, slot: Path) -> sandbox.Mounts:
        """What a sandboxed worker sees: the system read-only; its job folder read-write at JOB_MOUNT (inputs,
        candidate, outputs, its build); never the private references, other candidates' builds or the results."""
        lock_dir = lock_path(self.backend.lock_name).parent
        ro = [REPO_ROOT, *sandbox.interpreter_paths()]
        return sandbox.Mounts(rw=[lock_dir], ro=ro, hide=self._hidden(), bind_at=[(slot, JOB_MOUNT)])

    def _job(
        self, task: Task, ref: _Reference, *, task_path: Path, candidate: Path, inputs: Path, outputs: Path,
        parent_pid: int,
    ) -> dict[str, Any]:  # fmt: skip
        """What a worker is told (paths as it sees them); the HMAC key and the checked calls travel apart."""
        opts = self.options
        return {
            "backend": self.backend.name,
            "task_path": str(task_path),
            "shape_overrides": task.shape_overrides(opts.shapes),
            "candidate_path": str(candidate),
            "inputs_dir": str(inputs),
            "outputs_dir": str(outputs),
            "trials": [{"init_seed": t["init_seed"]} for t in ref.trials],
            "timing_seed": ref.timing_seed,
            "threads": opts.threads,
            "time": opts.time,
            "can_run": self.availability.can_run,
            "allow_tf32": task.tf32,
            "lock_path": str(lock_path(self.backend.lock_name)),
            "parent_pid": parent_pid,
            **self._bench(),
            "memory_limit_bytes": opts.memory_limit_bytes() if self.backend.limit_address_space else None,
            "file_limit_bytes": int(opts.file_limit_gb * 2**30),
        }

    def _run_in_zygote(self, task: Task, source: str, ref: _Reference, zygote: Zygote) -> _WorkerResult:
        """One candidate in a worker forked by ``zygote``. In a sandbox, the build cache entry of this source is
        copied into the job folder and, when the worker changed it, back (never a link followed either way)."""
        opts = self.options
        mode = opts.sandbox_mode()
        slot, root = zygote.slot, zygote.root
        build_dir = self.build_dir(source)
        copied_build = mode == "bwrap"
        for name in ("outputs", "home", "tmp", "inputs"):
            (slot / name).mkdir()
        for item in ref.inputs_dir.iterdir():  # a copy: the worker can write to its job folder
            shutil.copyfile(item, slot / "inputs" / item.name)
        (slot / "candidate.py").write_text(source, encoding="utf-8")
        key = secrets.token_bytes(32)
        secret = json.dumps({"key": key.hex(), "samples": ref.samples}).encode()
        task_file = (root / "inputs" / ref.task_file.name) if ref.task_file else Path(task.path)
        job = self._job(task, ref, task_path=task_file, candidate=root / "candidate.py", inputs=root / "inputs",
                        outputs=root / "outputs", parent_pid=0)  # fmt: skip
        job["extensions_dir"] = str(root / "build" if copied_build else build_dir)
        log_path = self._scratch / f"log-{slot.name}-{zygote.uses}.txt"
        log_fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        read_fd, write_fd = os.pipe()
        secret_read, secret_write = os.pipe()
        os.write(secret_write, secret)  # far below a pipe's buffer: never blocks
        os.close(secret_write)
        work = slot / "build" if copied_build else build_dir
        try:
            with file_lock(_build_lock(build_dir)):  # one build per identical candidate at a time
                if copied_build:
                    _copy_tree(build_dir, work)
                for stale in work.glob("*/lock"):  # left by a worker killed mid-build; torch would wait forever
                    stale.unlink(missing_ok=True)
                before = _tree_state(work)
                try:
                    child = zygote.run(job, [write_fd, secret_read, log_fd], ready_timeout=opts.timeout + 600)
                except ZygoteFailed as exc:
                    result = _WorkerResult([], None, None, None, "", 0.0)
                    os.write(log_fd, f"\n[kbench] {exc}\n".encode())
                else:
                    os.close(write_fd)
                    write_fd = -1
                    result = self._watch(child, read_fd, key)
                if copied_build and _tree_state(work) != before:
                    _replace_tree(work, build_dir)
        finally:
            for fd in (write_fd, secret_read, log_fd, read_fd):
                if fd >= 0:
                    with contextlib.suppress(OSError):
                        os.close(fd)
        for event in result.events:  # libraries as this machine sees them (the scan reads them here)
            if isinstance(event.get("libraries"), list):
                event["libraries"] = [_host_path(str(lib), root, slot) for lib in event["libraries"]]
        full_log = log_path.read_text(errors="replace")
        log_path.unlink(missing_ok=True)
        result.log = full_log[-LOG_TAIL:]
        result.resources = self._resources(build_dir, full_log)
        result.sandbox = mode
        result.build_dir = work
        return result

    def _worker_env(self, job_dir: Path, build_dir: Path) -> dict[str, str]:
        env = {k: os.environ[k] for k in ENV_ALLOW if k in os.environ}
        bindir = str(Path(sys.executable).parent)
        env["PATH"] = bindir + os.pathsep + env.get("PATH", "/usr/local/bin:/usr/bin:/bin")
        if "CUDA_HOME" not in env and Path("/usr/local/cuda").is_dir():
            env["CUDA_HOME"] = "/usr/local/cuda"
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
        env.update(TIMING_ENV)
        env.update(self.backend.worker_env())
        return env

    def _resources(self, build_dir: Path, log: str) -> list[dict[str, Any]]:
        """Per-kernel resource usage from this build's output, or remembered from when it was built
        (an unchanged kernel is not rebuilt, so its compiler says nothing the second time)."""
        memo = build_dir.with_name(build_dir.name + ".resources.json")  # beside the build: the worker can't write it
        found = self.backend.build_resources(log)
        if found:
            write_json_atomic(memo, {"resources": found})
            return found
        try:
            remembered = json.loads(memo.read_text()).get("resources")
        except (OSError, ValueError, AttributeError):
            return []
        return remembered if isinstance(remembered, list) else []

    def _hidden(self) -> list[Path]:
        """What no sandboxed worker may read: the driver's scratch (private references), the build cache (other
        candidates' kernels), the results stores, credentials."""
        stores = [default_db(), *self.options.hide]
        return [
            self._scratch,
            cache_dir(),
            *[Path(str(db) + suffix) for db in stores for suffix in ("", "-wal", "-shm")],
            *sandbox.sensitive_paths(Path.home()),
        ]

    def _container_mounts(self, job_dir: Path, build_dir: Path, ref: _Reference) -> sandbox.Mounts:
        """What a worker's container sees: its job and build directories read-write, its inputs read-only."""
        lock_dir = lock_path(self.backend.lock_name).parent
        ro = [REPO_ROOT, ref.inputs_dir]
        return sandbox.Mounts(rw=[job_dir, build_dir, lock_dir], ro=ro, hide=self._hidden())

    def _run_in_container(self, task: Task, source: str, ref: _Reference, job_dir: Path) -> _WorkerResult:
        """One candidate in a container of its own (``--sandbox docker``, which no descriptor crosses: the
        result and the secret travel through named pipes in the job directory)."""
        opts = self.options
        build_dir = self.build_dir(source)
        for name in ("outputs", "home", "tmp"):
            (job_dir / name).mkdir()
        candidate_path = job_dir / "candidate.py"
        candidate_path.write_text(source, encoding="utf-8")
        key = secrets.token_bytes(32)
        secret = json.dumps({"key": key.hex(), "samples": ref.samples}).encode()
        job = self._job(task, ref, task_path=ref.task_file or Path(task.path), candidate=candidate_path,
                        inputs=ref.inputs_dir, outputs=job_dir / "outputs", parent_pid=0)  # fmt: skip
        result_fifo, secret_fifo = job_dir / "result.fifo", job_dir / "secret.fifo"
        os.mkfifo(result_fifo, 0o600)
        os.mkfifo(secret_fifo, 0o600)
        job["result_path"], job["secret_path"] = str(result_fifo), str(secret_fifo)
        read_fd = os.open(result_fifo, os.O_RDWR)  # O_RDWR: opening does not wait for the writer

        def feed() -> None:
            with open(secret_fifo, "wb") as fh:
                fh.write(secret)

        job_path = job_dir / "job.json"
        job_path.write_text(json.dumps(job))
        log_path = job_dir / "log.txt"
        env = self._worker_env(job_dir, build_dir)
        # the image's own Python and torch; this checkout's harness, mounted read-only
        env["PATH"] = f"{Path(DOCKER_PYTHON).parent}:/usr/local/cuda/bin:/usr/local/bin:/usr/bin:/bin"
        env["CUDA_HOME"] = "/usr/local/cuda"
        container = f"kbench-{job_dir.name}"
        cmd = sandbox.wrap(
            [DOCKER_PYTHON, "-m", "harness._worker", str(job_path)],
            "docker",
            self._container_mounts(job_dir, build_dir, ref),
            env=env,
            cwd=job_dir,
            image=opts.docker_image,
            name=container,
        )
        with file_lock(_build_lock(build_dir)):  # one build per identical candidate at a time
            for stale in build_dir.glob("*/lock"):  # left by a worker killed mid-build; torch would wait forever
                stale.unlink(missing_ok=True)
            with open(log_path, "wb") as log:
                proc = subprocess.Popen(
                    cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=job_dir,
                    start_new_session=True,
                )  # fmt: skip
            threading.Thread(target=feed, daemon=True).start()
            try:
                result = self._watch(proc, read_fd, key)
            finally:
                os.close(read_fd)
                kill_group(proc)
                # killing the docker client does not stop its container
                subprocess.run(["docker", "kill", container], capture_output=True, timeout=60, check=False)
        full_log = log_path.read_text(errors="replace")
        result.log = full_log[-LOG_TAIL:]
        result.resources = self._resources(build_dir, full_log)
        result.sandbox = "docker"
        result.build_dir = build_dir
        return result

    def _watch(self, proc: subprocess.Popen[bytes] | ZygoteChild, fd: int, key: bytes) -> _WorkerResult:
        """Read authenticated events until the worker exits; kill it when its phase's clock runs out.

        Every line must carry a valid HMAC over the next sequence number: a forged, replayed,
        reordered or dropped event is a protocol violation.
        """
        opts = self.options
        start = time.monotonic()
        phase, budget = "startup", opts.timeout
        phase_start = start
        events: list[dict[str, Any]] = []
        buf = b""
        violation: str | None = None
        timed_out: str | None = None
        lock_wait_started: float | None = None
        expected_seq = 0
        seen_once: set[str] = set()
        stopped = finished = False
        while not (stopped or finished):
            now = time.monotonic()
            if lock_wait_started is None and now - phase_start > budget:
                timed_out = phase
                break
            if lock_wait_started is not None and now - lock_wait_started > max(600.0, 2 * opts.timeout):
                timed_out = phase  # nobody holds a timing slot that long honestly
                break
            wait = 1.0 if lock_wait_started is not None else max(0.0, budget - (now - phase_start))
            ready, _, _ = select.select([fd], [], [], min(wait, 0.5))
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                event, problem = _authenticate(line, key, expected_seq)
                if problem is not None or event is None:
                    violation = violation or problem
                    continue
                expected_seq += 1
                name = event["event"]
                if name == "trial" and phase == "correctness" and self._decisive(event):
                    events.append(event)
                    stopped = True  # rejected whatever comes next: stop before the candidate wastes the machine
                    break
                if name not in KNOWN_EVENTS:
                    violation = violation or f"unknown event {name!r} on the result channel"
                    continue
                if name in ONCE_EVENTS:
                    if name in seen_once:
                        violation = violation or f"event {name!r} sent twice"
                        continue
                    seen_once.add(name)
                events.append(event)
                if name == "done":  # everything is reported: the worker's exit has nothing left to say
                    finished = True
                    break
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
                    elif phase in ("correctness", "timing", "recheck"):  # each phase gets the whole --timeout
                        budget, phase_start = opts.timeout, time.monotonic()
                elif name in EVENT_PHASE and phase != EVENT_PHASE[name]:
                    violation = violation or f"event {name!r} sent in phase {phase!r}"
        if timed_out is None and not (stopped or finished):
            try:
                proc.wait(timeout=max(1.0, budget - (time.monotonic() - phase_start)))
            except subprocess.TimeoutExpired:
                timed_out = phase
        if isinstance(proc, ZygoteChild):
            proc.stop()  # the worker and everything it left running
        else:
            kill_group(proc)
        if buf.strip() and violation is None and not (stopped or finished):
            violation = f"an unterminated line on the result channel: {buf[:80]!r}"
        result = _WorkerResult(events, proc.returncode, timed_out, violation, "", time.monotonic() - start)
        result.stopped_early = stopped
        return result

    def _decisive(self, trial: dict[str, Any]) -> bool:
        """Whether one trial's report already rejects the candidate (the same checks as _runtime_violations)."""
        if trial.get("busy_threads") or trial.get("dispatch_mode_kept") is False or trial.get("pending"):
            return True
        if trial.get("launches") == 0:
            return True
        ops = trial.get("ops") or {}
        if ops.get("kbench.untraceable"):
            return True
        return not self.options.allow_torch and bool(anticheat.forbidden_ops(ops))

    # ---- verdict -------------------------------------------------------------------------------
    def _verdict(self, task: Task, ref: _Reference, res: _WorkerResult, job_dir: Path, ev: Evaluation) -> Evaluation:
        by_name: dict[str, list[dict[str, Any]]] = {}
        for e in res.events:
            by_name.setdefault(e["event"], []).append(e)
        first = {k: v[0] for k, v in by_name.items()}
        ev.log_tail = res.log
        if "started" in first:
            ev.env = {**first["started"].get("env", {}), "toolchain": json.loads(self._toolchain)}
        ev.env["sandbox"] = res.sandbox
        if res.resources:  # e.g. ptxas's registers and shared memory per kernel (from the build's own output)
            ev.env["kernel_resources"] = res.resources
        ev.env["tf32_allowed"] = task.tf32
        built = "built" in first
        ev.compiled = True if built else None
        if "built" in first:
            ev.build_s = round(float(first["built"].get("build_s", 0.0)), 3)
        work = ref.work or {}
        if work.get("flops") or work.get("bytes"):
            ev.flops, ev.bytes_moved = float(work.get("flops") or 0.0), float(work.get("bytes") or 0.0)

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
                diagnostics = _compiler_diagnostics(message)
                if diagnostics:  # the compiler's own error lines first, the whole build output after
                    ev.reasons.append("compiler: " + " | ".join(diagnostics))
                return finish(Status.compile_error, code, message)
            if code in ("init_failed", "forward_failed"):
                return finish(Status.runtime_error, code, message)
            return finish(Status.runtime_error, "harness_error", f"the worker failed: {message}")

        def reject(rejections: list[tuple[str, str]], note: str | None = None) -> Evaluation:
            for code, reason in rejections:
                if code not in ev.reason_codes:
                    ev.reason_codes.append(code)
                ev.reasons.append(reason)
            if note:
                ev.reasons.append(note)
            ev.status, ev.correct = Status.rejected, False
            return ev

        if res.stopped_early:  # the worker was stopped at the trial that showed the violation
            rejections = self._runtime_violations(res, by_name, first)
            if rejections:
                return reject(rejections, "evaluation stopped at the first trial that showed this")
        if "done" not in first:
            rc = res.returncode
            if rc is not None and res.sandbox != "none" and 128 < rc < 128 + 65:
                rc = -(rc - 128)  # bwrap and docker report a child killed by signal N as exit status 128 + N
            if rc is not None and rc < 0:
                return finish(
                    Status.crashed,
                    "signal",
                    f"the worker died from {signal_name(-rc)} in phase '{_last_phase(res.events)}'",
                )
            return finish(
                Status.crashed,
                "worker_exit",
                f"the worker exited (code {rc}) in phase '{_last_phase(res.events)}' before reporting a result",
            )

        # Anti-cheat: every violation is reported; any one makes the verdict `rejected`.
        rejections = self._runtime_violations(res, by_name, first)
        if rejections:
            return reject(rejections)
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
            label = f"trial {i} ({facts.get('kind', 'task')} inputs, scale {facts.get('scale', 1.0):.3g})"
            cmp = self._compare_saved(
                job_dir / "outputs" / f"out_{i}.pt",
                trial.get("structure", {}),
                str(ref.refs_dir / f"ref_{i}.pt"),
                facts["structure"],
                task,
                label,
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
        # Outputs computed inside the timing loop (chosen in secret) and after it must be right too.
        later: list[tuple[Path, dict[str, Any] | None, str, dict[str, Any], str, str]] = []
        if "timing" in first:
            later += [
                (job_dir / "outputs" / f"timed_{name}.pt", None, str(ref.refs_dir / f"sample_{name}.pt"),
                 facts["structure"], "timed_output_mismatch", f"timed call {name}")
                for name, facts in ref.sample_facts.items()
                if facts["finite"]
            ]  # fmt: skip
        if "recheck" in first and ref.facts[0]["finite"]:
            later.append(
                (job_dir / "outputs" / "out_post_0.pt", first["recheck"].get("structure", {}),
                 str(ref.refs_dir / "ref_0.pt"), ref.facts[0]["structure"], "post_timing_mismatch", "after timing")
            )  # fmt: skip
        for out_path, structure, ref_file, ref_structure, code, label in later:
            cmp = self._compare_saved(out_path, structure, ref_file, ref_structure, task, label)
            if not cmp.ok:
                ev.reasons.extend(cmp.reasons)
                what = "inside the timing loop (checked in secret)" if code == "timed_output_mismatch" else "after it"
                return finish(Status.incorrect, code, f"an output computed {what} is wrong")
        ev.status, ev.correct = Status.correct, True
        if "baseline" in first and "timing" in first:
            ev.baseline = summarize(first["baseline"]["times_ms"])
            baseline_disagreement = _disagreement(first["baseline"])
            if baseline_disagreement:
                ev.env["baseline_disagreement"] = baseline_disagreement
            ev.candidate = summarize(first["timing"]["times_ms"])
            ev.baseline_ms = round(ev.baseline.median_ms, 6)
            ev.candidate_ms = round(ev.candidate.median_ms, 6)
            ev.timing = self.backend.timing_kind
            if ev.timing == "device" and ev.candidate.median_ms > 0:
                ev.speedup = round(ev.baseline.median_ms / ev.candidate.median_ms, 4)
            implausible = self._implausible_timing(first["timing"], ref, task, ev) if ev.timing == "device" else None
            if implausible:
                ev.speedup = None
                return finish(Status.rejected, *implausible)
        return ev

    def _runtime_violations(
        self, res: _WorkerResult, by_name: dict[str, list[dict[str, Any]]], first: dict[str, dict[str, Any]]
    ) -> list[tuple[str, str]]:
        """What the worker saw the candidate do that no honest kernel does."""
        opts = self.options
        found: list[tuple[str, str]] = []
        libraries = sorted(
            {str(lib) for e in (first.get("built"), first.get("done")) if e for lib in e.get("libraries", [])}
        )
        try:
            for v in anticheat.check_libraries(libraries, res.build_dir, opts.allow_torch):
                found.append((v.code, v.message))
        except FileNotFoundError as exc:  # binutils missing: said plainly, not silently skipped
            self._note_skipped(f"native library scan skipped: {exc}")
        for trial in by_name.get("trial", []):
            i = trial.get("index")
            ops = dict(trial.get("ops") or {})
            if ops.pop("kbench.untraceable", 0):
                found.append(
                    ("untraceable", f"trial {i}: forward could not be traced with jax.make_jaxpr (see the log)")
                )
            if not opts.allow_torch:
                bad = anticheat.forbidden_ops(ops)
                jax_ops = {k: n for k, n in bad.items() if k.startswith("jax.")}
                torch_ops = {k: n for k, n in bad.items() if k not in jax_ops}
                if torch_ops:
                    listed = ", ".join(f"{k} x{n}" for k, n in list(torch_ops.items())[:8])
                    found.append(("torch_op", f"trial {i}: forward executed PyTorch operators: {listed}"))
                if jax_ops:
                    listed = ", ".join(f"{k[4:]} x{n}" for k, n in list(jax_ops.items())[:8])
                    found.append(("jax_op", f"trial {i}: forward computed outside its Pallas kernels: {listed}"))
            if trial.get("dispatch_mode_kept") is False:
                found.append(("dispatch_tamper", f"trial {i}: forward removed kbench's operator recorder"))
            if trial.get("busy_threads"):
                found.append(
                    (
                        "background_work",
                        f"trial {i}: {len(trial['busy_threads'])} native thread(s) kept computing after forward "
                        "returned",
                    )
                )
            if trial.get("launches") == 0:
                found.append(("no_kernel_launched", f"trial {i}: forward launched none of the backend's kernels"))
            if trial.get("pending"):
                found.append(("pending_work", f"trial {i}: device work still pending: {trial['pending'][:3]}"))
        done = first.get("done") or {}
        if done.get("settings_before") != done.get("settings_after"):
            changed = {
                k: (v, done["settings_after"].get(k))
                for k, v in done["settings_before"].items()
                if done["settings_after"].get(k) != v
            }
            found.append(("settings_changed", f"torch global settings changed: {changed}"))
        if done.get("new_threads"):
            found.append(("thread_spawned", f"Python threads left running after forward: {done['new_threads'][:5]}"))
        # de-duplicate per code, keeping the first few messages
        out: list[tuple[str, str]] = []
        per_code: dict[str, int] = {}
        for code, msg in found:
            per_code[code] = per_code.get(code, 0) + 1
            if per_code[code] <= 3:
                out.append((code, msg))
        return out

    def _peaks(self, dtype: str) -> dict[str, Any] | None:
        """The device's peak rates for the roofline (a CPU's are measured alone, holding the timing lock)."""
        from . import roofline

        with self._guard:
            if dtype in self._peak_cache:
                return self._peak_cache[dtype]
        with shared_device_lock(self.backend.lock_name, exclusive=True):
            peaks = roofline.peaks_for(self.availability.device, dtype, self.options.threads)
        with self._guard:
            self._peak_cache[dtype] = peaks
        return peaks

    def _note_skipped(self, message: str) -> None:
        with self._guard:
            self.skipped.add(message)

    def _implausible_timing(
        self, timing: dict[str, Any], ref: _Reference, task: Task, ev: Evaluation
    ) -> tuple[str, str] | None:
        """beyond_roofline: faster than the hardware allows; timing_unstable: two measurements disagree."""
        assert ev.candidate is not None
        disagreement = _disagreement(timing)
        if disagreement:
            return ("timing_unstable", f"two timing measurements of the candidate disagree: {disagreement}")
        if self.options.roofline and (ev.flops or ev.bytes_moved):
            from . import roofline

            peaks = self._peaks(task.dtype)
            # FLOPs bound single operators tightly; a fused or whole-model task may be legitimately simplified
            # algebraically (fewer FLOPs than eager counts), so only its bytes bound it.
            work = ref.work if task.level == 1 else {**ref.work, "flops": 0.0}
            floor = roofline.floor_ms(work, peaks)
            if floor is not None:
                ev.roofline_ms = round(floor * roofline.SAFETY, 9)
                if ev.candidate.median_ms < floor:
                    return (
                        "beyond_roofline",
                        f"median {ev.candidate.median_ms:.4g} ms is below the roofline floor {floor:.4g} ms "
                        f"({ref.work.get('flops', 0):.3g} FLOPs, {ref.work.get('bytes', 0):.3g} bytes at "
                        f"{peaks.get('source', 'measured') if peaks else ''} peaks)",
                    )
        return None

    def _compare_saved(
        self, path: Path, structure: dict[str, Any] | None, ref_file: str, ref_structure: dict[str, Any], task: Task,
        label: str,
    ):  # fmt: skip
        """Compare an output file the worker wrote (a list of tensors, or for timed calls a dict that also
        holds the structure) with a private reference file."""
        import torch

        from ._compare import Comparison

        try:
            saved = torch.load(path, weights_only=True)
            if structure is None:
                saved, structure = saved["tensors"], saved["structure"]
        except Exception as exc:  # a subclass, a pickle trick or a missing file: never trusted
            return Comparison(
                False,
                ["type_mismatch"],
                [f"{label}: the output could not be read as plain tensors ({type(exc).__name__})"],
            )
        if not isinstance(saved, list) or not isinstance(structure, dict):
            return Comparison(False, ["type_mismatch"], [f"{label}: malformed output file"])
        refs = torch.load(ref_file, weights_only=True)
        return compare(saved, structure, refs, ref_structure, task.tolerance, self.backend.torch_device(), label)


#: the member of a shipped build that carries each file's exact modification time
MTIMES = ".kbench-mtimes.json"


def _build_lock(build_dir: Path) -> Path:
    """The lock that lets one worker at a time build (or copy) a given source: beside its build folder."""
    return build_dir.with_name(build_dir.name + ".lock")


def _not_plain(folder: str, names: list[str]) -> list[str]:
    """copytree's ignore: anything but folders, regular files and links (a FIFO would block the copy)."""
    skip = []
    for name in names:
        try:
            mode = os.lstat(os.path.join(folder, name)).st_mode
        except OSError:
            skip.append(name)
            continue
        if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
            skip.append(name)
    return skip


def _copy_tree(src: Path, dst: Path) -> None:
    """Copy a build folder: links stay links (never followed), times kept (the build tool compares them)."""
    if dst.exists():
        shutil.rmtree(dst)
    if src.is_dir():
        shutil.copytree(src, dst, symlinks=True, ignore=_not_plain)
    else:
        dst.mkdir()


def _tree_state(root: Path) -> dict[str, tuple[int, int, int]]:
    """(mode, size, mtime) of everything under ``root``, links not followed: did a worker change its build?"""
    state = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            size_time = (0, 0) if stat.S_ISDIR(st.st_mode) else (st.st_size, st.st_mtime_ns)  # not a folder's time
            state[os.path.relpath(path, root)] = (st.st_mode, *size_time)
    return state


def _replace_tree(src: Path, dst: Path) -> None:
    """Put a copy of ``src`` where ``dst`` is, all at once: a reader sees the old build or the new one."""
    fresh = Path(tempfile.mkdtemp(prefix=f".{dst.name}-new-", dir=dst.parent))
    _copy_tree(src, fresh)
    old = dst.with_name(f".{dst.name}-old-{secrets.token_hex(4)}")
    if dst.exists():
        os.rename(dst, old)
    os.rename(fresh, dst)
    shutil.rmtree(old, ignore_errors=True)


def _host_path(path: str, root: Path, slot: Path) -> str:
    """A path as the worker saw it, as this machine sees it (the job folder is mounted at ``root`` inside)."""
    prefix = str(root) + os.sep
    return str(slot / path[len(prefix) :]) if path.startswith(prefix) else path


def _compiler_diagnostics(output: str, limit: int = 5) -> list[str]:
    """The error lines of a compiler's output (gcc, nvcc), without the build tool's own lines."""
    lines = []
    for line in output.splitlines():
        text = line.strip()
        if re.search(r"\berror\b", text) and not text.startswith(("FAILED", "ninja", "RuntimeError", "[")):
            lines.append(text[:300])
    return lines[:limit]


def _disagreement(times: dict[str, Any]) -> str | None:
    """Why the two measurements (``times_a``, ``times_b``) of one timing event disagree far beyond their
    spread, or None when they agree."""
    a, b = times.get("times_a") or [], times.get("times_b") or []
    if not (a and b):
        return None
    sa, sb = summarize(a), summarize(b)
    lo, hi = sorted((sa.median_ms, sb.median_ms))
    noise = sa.iqr_ms / max(sa.median_ms, 1e-9) + sb.iqr_ms / max(sb.median_ms, 1e-9)
    if lo > 0 and hi / lo > max(UNSTABLE_RATIO, 1.0 + 4.0 * noise):
        return f"median {sa.median_ms:.4g} ms then {sb.median_ms:.4g} ms ({hi / lo:.1f}x, far beyond their spread)"
    return None


def _authenticate(line: bytes, key: bytes, seq: int) -> tuple[dict[str, Any] | None, str | None]:
    """The event of one channel line if its HMAC and sequence number are right, else why not."""
    try:
        wrapper = json.loads(line)
        payload, mac = wrapper["p"], wrapper["m"]
        if not isinstance(payload, str) or not isinstance(mac, str):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return None, f"unauthenticated line on the result channel: {line[:80]!r}"
    expected = hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, mac):
        return None, f"forged event on the result channel (bad signature): {payload[:80]!r}"
    try:
        event = json.loads(payload)
        name = event["event"]
    except (ValueError, KeyError, TypeError):
        return None, "malformed signed event"
    if not isinstance(name, str) or event.get("seq") != seq:
        return None, f"event out of sequence (expected #{seq}, got #{event.get('seq')})"
    return event, None


def _last_phase(events: list[dict[str, Any]]) -> str:
    phases = [e.get("name") for e in events if e["event"] == "phase"]
    return str(phases[-1]) if phases else "startup"

"""The torch.compile baseline: the reference ``Model`` under ``torch.compile``, timed by a trusted process.

``speedup_compile`` compares a candidate with what torch.compile makes of the reference. That time is
measured in a fresh process that never sees candidate code (``python -m harness.compile_baseline
SPEC.json``) and cached per (task content hash, shape set, device, environment) under
``cache_dir()/compile_baseline``, so each machine compiles and times a task once.

The process follows the same rules as the other trusted processes: the device lock is taken shared
before torch is imported, exclusive only while timing. Timing uses :func:`harness._timing.bench` with the
worker's input scheme (``torch.manual_seed(timing_seed + i); get_inputs()``) and its cache flusher, so
the compiled time is comparable with the eager baseline and the candidate. Any failure (the task
cannot be traced, inductor cannot compile, a timeout) is reported as ``{"status": "failed", "reason":
...}`` and never raised to the caller, which then leaves ``speedup_compile`` empty.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ._paths import TIMING_ENV, cache_dir, write_json_atomic
from ._proc import die_with_parent, kill_group, signal_name
from ._timing import summarize

#: bump when the way the baseline is measured changes: old cache entries are then ignored
FORMAT_VERSION = 1
#: the longest a computation may wait for the device's timing slot before it is given up
MAX_LOCK_WAIT_S = 600.0
BENCH_KEYS = ("warmup_ms", "rep_ms", "min_reps", "max_reps")
_REPO_ROOT = Path(__file__).resolve().parent.parent
_REASON_MAX = 400

_key_locks: dict[str, threading.Lock] = {}
_key_locks_guard = threading.Lock()


# ---- driver side ---------------------------------------------------------------------------------
def cache_key(task_hash: str, shapes: str, device: str, env: dict[str, Any]) -> str:
    """sha256 of a canonical JSON of what the compiled time depends on.

    ``env`` holds everything else that changes the result: torch and Python versions, the C++/nvcc
    compiler, the thread count, the device model (see :func:`describe_env`).
    """
    doc = {"format": FORMAT_VERSION, "task_hash": task_hash, "shapes": shapes, "device": device, "env": env}
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def describe_env(device: str, threads: int) -> dict[str, Any]:
    """A default ``env`` for :func:`cache_key`: versions and settings that change a compiled time."""
    import platform

    import torch

    from backends.base import _cpu_model, tool_version

    env: dict[str, Any] = {
        "torch": torch.__version__,
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "cpu": _cpu_model(),
        "cxx": tool_version(os.environ.get("CXX", "c++")),
        "threads": threads,
    }
    if device.startswith("cuda"):
        env["nvcc"] = tool_version("nvcc")
        env["cuda"] = torch.version.cuda
        if torch.cuda.is_available():
            env["gpu"] = torch.cuda.get_device_name(torch.device(device))
    return env


def entry_path(key: str) -> Path:
    return cache_dir() / "compile_baseline" / f"{key}.json"


def get(
    task_path: str,
    overrides: dict[str, Any],
    *,
    task_hash: str,
    shapes: str,
    device: str,
    threads: int,
    lock_path: str,
    bench_args: dict[str, Any],
    timing_seed: int,
    init_seed: int,
    env: dict[str, Any],
    timeout: float = 900.0,
) -> dict[str, Any]:
    """The compiled baseline of a task, from the cache or computed once (thread- and process-safe).

    Returns ``{"status": "ok", "times_ms", "median_ms", "compile_s", "cached", "key", ...}`` or
    ``{"status": "failed", "reason", "cached", "key", ...}``; never raises for a failure of the task or
    of torch.compile. ``threads`` always enters the key (it overrides ``env["threads"]``).
    ``timeout`` bounds compiling and timing; time spent waiting for the device's timing slot is not counted.
    """
    key = cache_key(task_hash, shapes, device, {**env, "threads": threads})
    path = entry_path(key)
    hit = _read_entry(path, timeout)
    if hit is not None:
        return hit
    task_file = Path(task_path).resolve()  # the subprocess runs in a scratch directory
    if not task_file.is_file():  # the caller's mistake, not a fact about the task: never cached
        return {"status": "failed", "reason": f"{task_path}: no such task file", "cached": False, "key": key}
    path.parent.mkdir(parents=True, exist_ok=True)
    with _key_lock(key), _file_lock(path.with_suffix(".lock")):
        hit = _read_entry(path, timeout)  # computed by whoever held the lock before us
        if hit is not None:
            return hit
        spec = {
            "task_path": str(task_file),
            "overrides": dict(overrides),
            "device": device,
            "threads": int(threads),
            "lock_path": str(lock_path),
            "bench_args": {k: bench_args[k] for k in BENCH_KEYS if k in bench_args},
            "timing_seed": int(timing_seed),
            "init_seed": int(init_seed),
            "allow_tf32": bool(env.get("tf32", False)),
        }
        result, cacheable = _compute(spec, timeout)
        entry = {
            **result,
            "key": key,
            "task_hash": task_hash,
            "shapes": shapes,
            "device": device,
            "env": {**env, "threads": threads},
            "bench_args": spec["bench_args"],
            "timeout_s": timeout,
            "created": time.time(),
        }
        if entry["status"] == "ok":
            entry["median_ms"] = summarize(entry["times_ms"]).median_ms
        if cacheable:
            write_json_atomic(path, entry)
        return {**entry, "cached": False}


@contextlib.contextmanager
def _key_lock(key: str) -> Iterator[None]:
    # flock already excludes other threads (each opens its own descriptor), but not where flock is
    # emulated with per-process POSIX locks (NFS): a per-key thread lock makes threads safe everywhere.
    with _key_locks_guard:
        lock = _key_locks.setdefault(key, threading.Lock())
    with lock:
        yield


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock; the lock file stays (removing it would race)


def _read_entry(path: Path, timeout: float) -> dict[str, Any] | None:
    try:
        entry = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("status") not in ("ok", "failed"):
        return None
    if entry.get("timed_out") and timeout > float(entry.get("timeout_s", 0.0)):
        return None  # it ran out of a shorter clock than this caller allows: try again
    return {**entry, "cached": True}


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _REASON_MAX else line[: _REASON_MAX - 3] + "..."


def _child_env() -> dict[str, str]:
    env = {**os.environ, **TIMING_ENV}
    env["PYTHONPATH"] = str(_REPO_ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["TORCHINDUCTOR_CACHE_DIR"] = str(cache_dir() / "inductor")  # compiled artefacts reused across runs
    env["PYTHONUNBUFFERED"] = "1"
    if (os.cpu_count() or 1) <= 4:  # starting inductor's compile workers costs more than it saves on small machines
        env.setdefault("TORCHINDUCTOR_COMPILE_THREADS", "1")
    return env


def _compute(spec: dict[str, Any], timeout: float) -> tuple[dict[str, Any], bool]:
    """Run the trusted subprocess; return (result, whether it may be cached)."""
    work = Path(tempfile.mkdtemp(prefix="kbench-compile-"))
    read_fd, write_fd = os.pipe()
    try:
        spec_path, result_path, log_path = work / "spec.json", work / "result.json", work / "log.txt"
        threads = str(spec["threads"])
        spec = {**spec, "result_path": str(result_path), "status_fd": write_fd, "parent_pid": os.getpid()}
        spec_path.write_text(json.dumps(spec))
        env = _child_env()
        env.update({"OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads})
        try:
            with open(log_path, "wb") as log:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "harness.compile_baseline", str(spec_path)],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    pass_fds=(write_fd,),
                    env=env,
                    cwd=work,
                    start_new_session=True,
                )
        except OSError as exc:
            return {"status": "failed", "reason": _one_line(f"could not start the process: {exc}")}, False
        os.close(write_fd)
        write_fd = -1
        try:
            timed_out = _watch(proc, read_fd, timeout)
        finally:
            kill_group(proc)
        if timed_out:
            reason = f"compiling and timing took longer than {timeout:g}s"
            return {"status": "failed", "reason": reason, "timed_out": True}, True
        try:
            result = json.loads(result_path.read_text())
        except (OSError, ValueError):
            result = None
        if isinstance(result, dict) and result.get("status") in ("ok", "failed"):
            return result, True
        rc = proc.returncode
        tail = log_path.read_text(errors="replace").strip().splitlines()[-1:] or [""]
        if rc is not None and rc < 0:
            # a crash in compiled code repeats every time; SIGKILL from outside (the OOM killer) may not
            reason = f"the process died from {signal_name(-rc)}: {tail[0]}"
            return {"status": "failed", "reason": _one_line(reason)}, rc != -signal.SIGKILL
        reason = f"the process exited ({rc}) without a result: {tail[0]}"
        return {"status": "failed", "reason": _one_line(reason)}, False  # a harness problem, not the task's
    finally:
        os.close(read_fd)
        if write_fd >= 0:
            os.close(write_fd)
        shutil.rmtree(work, ignore_errors=True)


def _watch(proc: subprocess.Popen[bytes], fd: int, timeout: float) -> bool:
    """Wait for the process; True when it ran past ``timeout`` (waits for the device lock not counted)."""
    start = time.monotonic()
    waited = 0.0
    wait_since: float | None = None
    buf = b""
    open_fd = True
    while proc.poll() is None:
        now = time.monotonic()
        if wait_since is not None:
            if waited + (now - wait_since) > MAX_LOCK_WAIT_S:
                return True
        elif now - start - waited > timeout:
            return True
        if not open_fd:
            time.sleep(0.05)
            continue
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        chunk = os.read(fd, 4096)
        if not chunk:
            open_fd = False
            continue
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            if line == b"wait" and wait_since is None:
                wait_since = time.monotonic()
            elif line == b"go" and wait_since is not None:
                waited += time.monotonic() - wait_since
                wait_since = None
    return False


# ---- the trusted subprocess ----------------------------------------------------------------------
class _Lock:
    """The device lock, announced to the parent whenever taking it has to wait."""

    def __init__(self, path: str, status_fd: int) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)  # never closed: held until exit
        self.status_fd = status_fd

    def _say(self, word: str) -> None:
        with contextlib.suppress(OSError):
            os.write(self.status_fd, (word + "\n").encode())

    def take(self, mode: int) -> None:
        try:
            fcntl.flock(self.fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            self._say("wait")
            fcntl.flock(self.fd, mode)
            self._say("go")


def _failure(exc: BaseException, stage: str) -> dict[str, Any]:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    message = lines[0] if lines else ""
    explanation = next((ln for ln in lines[1:] if ln.startswith("Explanation:")), "")
    reason = f"{stage}: {type(exc).__name__}: {message}" + (f" ({explanation})" if explanation else "")
    return {"status": "failed", "reason": _one_line(reason), "traceback": traceback.format_exc()[-4000:]}


def measure(spec: dict[str, Any]) -> dict[str, Any]:
    """Compile and time the task's Model; runs in the trusted subprocess."""
    lock = _Lock(spec["lock_path"], int(spec["status_fd"]))
    lock.take(fcntl.LOCK_SH)  # before importing torch: that alone would disturb another process's timing
    import torch

    from . import _precision
    from ._timing import bench
    from .tasks import load_module

    torch.set_num_threads(int(spec["threads"]))
    _precision.apply(bool(spec.get("allow_tf32", False)))  # the same numerics as the reference and the candidate
    device = str(spec["device"])
    dev_type = torch.device(device).type
    dev_module = getattr(torch, dev_type, None) if dev_type != "cpu" else None
    sync = getattr(dev_module, "synchronize", None)

    def synchronize() -> None:
        if sync is not None:
            sync()

    try:
        task = load_module(spec["task_path"], spec["overrides"], name="kbench_compile_task")
        torch.manual_seed(int(spec["init_seed"]))
        model = task.Model(*task.get_init_inputs()).to(device).eval()
    except Exception as exc:
        return _failure(exc, "building the reference")
    timing_seed = int(spec["timing_seed"])

    def make_inputs(i: int) -> list[Any]:
        torch.manual_seed(timing_seed + i)
        return [x.to(device) if isinstance(x, torch.Tensor) else x for x in task.get_inputs()]

    try:
        from torch._dynamo.utils import counters

        compiled = torch.compile(model)
        t0 = time.perf_counter()
        with torch.no_grad():
            compiled(*make_inputs(0))
            synchronize()
            compile_s = time.perf_counter() - t0
            compiled(*make_inputs(1))  # a recompilation on the second call would otherwise skew the warm-up
            synchronize()
    except Exception as exc:
        return _failure(exc, "torch.compile")
    # the worker's flusher: a buffer larger than the last-level cache, zeroed before every timed call
    flush_buf = torch.empty((64 if dev_type != "cpu" else 32) * 1024 * 1024 // 4, dtype=torch.float32, device=device)

    def flush() -> None:
        flush_buf.zero_()

    bench_args = {k: spec["bench_args"][k] for k in BENCH_KEYS if k in spec["bench_args"]}
    lock.take(fcntl.LOCK_EX)
    try:
        with torch.no_grad():
            times = bench(compiled, make_inputs, synchronize, flush, **bench_args)
    except Exception as exc:
        return _failure(exc, "timing the compiled model")
    finally:
        lock.take(fcntl.LOCK_SH)
    return {
        "status": "ok",
        "times_ms": times,
        "compile_s": round(compile_s, 3),
        "graph_breaks": int(sum(counters["graph_break"].values())),
        "pid": os.getpid(),
    }


def main(spec_path: str) -> int:
    spec = json.loads(Path(spec_path).read_text())
    die_with_parent(int(spec["parent_pid"]))
    try:
        result = measure(spec)
    except BaseException as exc:  # anything the task or torch throws is a result, not a crash
        result = _failure(exc, "compile baseline")
    result.setdefault("pid", os.getpid())
    tmp = Path(spec["result_path"] + ".tmp")
    tmp.write_text(json.dumps(result))
    os.replace(tmp, spec["result_path"])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # skip interpreter teardown (inductor's compile workers can make it slow)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

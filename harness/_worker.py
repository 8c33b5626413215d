"""The evaluation worker: one fresh process per candidate, never reused.

Run as ``python -m harness._worker JOB.json`` by :mod:`harness.evaluate`. The order of work is part
of the trust design: the eager baseline is timed before the candidate is imported; the reference
outputs never enter this process (only inputs do); outputs are written raw to files and the parent
decides the verdict. Events go to the parent as JSON lines on a dedicated descriptor; anything the
candidate prints goes to a log the parent only quotes from.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import hmac
import importlib.util
import json
import os
import select
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from ._proc import die_with_parent


class Channel:
    """JSON-lines events to the parent, each authenticated (HMAC-SHA256 over a sequence number and payload).

    The key arrives on a pipe that is closed before any candidate code runs, and lives only in this
    object; a forged, replayed, reordered or dropped line fails the parent's check.
    """

    def __init__(self, fd: int, key: bytes) -> None:
        self.fd = fd
        self._mac = hmac.new(key, digestmod=hashlib.sha256)
        self._seq = 0

    def emit(self, event: str, **fields: Any) -> None:
        payload = json.dumps({"event": event, "seq": self._seq, "t": time.monotonic(), **fields})
        mac = self._mac.copy()
        mac.update(payload.encode())
        self._seq += 1
        data = (json.dumps({"p": payload, "m": mac.hexdigest()}) + "\n").encode()
        while data:
            written = os.write(self.fd, data)
            data = data[written:]


def _settings_snapshot() -> dict[str, Any]:
    import torch

    from ._precision import flush_denormal_active

    return {
        "num_threads": torch.get_num_threads(),
        "num_interop_threads": torch.get_num_interop_threads(),
        "cuda_matmul_allow_tf32": bool(torch.backends.cuda.matmul.allow_tf32),
        "cudnn_allow_tf32": bool(torch.backends.cudnn.allow_tf32),
        "float32_matmul_precision": torch.get_float32_matmul_precision(),
        "deterministic": torch.are_deterministic_algorithms_enabled(),
        "default_dtype": str(torch.get_default_dtype()),
        "grad_enabled": torch.is_grad_enabled(),
        "flush_denormal": flush_denormal_active(),
    }


def _digest(values: list[Any]) -> str:
    import torch

    h = hashlib.sha256()
    for v in values:
        if isinstance(v, torch.Tensor):
            h.update(str((v.dtype, tuple(v.shape))).encode())
            h.update(v.detach().cpu().contiguous().reshape(-1).view(torch.uint8).numpy().tobytes())
        else:
            h.update(repr(v).encode())
    return h.hexdigest()


def _to_device(values: list[Any], device: str) -> list[Any]:
    import torch

    return [v.to(device) if isinstance(v, torch.Tensor) else v for v in values]


def _flatten_output(out: Any) -> tuple[list[Any], dict[str, Any]]:
    """Outputs as a list of plain CPU tensors (None where not a tensor) plus a structure description."""
    import torch

    if isinstance(out, tuple | list):
        container, items = type(out).__name__, list(out)
    else:
        container, items = "single", [out]
    tensors: list[Any] = []
    types: list[str] = []
    devices: list[str] = []
    for item in items:
        types.append(f"{type(item).__module__}.{type(item).__qualname__}")
        if isinstance(item, torch.Tensor):
            devices.append(str(item.device))
            tensors.append(item.detach().cpu().as_subclass(torch.Tensor).clone())
        else:
            devices.append("")
            tensors.append(None)
    return tensors, {"container": container, "types": types, "devices": devices}


class _DeviceLock:
    """Shared while building and checking, exclusive while timing: one timing slot per device.

    Waiting is announced to the parent, whose clock does not count it against the candidate.
    """

    def __init__(self, path: str, ch: Channel) -> None:
        import fcntl

        self._fcntl = fcntl
        self.ch = ch
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)

    def _take(self, mode: int) -> None:
        try:
            self._fcntl.flock(self.fd, mode | self._fcntl.LOCK_NB)
        except BlockingIOError:
            self.ch.emit("lock_wait")
            self._fcntl.flock(self.fd, mode)
            self.ch.emit("lock_acquired")

    def shared(self) -> None:
        self._take(self._fcntl.LOCK_SH)

    def exclusive(self) -> None:
        self._take(self._fcntl.LOCK_EX)


def _limit_resources(memory: int | None, file_size: int | None) -> None:
    """Address-space and file-size limits for this process and everything it starts (the compiler included)."""
    import resource

    if memory:
        resource.setrlimit(resource.RLIMIT_AS, (int(memory), int(memory)))
    if file_size:
        resource.setrlimit(resource.RLIMIT_FSIZE, (int(file_size), int(file_size)))


def _make_flusher(device: str):
    import torch

    if device != "cpu":
        buf = torch.empty(64 * 1024 * 1024 // 4, dtype=torch.float32, device=device)
    else:
        buf = torch.empty(32 * 1024 * 1024 // 4, dtype=torch.float32)

    def flush() -> None:
        buf.zero_()

    return flush


def _classify_import_error(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError):
        return "syntax_error"
    text = f"{exc}"
    if "Error building extension" in text or "error:" in text and "ninja" in text.lower():
        return "build_failed"
    return "import_failed"


def _mapped_libraries() -> set[str]:
    """Shared objects mapped into this process (Linux; empty elsewhere)."""
    libs: set[str] = set()
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                parts = line.split(None, 5)
                if len(parts) == 6 and ".so" in parts[5]:
                    libs.add(parts[5].strip().removesuffix(" (deleted)"))
    except OSError:
        pass
    return libs


def _thread_cpu_ticks() -> dict[int, int]:
    """CPU ticks (user + system) of each native thread of this process but the calling one."""
    me = threading.get_native_id()
    ticks: dict[int, int] = {}
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:
        return ticks
    for name in tids:
        tid = int(name)
        if tid == me:
            continue
        try:
            with open(f"/proc/self/task/{name}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ticks[tid] = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        except (OSError, IndexError, ValueError):
            continue
    return ticks


def _busy_threads(settle_s: float = 0.1, window_s: float = 0.3) -> list[dict[str, int]]:
    """Native threads still burning CPU after forward returned (idle OpenMP pools are not)."""
    time.sleep(settle_s)  # let an OpenMP pool's spin-wait end
    a = _thread_cpu_ticks()
    time.sleep(window_s)
    b = _thread_cpu_ticks()
    hz = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    limit = window_s * hz * 0.5  # busy for more than half the window
    return [{"tid": tid, "ticks": b[tid] - a.get(tid, 0)} for tid in b if b[tid] - a.get(tid, 0) > limit]


class _OpRecorder:
    """Counts every aten operator executed while active, including those called from C++ extensions.

    A TorchDispatchMode sits on the Python dispatch key, which the dispatcher consults for every
    operator call made while the mode is on the stack, from Python or from C++.
    """

    def __init__(self) -> None:
        from torch.utils._python_dispatch import TorchDispatchMode

        counts: dict[str, int] = {}

        def dispatch(self, func, types, args=(), kwargs=None):
            name = str(func)
            counts[name] = counts.get(name, 0) + 1
            return func(*args, **(kwargs or {}))

        if "torch._dynamo" not in sys.modules:
            # torch wraps a mode's __torch_dispatch__ so that dynamo never traces it, importing all of dynamo
            # (about 2 s) on the first operator. Nothing here has imported dynamo, so nothing can trace:
            # the wrapper is told it has nothing to disable.
            setattr(dispatch, "__dynamo_disable", dispatch)  # a literal name: no mangling inside this class

        class Recorder(TorchDispatchMode):
            __torch_dispatch__ = dispatch

        self.counts = counts
        self.mode = Recorder()

    def still_active(self) -> bool:
        from torch.utils._python_dispatch import _get_current_dispatch_mode

        return _get_current_dispatch_mode() is self.mode


def _read_secrets(job: dict[str, Any]) -> dict[str, Any]:
    """The HMAC key and the timed calls whose outputs are checked: never written to the job file."""
    if "secret_fd" in job:
        fd = int(job["secret_fd"])
        with os.fdopen(fd, "rb") as fh:
            data = fh.read()
    else:
        with open(job["secret_path"], "rb") as fh:
            data = fh.read()
        os.unlink(job["secret_path"])
    secret: dict[str, Any] = json.loads(data)
    return secret


def main(job_path: str) -> int:
    job = json.loads(Path(job_path).read_text())
    die_with_parent(int(job.get("parent_pid") or 0))
    return _start(job)


def _start(job: dict[str, Any]) -> int:
    _limit_resources(job.get("memory_limit_bytes"), job.get("file_limit_bytes"))
    secret = _read_secrets(job)
    fd = int(job["result_fd"]) if "result_fd" in job else os.open(job["result_path"], os.O_WRONLY)
    ch = Channel(fd, bytes.fromhex(secret.pop("key")))
    try:
        return _run(job, ch, secret)
    except BaseException as exc:  # the worker always tells the parent why it stopped
        ch.emit(
            "error",
            phase="worker",
            code="harness_error",
            message=f"{type(exc).__name__}: {exc}",
            traceback=traceback.format_exc()[-4000:],
        )
        return 0


def _run(job: dict[str, Any], ch: Channel, secret: dict[str, Any]) -> int:
    # The shared lock comes first: even importing torch would disturb another worker's timing.
    lock = _DeviceLock(job["lock_path"], ch)
    lock.shared()
    import torch

    import backends

    from . import _precision
    from .tasks import load_module

    if job.get("extensions_dir"):  # where this candidate's builds live (read by torch at build time)
        os.environ["TORCH_EXTENSIONS_DIR"] = str(job["extensions_dir"])
    backend = backends.get(job["backend"])
    backend.setup_worker()
    torch.set_num_threads(int(job["threads"]))
    precision = _precision.apply(bool(job.get("allow_tf32", False)))
    device = backend.torch_device()
    ch.emit("started", pid=os.getpid(), env={**backend.describe(), **precision})

    task = load_module(job["task_path"], job["shape_overrides"], name="kbench_reference_task")
    trials = job["trials"]
    inputs = (
        [torch.load(Path(job["inputs_dir"]) / f"inputs_{i}.pt", weights_only=True) for i in range(len(trials))]
        if job["can_run"]
        else []  # compiled only: nothing is run, the reference wrote no inputs
    )
    flush = _make_flusher(device) if job["can_run"] else (lambda: None)
    timing_seed = int(job["timing_seed"])
    out_dir = Path(job["outputs_dir"])

    def make_inputs(i: int) -> list[Any]:
        torch.manual_seed(timing_seed + i)
        return _to_device(list(task.get_inputs()), device)

    def build(cls: Any, seed: int) -> Any:
        torch.manual_seed(seed)
        init = task.get_init_inputs()
        return cls(*init).to(device).eval()

    bench_args = {k: job[k] for k in ("warmup_ms", "rep_ms", "min_reps", "max_reps")}
    settings_before = _settings_snapshot()

    # 1. Eager baseline, before any candidate code exists in this process.
    if job["time"] and job["can_run"]:
        ch.emit("phase", name="baseline")
        from ._timing import bench

        reference = build(task.Model, trials[0]["init_seed"])
        lock.exclusive()
        with torch.no_grad():  # two measurements, on the same inputs as the candidate's two
            base_a = bench(reference, make_inputs, backend.synchronize, flush, **bench_args, warm_offset=2_000_000)
            base_b = bench(
                reference, make_inputs, backend.synchronize, flush, **bench_args, timed_offset=100_000,
                warm_offset=2_500_000,
            )  # fmt: skip
        lock.shared()
        ch.emit("baseline", times_ms=base_a + base_b, times_a=base_a, times_b=base_b)
        del reference
    task.Model = None  # the reference class is not kept past this point
    gc.collect()

    # 2. Import the candidate: this is where its kernels are built.
    ch.emit("phase", name="build")
    threads_before = {t.ident for t in threading.enumerate()}
    libs_before = _mapped_libraries()
    t0 = time.monotonic()
    try:
        module_path = backend.prepare_import(Path(job["candidate_path"]))
        spec = importlib.util.spec_from_file_location("kbench_candidate", module_path)
        assert spec is not None and spec.loader is not None
        candidate = importlib.util.module_from_spec(spec)
        sys.modules["kbench_candidate"] = candidate
        spec.loader.exec_module(candidate)
    except BaseException as exc:
        ch.emit(
            "error",
            phase="build",
            code=_classify_import_error(exc),
            message=f"{type(exc).__name__}: {exc}"[-6000:],
            traceback=traceback.format_exc()[-6000:],
        )
        return 0
    ch.emit("built", build_s=time.monotonic() - t0, libraries=sorted(_mapped_libraries() - libs_before))
    model_new = getattr(candidate, "ModelNew", None)
    if not isinstance(model_new, type):
        ch.emit("error", phase="build", code="no_modelnew", message="the candidate module defines no class ModelNew")
        return 0
    if not job["can_run"]:
        ch.emit(
            "done",
            settings_before=settings_before,
            settings_after=_settings_snapshot(),
            new_threads=[],
            libraries=sorted(_mapped_libraries() - libs_before),
        )
        return 0

    # 3. Correctness trials: every aten op recorded, raw outputs to files, the parent compares.
    ch.emit("phase", name="correctness")
    models = []
    for i, trial in enumerate(trials):
        try:
            model = backend.wrap_model(build(model_new, trial["init_seed"]))
        except BaseException as exc:
            ch.emit(
                "error",
                phase="init",
                code="init_failed",
                message=f"{type(exc).__name__}: {exc}"[-4000:],
                traceback=traceback.format_exc()[-4000:],
            )
            return 0
        args = _to_device(inputs[i], device)
        before = _digest(args)
        recorder = _OpRecorder()
        mode_kept = True
        launches_before = backend.kernel_launches()
        try:
            with torch.no_grad():
                with recorder.mode:
                    out = model(*args)
                    mode_kept = recorder.still_active()
            backend.synchronize()
        except BaseException as exc:
            ch.emit(
                "error",
                phase="forward",
                code="forward_failed",
                trial=i,
                message=f"{type(exc).__name__}: {exc}"[-4000:],
                traceback=traceback.format_exc()[-4000:],
            )
            return 0
        launches_after = backend.kernel_launches()
        launches = None if launches_before is None or launches_after is None else launches_after - launches_before
        mutated = _digest(args) != before
        tensors, structure = _flatten_output(out)
        del out
        torch.save(tensors, out_dir / f"out_{i}.pt")
        busy = _busy_threads() if i == 0 else []
        ch.emit(
            "trial",
            index=i,
            structure=structure,
            input_mutated=mutated,
            ops={**recorder.counts, **backend.recorded_ops()},
            dispatch_mode_kept=mode_kept,
            busy_threads=busy,
            pending=backend.pending_work(),
            launches=launches,
        )
        models.append(model)

    # 4. Timing, in two separate measurements, with inputs no earlier call saw; some timed outputs kept.
    if job["time"]:
        ch.emit("phase", name="timing")
        from ._timing import bench

        samples = {m: frozenset(int(k) for k in secret.get("samples", {}).get(m, [])) for m in ("A", "B")}

        def keeper(mark: str):
            def keep(k: int, out: Any) -> None:
                tensors, structure = _flatten_output(out)
                torch.save({"tensors": tensors, "structure": structure}, out_dir / f"timed_{mark}_{k}.pt")

            return keep

        measured: dict[str, list[float]] = {}
        lock.exclusive()
        with torch.no_grad():
            for mark, offset, warm in (("A", 0, 3_000_000), ("B", 100_000, 4_000_000)):
                measured[mark] = bench(
                    models[0],
                    make_inputs,
                    backend.synchronize,
                    flush,
                    **bench_args,
                    timed_offset=offset,
                    warm_offset=warm,
                    keep=keeper(mark),
                    keep_calls=samples[mark],
                )
        lock.shared()
        ch.emit("timing", times_ms=measured["A"] + measured["B"], times_a=measured["A"], times_b=measured["B"])

        # 5. Outputs re-checked after timing (catches kernels that cache or degrade).
        ch.emit("phase", name="recheck")
        with torch.no_grad():
            out = models[0](*_to_device(inputs[0], device))
        backend.synchronize()
        tensors, structure = _flatten_output(out)
        torch.save(tensors, out_dir / "out_post_0.pt")
        ch.emit("recheck", structure=structure)

    new_threads = [t.name for t in threading.enumerate() if t.ident not in threads_before and t.is_alive()]
    ch.emit(
        "done",
        settings_before=settings_before,
        settings_after=_settings_snapshot(),
        new_threads=new_threads,
        libraries=sorted(_mapped_libraries() - libs_before),
    )
    return 0


# ---- the zygote --------------------------------------------------------------------------------------------
#
# Importing torch takes about 2.5 s of CPU, more than most evaluations spend on anything else. So the driver
# keeps, per concurrent evaluation, one sandbox holding a zygote: ``python -m harness._worker --serve`` imports
# torch once (under the shared device lock) and runs nothing else. For each candidate it forks a child, which
# is the worker: a fresh process that no other candidate ever ran in. Between candidates the zygote kills every
# other process in its sandbox (a candidate's leftover children included) and empties the sandbox's /tmp and
# /dev/shm; the driver empties and refills the job folder. The zygote is not dumpable, so a candidate (same
# uid, no capabilities) can neither ptrace it nor read its memory or descriptors through /proc.
#
# The control channel is a SOCK_SEQPACKET socket: the driver sends {"op": "run", "job": {...}} with the
# worker's result and secret pipes attached (SCM_RIGHTS); {"op": "reap"} kills the child and everything else
# and cleans up. The zygote sends {"op": "ready"} once imported, {"op": "running"} after a fork,
# {"op": "exited", "returncode": N} when the child ends, and {"op": "reaped", "returncode": N} after a reap.

_PR_SET_DUMPABLE = 4


def _send(sock: Any, **msg: Any) -> None:
    sock.send(json.dumps(msg).encode())


def _kill_others() -> bool:
    """SIGKILL every process of this sandbox's pid namespace but this one and its init, until none is left
    (False: some would not go). Only ever called where this process is pid 2 under bwrap's init."""
    import signal

    me = os.getpid()
    for _ in range(400):
        others = [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, me)]
        if not others:
            return True
        for pid in others:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        while True:  # reap what were our children
            try:
                if os.waitpid(-1, os.WNOHANG)[0] == 0:
                    break
            except ChildProcessError:
                break
        time.sleep(0.005)
    return False


def _empty(folder: str, keep: list[str]) -> None:
    """Remove what is in ``folder``, except entries that are, or lie above, a path in ``keep`` (mount points)."""
    import shutil

    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        path = os.path.join(folder, name)
        if any(k == path or k.startswith(path + os.sep) for k in keep):
            continue
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                os.unlink(path)
            except OSError:
                pass


def _in_own_pid_namespace() -> bool:
    try:
        return os.getppid() == 1 and Path("/proc/1/comm").read_text().strip() == "bwrap"
    except OSError:
        return False


def serve(ctl_fd: int, lock_path: str, parent_pid: int, keep: list[str]) -> int:
    """The zygote's loop (see above). ``keep``: mount points under /tmp that cleaning must leave alone. In its
    own sandbox (pid 2 under bwrap) a reap kills every other process there; without a sandbox (``--sandbox
    none``), only the worker's session."""
    import ctypes
    import fcntl
    import signal
    import socket

    die_with_parent(parent_pid)
    isolated = _in_own_pid_namespace()
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
    lock = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    fcntl.flock(lock, fcntl.LOCK_SH)  # importing torch would disturb a timing
    import torch  # noqa: F401  (inherited by every child)

    import backends  # noqa: F401

    from . import _precision, _timing, tasks  # noqa: F401

    os.close(lock)
    sock = socket.socket(fileno=ctl_fd)
    zygote = os.getpid()
    _send(sock, op="ready", pid=zygote)
    child = 0
    child_fd = -1  # a pidfd: readable once the child has ended
    ended: int | None = None
    while True:
        waits = [sock] + ([child_fd] if child_fd >= 0 else [])
        readable, _, _ = select.select(waits, [], [])
        if child_fd in readable:
            _, status = os.waitpid(child, 0)
            ended = os.waitstatus_to_exitcode(status)
            os.close(child_fd)
            child_fd = -1
            _send(sock, op="exited", returncode=ended)
            continue
        msg, fds, _, _ = socket.recv_fds(sock, 1 << 22, 8)
        if not msg:  # the driver is gone
            return 0
        req = json.loads(msg)
        if req["op"] == "run" and child == 0:
            pid = os.fork()
            if pid == 0:  # the worker: nothing of the zygote's channel survives into candidate code
                code = 1
                try:
                    sock.close()
                    die_with_parent(zygote)
                    os.setsid()
                    os.dup2(fds[2], 1)  # this candidate's own log
                    os.dup2(fds[2], 2)
                    os.close(fds[2])
                    job = req["job"]
                    job["result_fd"], job["secret_fd"] = fds[0], fds[1]
                    code = _start(job)
                finally:
                    with contextlib.suppress(Exception):
                        sys.stdout.flush()
                        sys.stderr.flush()
                    os._exit(code)
            for fd in fds:
                os.close(fd)
            child, ended = pid, None
            child_fd = os.pidfd_open(pid)
            _send(sock, op="running", pid=pid)
        elif req["op"] == "reap":
            clean = True
            if isolated:
                clean = _kill_others()
            elif child:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(child, signal.SIGKILL)
            if child_fd >= 0:
                try:
                    _, status = os.waitpid(child, 0)
                    ended = os.waitstatus_to_exitcode(status)
                except ChildProcessError:
                    pass
                os.close(child_fd)
                child_fd = -1
            if isolated:  # the sandbox's own tmpfs folders (without a sandbox they are the host's)
                for folder in ("/tmp", "/dev/shm"):
                    _empty(folder, keep)
            _send(sock, op="reaped", returncode=ended, clean=clean)
            child, ended = 0, None
        else:
            for fd in fds:
                os.close(fd)
            _send(sock, op="error", message=f"unexpected request {req.get('op')!r}")


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        sys.exit(serve(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), json.loads(sys.argv[5])))
    sys.exit(main(sys.argv[1]))

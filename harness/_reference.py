"""Reference outputs, computed in a trusted process that never sees candidate code.

The driver runs ``python -m harness._reference ARGS.json``, a fresh process. Inputs are generated from secret
seeds (the task's own ``get_inputs()``, or signed standard-normal tensors of the same shapes and dtypes,
randomly rescaled between trials, as the task's input domain allows), saved pristine for the worker,
and the reference runs on clones. The outputs stay in a directory the worker is never told about.
The same process computes the expected outputs of the timed calls the parent chose to check, and
counts the task's FLOPs and bytes for the roofline.

Importing torch takes seconds, once per task. So the driver keeps one ``python -m harness._reference
--serve`` per evaluator (:class:`Server`): it imports torch once and runs no torch operation, then forks a
fresh child per reference; the child computes and exits. Each reference still has a process of its own that
never saw another task's code; only the imports are shared.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from ._proc import kill_group


def transform_inputs(inputs: list[Any], kind: str, scale: float, seed: int) -> list[Any]:
    """``kind`` 'task' keeps the task's values, 'normal' draws N(0, 1) for every floating tensor; then
    floating tensors are multiplied by ``scale``. Integer and boolean tensors (indices, masks) are kept."""
    import torch

    gen = torch.Generator().manual_seed(seed)
    out: list[Any] = []
    for x in inputs:
        if isinstance(x, torch.Tensor) and x.is_floating_point():
            if kind == "normal":
                x = torch.randn(x.shape, generator=gen, dtype=torch.float32).to(dtype=x.dtype, device=x.device)
            if scale != 1.0:
                x = (x * scale).to(x.dtype)
        out.append(x)
    return out


def _all_finite(tensors: list[Any]) -> bool:
    import torch

    return all(
        t is None or not (t.is_floating_point() or t.is_complex()) or bool(torch.isfinite(t).all()) for t in tensors
    )


def compute(
    task_path: str,
    overrides: dict[str, Any],
    trials: list[dict[str, Any]],
    samples: list[dict[str, Any]],
    inputs_dir: str,
    refs_dir: str,
    threads: int,
    lock_path: str,
    allow_tf32: bool = False,
    count_work: bool = True,
) -> dict[str, Any]:
    """Write inputs_{i}.pt and ref_{i}.pt for each trial, sample_{name}.pt for each checked timed call;
    return per-trial facts (finite, structure) and the task's work (FLOPs, bytes)."""
    import fcntl

    # Taken before importing torch (that alone would disturb a timing run) and held until this process
    # has exited: the descriptor is deliberately never closed.
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    fcntl.flock(fd, fcntl.LOCK_SH)
    import torch

    from . import _precision
    from ._worker import _flatten_output
    from .tasks import load_module

    torch.set_num_threads(threads)
    _precision.apply(allow_tf32)
    module = load_module(task_path, overrides)
    facts = []
    models: dict[int, Any] = {}

    def model_for(init_seed: int) -> Any:
        if init_seed not in models:
            torch.manual_seed(init_seed)
            models[init_seed] = module.Model(*module.get_init_inputs()).eval()
        return models[init_seed]

    def run(model: Any, inputs: list[Any]) -> tuple[list[Any], dict[str, Any]]:
        clones = [x.clone() if isinstance(x, torch.Tensor) else x for x in inputs]
        with torch.no_grad():
            out = model(*clones)
        return _flatten_output(out)

    for i, trial in enumerate(trials):
        torch.manual_seed(trial["input_seed"])
        inputs = transform_inputs(
            list(module.get_inputs()), trial.get("kind", "task"), float(trial.get("scale", 1.0)), trial["input_seed"]
        )
        torch.save(inputs, Path(inputs_dir) / f"inputs_{i}.pt")
        tensors, structure = run(model_for(trial["init_seed"]), inputs)
        torch.save(tensors, Path(refs_dir) / f"ref_{i}.pt")
        facts.append(
            {
                "finite": _all_finite(tensors),
                "structure": structure,
                "kind": trial.get("kind", "task"),
                "scale": float(trial.get("scale", 1.0)),
            }
        )
    sample_facts = {}
    for sample in samples:
        torch.manual_seed(int(sample["seed"]))
        inputs = list(module.get_inputs())
        tensors, structure = run(model_for(int(sample["init_seed"])), inputs)
        torch.save(tensors, Path(refs_dir) / f"sample_{sample['name']}.pt")
        sample_facts[sample["name"]] = {"finite": _all_finite(tensors), "structure": structure}
    work: dict[str, Any] = {"flops": 0.0, "bytes": 0.0, "flops_source": "none"}
    if count_work and trials:
        from .roofline import count_work as count

        torch.manual_seed(trials[0]["input_seed"])
        try:
            work = count(model_for(trials[0]["init_seed"]), list(module.get_inputs()))
        except Exception as exc:  # counting is best effort: no count, no roofline check
            work = {"flops": 0.0, "bytes": 0.0, "flops_source": f"failed: {type(exc).__name__}"}
    return {"trials": facts, "samples": sample_facts, "work": work}


def _compute_spec(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text())
    result = compute(**spec["args"])
    Path(spec["result_path"]).write_text(json.dumps(result))


def _serve(lock_path: str, parent_pid: int) -> None:
    """The zygote: import what every reference needs (under the shared device lock: importing disturbs a
    timing), then, for each spec path on stdin, fork a child that computes it with its output going to
    ``log.txt`` beside the spec; answer each with one JSON line ``{"rc": exit status}`` on stdout."""
    import fcntl

    from ._proc import die_with_parent

    die_with_parent(parent_pid)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    fcntl.flock(fd, fcntl.LOCK_SH)
    import torch  # noqa: F401  (imported once here, inherited by every child)

    from . import _precision, _worker, tasks  # noqa: F401

    os.close(fd)
    zygote = os.getpid()
    while line := sys.stdin.readline():
        spec_path = line.strip()
        if not spec_path:
            continue
        pid = os.fork()
        if pid == 0:  # the child: a reference of its own, then exit without running the zygote's cleanup
            code = 1
            try:
                die_with_parent(zygote)
                log = os.open(Path(spec_path).parent / "log.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.dup2(log, 1)  # what the task prints never reaches the zygote's answers
                os.dup2(log, 2)
                _compute_spec(spec_path)
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                with contextlib.suppress(Exception):
                    sys.stdout.flush()
                    sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(json.dumps({"rc": os.waitstatus_to_exitcode(status)}) + "\n")
        sys.stdout.flush()


class Server:
    """The driver's end of the zygote: started on first use, restarted after a failure or timeout,
    one reference at a time (thread-safe)."""

    def __init__(self, lock_path: str, env: dict[str, str]) -> None:
        self._lock_path = lock_path
        self._env = env
        self._proc: subprocess.Popen[bytes] | None = None
        self._buf = b""
        self._guard = threading.Lock()

    def start(self) -> None:
        """Start the zygote unless it runs (compute starts it too; call this from a thread that lives on)."""
        with self._guard:
            self._start()

    def _start(self) -> subprocess.Popen[bytes]:
        if self._proc is None or self._proc.poll() is not None:
            cmd = [sys.executable, "-m", "harness._reference", "--serve", self._lock_path, str(os.getpid())]
            self._proc = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=self._env, start_new_session=True, bufsize=0
            )
            self._buf = b""
        return self._proc

    def compute(self, spec_path: Path, timeout: float) -> int:
        """Run one spec in a fresh child; its exit status (-N: killed by signal N). Raises TimeoutError
        after ``timeout`` seconds (the zygote and its child are killed; the next call starts a new one)."""
        with self._guard:
            proc = self._start()
            assert proc.stdin is not None and proc.stdout is not None
            try:
                proc.stdin.write(str(spec_path).encode() + b"\n")
            except BrokenPipeError:
                self.close()
                return -1
            fd = proc.stdout.fileno()
            end = time.monotonic() + timeout
            while b"\n" not in self._buf:
                left = end - time.monotonic()
                if left <= 0 or not select.select([fd], [], [], left)[0]:
                    self.close()
                    raise TimeoutError(spec_path)
                chunk = os.read(fd, 4096)
                if not chunk:  # the zygote died
                    self.close()
                    return -1
                self._buf += chunk
            line, self._buf = self._buf.split(b"\n", 1)
            return int(json.loads(line)["rc"])

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            kill_group(proc)
            for stream in (proc.stdin, proc.stdout):
                with contextlib.suppress(OSError):
                    if stream is not None:
                        stream.close()


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        _serve(sys.argv[2], int(sys.argv[3]))
    else:
        _compute_spec(sys.argv[1])

"""The backend protocol: what kbench needs from a way of writing kernels.

A backend lives on both sides of the trust boundary. In the driver it says whether it can run here,
what its build cache key depends on, the environment its worker needs, and how it is described to a
model. In the worker (``harness._worker``) it prepares the process before the candidate is imported,
moves tensors to its device and synchronises that device around timed calls.
"""

from __future__ import annotations

import functools
import platform
import subprocess
import sys
from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True)
class Availability:
    """Whether candidates can be built (``can_build``) and run (``can_run``) here, and why not."""

    can_build: bool
    can_run: bool
    reason: str
    device: str


@functools.cache
def tool_version(*cmd: str) -> str:
    """First line of ``cmd --version`` (or '' when the tool is missing); cached per process."""
    try:
        out = subprocess.run([*cmd, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0] if text else ""


ANSWER_FORMAT = """\
Answer format: one complete Python module in a single ```python fenced block. It must define
`class ModelNew(nn.Module)` with the same constructor signature as `Model`; create parameters in the
same order as `Model` so that both produce the same weights under the same seed. Only the last
```python block of your answer is used; blocks in other languages are ignored."""


class Backend:
    """Base class; subclasses override what differs. Attributes are the backend's static facts."""

    name: str = ""
    language: str = ""
    #: which exclusive timing lock the worker takes (one per physical device)
    lock_name: str = "cpu"
    #: the shape set used when the user gives no --shapes
    default_shapes: str = "small"
    #: how times are obtained when the candidate can run: 'device' or 'interpreted'
    timing_kind: Literal["device", "interpreted"] = "device"
    #: whether the worker's address space may be limited (GPU runtimes reserve huge virtual ranges: no)
    limit_address_space: bool = True
    #: kernels are compiled when the candidate is imported (load_inline), not at their first launch: a build made
    #: on another machine with the same toolchain can be shipped to the machine that runs it (Ray build actors)
    prebuilds: bool = False

    # ---- driver side -------------------------------------------------------------------------
    def availability(self) -> Availability:
        raise NotImplementedError

    def toolchain(self) -> dict[str, str]:
        """Versions that change what a build produces: part of the build-cache key."""
        import torch

        return {"python": sys.version.split()[0], "torch": torch.__version__, "platform": platform.machine()}

    def worker_env(self) -> dict[str, str]:
        """Extra environment variables for the worker process (set before Python starts)."""
        return {}

    def instructions(self) -> str:
        """What a model is told about writing a candidate for this backend."""
        raise NotImplementedError

    def answer_format(self) -> str:
        """The answer format this backend parses, as the prompt states it."""
        return ANSWER_FORMAT

    def build_resources(self, log: str) -> list[dict[str, Any]]:
        """Per-kernel resource usage read from the worker's build output (registers, shared memory)."""
        return []

    # ---- worker side -------------------------------------------------------------------------
    def setup_worker(self) -> None:
        """Called in the worker before anything else is imported from the candidate."""

    def prepare_import(self, candidate: Any) -> Any:
        """Called in the worker's build phase: the path of the module to import for the candidate file
        ``candidate`` (a backend whose answers are projects builds them here); default: the file itself.
        A failure raises an exception whose text explains it (reported as a build failure)."""
        return candidate

    def torch_device(self) -> str:
        return "cpu"

    def synchronize(self) -> None:
        """Wait until every kernel launched on the device has finished."""

    def kernel_launches(self) -> int | None:
        """How many of the backend's kernels were launched so far in this process (None: not counted).
        The worker compares it before and after each trial: a forward that launches nothing is rejected."""
        return None

    def wrap_model(self, model: Any) -> Any:
        """The callable the worker calls with torch arguments and gets torch outputs from (a backend whose
        kernels take other array types converts here); the default is the model itself."""
        return model

    def recorded_ops(self) -> dict[str, int]:
        """Operators the backend saw the candidate compute with outside its kernels since the last call
        (``jax.<primitive>``, or ``kbench.untraceable`` when it could not look); torch ops are recorded
        by the worker itself."""
        return {}

    def pending_work(self) -> list[str]:
        """Called right after forward returns, before synchronising: device work still running or queued
        (side streams, unfinished events). An honest kernel's work is finished or on the current stream."""
        return []

    def describe(self) -> dict[str, Any]:
        """Environment facts recorded with every result (device, versions, flags)."""
        import torch

        return {
            "backend": self.name,
            "torch": torch.__version__,
            "python": sys.version.split()[0],
            "machine": platform.machine(),
            "processor": platform.processor() or _cpu_model(),
            "threads": torch.get_num_threads(),
            "triton": package_version("triton"),
            "cuda_runtime": torch.version.cuda,
        }


def package_version(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


@functools.cache
def _cpu_model() -> str:
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def gpu_available() -> bool:
    """Whether torch sees a CUDA (or ROCm) device; a broken driver install counts as none."""
    try:
        import torch

        return bool(torch.cuda.is_available())
    except Exception:
        return False


def nvidia_driver() -> str | None:
    """The NVIDIA kernel module's version line, or None where there is no driver."""
    try:
        with open("/proc/driver/nvidia/version", encoding="utf-8") as fh:
            return fh.readline().strip()
    except OSError:
        return None

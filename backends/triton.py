"""The ``triton`` backend: ``@triton.jit`` kernels launched from ``ModelNew.forward``.

With an NVIDIA (or ROCm) GPU the kernels run natively and are timed on the device. Without one, the
worker sets ``TRITON_INTERPRET=1`` before the candidate is imported, so the same kernels run under
Triton's interpreter on CPU tensors: a real correctness verdict on the tasks' ``tiny`` shapes, with
``timing: interpreted`` (times recorded, speedup null: interpreter times are never ranked).

Every launch is counted (the worker wraps Triton's launcher before the candidate exists): a
candidate whose forward launches no Triton kernel is ``rejected`` (``no_kernel_launched``).
"""

from __future__ import annotations

from typing import Any, Literal

from .base import Availability, Backend, gpu_available, nvidia_driver, package_version

INSTRUCTIONS = """\
Backend: triton. Write the kernel(s) in Triton: `import triton`, `import triton.language as tl`, functions
decorated with @triton.jit, launched from ModelNew.forward as kernel[grid](...). Allocate outputs with
torch.empty / torch.empty_like on the inputs' device; pass tensors directly to the kernel; use
tl.constexpr block sizes and masks for the tails. All arithmetic happens inside your Triton kernels:
calling PyTorch operators (torch.matmul, F.softmax, tensor arithmetic) in forward is forbidden, and a
forward that launches no Triton kernel is rejected. Do not use CUDA streams, torch.compile or autotune
configs that depend on the GPU model. Inputs are float32 tensors unless the reference says otherwise.
"""

_launches = 0


def _counting(run: Any) -> Any:
    def counted_run(self: Any, *args: Any, **kwargs: Any) -> Any:
        global _launches
        _launches += 1
        return run(self, *args, **kwargs)

    counted_run.__kbench_counting__ = True  # type: ignore[attr-defined]
    return counted_run


class TritonBackend(Backend):
    name = "triton"
    language = "Triton (@triton.jit kernels)"

    def __init__(self) -> None:
        self._gpu = gpu_available()
        self.lock_name = "gpu0" if self._gpu else "cpu"
        self.default_shapes = "large" if self._gpu else "tiny"
        self.timing_kind: Literal["device", "interpreted"] = "device" if self._gpu else "interpreted"
        self.limit_address_space = not self._gpu

    # ---- driver side -------------------------------------------------------------------------
    def availability(self) -> Availability:
        version = package_version("triton")
        if version is None:
            return Availability(False, False, "triton is not installed (pip install triton)", "none")
        if self._gpu:
            import torch

            return Availability(True, True, f"triton {version}", f"cuda: {torch.cuda.get_device_name(0)}")
        return Availability(
            True, True, f"triton {version}, no GPU: kernels run under the Triton interpreter", "cpu (interpreted)"
        )

    def toolchain(self) -> dict[str, str]:
        info = super().toolchain()
        info["triton"] = package_version("triton") or ""
        info["interpreted"] = str(not self._gpu)
        return info

    def worker_env(self) -> dict[str, str]:
        # set before Python starts, so before triton (or the candidate) is imported
        return {} if self._gpu else {"TRITON_INTERPRET": "1"}

    def instructions(self) -> str:
        return INSTRUCTIONS

    # ---- worker side -------------------------------------------------------------------------
    def setup_worker(self) -> None:
        """Wrap Triton's launchers (compiled and interpreted) so every kernel launch is counted."""
        from triton.runtime import interpreter, jit

        for cls in (jit.JITFunction, interpreter.InterpretedFunction):
            run = cls.run
            if not getattr(run, "__kbench_counting__", False):
                cls.run = _counting(run)

    def kernel_launches(self) -> int | None:
        return _launches

    def torch_device(self) -> str:
        return "cuda" if self._gpu else "cpu"

    def synchronize(self) -> None:
        if self._gpu:
            import torch

            torch.cuda.synchronize()

    def describe(self) -> dict[str, Any]:
        info = super().describe()
        info["interpreted"] = not self._gpu
        if self._gpu:
            import torch

            info["device_name"] = torch.cuda.get_device_name(0)
            info["driver"] = nvidia_driver()
        return info

"""Numerical settings every trusted and untrusted process applies identically.

An fp32 task is computed in fp32 by the reference, the eager and torch.compile baselines and the
candidate's process: TF32 is off unless the task declares ``"tf32": true`` in its metadata.
"""

from __future__ import annotations

from typing import Any


def apply(allow_tf32: bool) -> dict[str, Any]:
    """Set torch's precision flags; returns what was set (recorded with the result)."""
    import torch

    torch.backends.cuda.matmul.allow_tf32 = allow_tf32
    torch.backends.cudnn.allow_tf32 = allow_tf32
    torch.set_float32_matmul_precision("high" if allow_tf32 else "highest")
    return {"tf32_allowed": allow_tf32, "float32_matmul_precision": torch.get_float32_matmul_precision()}


def flush_denormal_active() -> bool:
    """True when the CPU flushes denormals to zero (FTZ/DAZ), e.g. after torch.set_flush_denormal(True)."""
    import torch

    tiny = torch.tensor([1e-39], dtype=torch.float32)
    return bool((tiny * 1.0).item() == 0.0)

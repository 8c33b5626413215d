"""Clamp a matrix between per-column tensor bounds: clamp(x[M, N], min=lo[N], max=hi[N]) (max wins where lo > hi)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/broadcast/clamp_broadcast",
    "tolerance": {"atol": 1e-6, "rtol": 1e-6},
    "shapes": {
        "tiny": {"rows": 16, "cols": 256},
        "small": {"rows": 1024, "cols": 4096},
        "large": {"rows": 32768, "cols": 16384},
    },
}

rows = 1024
cols = 4096


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, lo: torch.Tensor, hi: torch.Tensor) -> torch.Tensor:
        return torch.clamp(x, min=lo, max=hi)


def get_inputs():
    x = 2.0 * torch.randn(rows, cols)
    lo = -0.5 - torch.rand(cols)
    hi = 0.5 + torch.rand(cols)
    return [x, lo, hi]


def get_init_inputs():
    return []

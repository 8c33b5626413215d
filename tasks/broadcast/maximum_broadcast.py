"""Elementwise maximum of a (B, 1, N) and a (1, M, 1) tensor, broadcast to (B, M, N)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/broadcast/max_broadcast",
    "tolerance": {"atol": 1e-6, "rtol": 1e-6},
    "shapes": {
        "tiny": {"batch_size": 2, "rows": 32, "cols": 64},
        "small": {"batch_size": 16, "rows": 256, "cols": 1024},
        "large": {"batch_size": 64, "rows": 4096, "cols": 4096},
    },
}

batch_size = 16
rows = 256
cols = 1024


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return torch.maximum(a, b)


def get_inputs():
    return [torch.randn(batch_size, 1, cols), torch.randn(1, rows, 1)]


def get_init_inputs():
    return []

"""Subtract a bias vector from every row: x[M, N] - bias[N], the bias broadcast over the rows."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/broadcast/subtract_with_bias_broadcast",
    "tolerance": {"atol": 1e-6, "rtol": 1e-6},
    "shapes": {
        "tiny": {"rows": 8, "cols": 512},
        "small": {"rows": 1024, "cols": 4096},
        "large": {"rows": 65536, "cols": 8192},
    },
}

rows = 1024
cols = 4096


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        return x - bias


def get_inputs():
    return [torch.randn(rows, cols), torch.randn(cols)]


def get_init_inputs():
    return []

"""Divide each row of x[M, N] by its positive norm n[M]: x / n[:, None]."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "domain": "positive",
    "tolerance": {"atol": 1e-6, "rtol": 1e-5},
    "shapes": {
        "tiny": {"rows": 16, "cols": 256},
        "small": {"rows": 2048, "cols": 2048},
        "large": {"rows": 65536, "cols": 8192},
    },
}

rows = 2048
cols = 2048


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, n: torch.Tensor) -> torch.Tensor:
        return x / n[:, None]


def get_inputs():
    x = torch.randn(rows, cols)
    n = 0.5 + 2.0 * torch.rand(rows)
    return [x, n]


def get_init_inputs():
    return []

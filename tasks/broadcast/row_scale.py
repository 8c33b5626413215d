"""Scale each row of a matrix by its own factor: x[M, N] * s[M, 1], the column vector broadcast along the columns."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-6, "rtol": 1e-6},
    "shapes": {
        "tiny": {"rows": 16, "cols": 256},
        "small": {"rows": 2048, "cols": 2048},
        "large": {"rows": 32768, "cols": 16384},
    },
}

rows = 2048
cols = 2048


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, s: torch.Tensor) -> torch.Tensor:
        return x * s


def get_inputs():
    return [torch.randn(rows, cols), torch.randn(rows, 1)]


def get_init_inputs():
    return []

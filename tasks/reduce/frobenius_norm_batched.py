"""Frobenius norm of each matrix in a (batch, rows, cols) stack: sqrt of the sum of squares over the last two dims."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 4, "rows": 24, "cols": 20},
        "small": {"batch_size": 256, "rows": 128, "cols": 128},
        "large": {"batch_size": 4096, "rows": 512, "cols": 512},
    },
}

batch_size = 256
rows = 128
cols = 128


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.linalg.matrix_norm(x, ord="fro")


def get_inputs():
    return [torch.randn(batch_size, rows, cols)]


def get_init_inputs():
    return []

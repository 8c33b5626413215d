"""Euclidean (L2) norm of each row of a 2-D tensor: sqrt(sum(x**2)) over the last dimension."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 16, "dim": 100},
        "small": {"batch_size": 4096, "dim": 2048},
        "large": {"batch_size": 65536, "dim": 16384},
    },
}

batch_size = 4096
dim = 2048


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.linalg.vector_norm(x, ord=2, dim=-1)


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return []

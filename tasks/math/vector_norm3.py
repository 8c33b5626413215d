"""Euclidean length of batched 3-vectors: sqrt(x^2 + y^2 + z^2) over the last dimension of a (batch, points, 3) tensor."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "num_points": 300},
        "small": {"batch_size": 16, "num_points": 65536},
        "large": {"batch_size": 64, "num_points": 1048576},
    },
}

batch_size = 16
num_points = 65536


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.linalg.vector_norm(x, ord=2, dim=-1)


def get_inputs():
    return [torch.randn(batch_size, num_points, 3)]


def get_init_inputs():
    return []

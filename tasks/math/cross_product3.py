"""Cross product of batched 3-vectors: a x b along the last dimension of two (batch, points, 3) tensors."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "num_points": 300},
        "small": {"batch_size": 16, "num_points": 32768},
        "large": {"batch_size": 64, "num_points": 1048576},
    },
}

batch_size = 16
num_points = 32768


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return torch.linalg.cross(a, b, dim=-1)


def get_inputs():
    return [torch.randn(batch_size, num_points, 3), torch.randn(batch_size, num_points, 3)]


def get_init_inputs():
    return []

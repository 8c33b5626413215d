"""Sort each row of a 2-D tensor in ascending order along the last dimension, returning only the sorted values."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 8, "dim": 100},
        "small": {"batch_size": 128, "dim": 1024},
        "large": {"batch_size": 65536, "dim": 4096},
    },
}

batch_size = 128
dim = 1024


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sort(x, dim=-1).values


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return []

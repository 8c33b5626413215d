"""Number of strictly positive elements in each row of a 2-D tensor, as float32: (x > 0).float().sum(dim=-1)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 16, "dim": 100},
        "small": {"batch_size": 2048, "dim": 2048},
        "large": {"batch_size": 65536, "dim": 16384},
    },
}

batch_size = 2048
dim = 2048


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x > 0).float().sum(dim=-1)


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return []

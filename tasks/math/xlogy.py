"""Elementwise x * log(y) (torch.xlogy: 0 where x == 0) for non-negative x and positive y, as in entropy terms."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "domain": "positive",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 4, "dim": 512},
        "small": {"batch_size": 64, "dim": 16384},
        "large": {"batch_size": 4096, "dim": 131072},
    },
}

batch_size = 64
dim = 16384


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return torch.xlogy(x, y)


def get_inputs():
    x = torch.rand(batch_size, dim)
    x[:, ::13] = 0.0  # exact zeros take the x == 0 branch
    y = 0.01 + torch.rand(batch_size, dim)
    return [x, y]


def get_init_inputs():
    return []

"""Softmax denominator: sum of exp(x) over the last dimension of a 2-D tensor (no max subtraction)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 16, "dim": 100},
        "small": {"batch_size": 1024, "dim": 4096},
        "large": {"batch_size": 32768, "dim": 32768},
    },
}

batch_size = 1024
dim = 4096


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sum(torch.exp(x), dim=-1)


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return []

"""Soft shrinkage (soft thresholding) with lambda 0.5: x - 0.5 if x > 0.5, x + 0.5 if x < -0.5, else 0, on a (batch, length) signal."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-6, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "length": 1024},
        "small": {"batch_size": 32, "length": 32768},
        "large": {"batch_size": 1024, "length": 262144},
    },
}

batch_size = 32
length = 32768
lambd = 0.5


class Model(nn.Module):
    def __init__(self, lambd: float = 0.5):
        super().__init__()
        self.lambd = lambd

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.softshrink(x, lambd=self.lambd)


def get_inputs():
    return [torch.randn(batch_size, length)]


def get_init_inputs():
    return [lambd]

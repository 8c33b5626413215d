"""Squareplus with b = 4, (x + sqrt(x^2 + b)) / 2 (a smooth, algebraic softplus), elementwise on a 2-D tensor."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 4, "dim": 512},
        "small": {"batch_size": 128, "dim": 8192},
        "large": {"batch_size": 4096, "dim": 131072},
    },
}

batch_size = 128
dim = 8192
b = 4.0


class Model(nn.Module):
    def __init__(self, b: float = 4.0):
        super().__init__()
        self.b = b

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return 0.5 * (x + torch.sqrt(x * x + self.b))


def get_inputs():
    return [2.0 * torch.randn(batch_size, dim)]


def get_init_inputs():
    return [b]

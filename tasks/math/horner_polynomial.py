"""Elementwise polynomial of degree 7 with learned coefficients, c0 + c1 x + ... + c7 x^7, evaluated by Horner's rule."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 4, "dim": 512},
        "small": {"batch_size": 64, "dim": 8192},
        "large": {"batch_size": 4096, "dim": 262144},
    },
}

batch_size = 64
dim = 8192
degree = 7


class Model(nn.Module):
    def __init__(self, degree: int):
        super().__init__()
        # coefficients[k] multiplies x^k
        self.coefficients = nn.Parameter(torch.randn(degree + 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        c = self.coefficients
        out = c[-1].expand_as(x)
        for k in range(c.shape[0] - 2, -1, -1):
            out = out * x + c[k]
        return out


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return [degree]

"""Elementwise inverse error function erfinv(y) for y in (-0.99, 0.99) (e.g. mapping uniforms to Gaussian quantiles)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "domain": "fixed",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 4, "dim": 512},
        "small": {"batch_size": 64, "dim": 8192},
        "large": {"batch_size": 4096, "dim": 262144},
    },
}

batch_size = 64
dim = 8192


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, y: torch.Tensor) -> torch.Tensor:
        return torch.erfinv(y)


def get_inputs():
    return [0.99 * (2.0 * torch.rand(batch_size, dim) - 1.0)]


def get_init_inputs():
    return []

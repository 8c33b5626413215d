"""Elementwise log-gamma function log|Gamma(x)| on positive inputs."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "domain": "positive",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 4, "dim": 512},
        "small": {"batch_size": 64, "dim": 8192},
        "large": {"batch_size": 4096, "dim": 131072},
    },
}

batch_size = 64
dim = 8192


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.lgamma(x)


def get_inputs():
    return [0.1 + 10.0 * torch.rand(batch_size, dim)]


def get_init_inputs():
    return []

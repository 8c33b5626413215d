"""Inclusive cumulative product of a 2-D tensor along its last dimension, on factors close to 1 so the products stay bounded."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/90_cumprod.py",
    "domain": "fixed",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"batch_size": 8, "length": 500},
        "small": {"batch_size": 256, "length": 4096},
        "large": {"batch_size": 32768, "length": 32768},
    },
}

batch_size = 256
length = 4096
scan_dim = 1


class Model(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dim = dim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cumprod(x, dim=self.dim)


def get_inputs():
    # log-normal factors: log of the running product is a random walk with step 0.02, so even at the large
    # length (32768) the products stay well inside float32 range
    return [torch.exp(0.02 * torch.randn(batch_size, length))]


def get_init_inputs():
    return [scan_dim]

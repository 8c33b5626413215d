"""Unbiased standard deviation (correction=1) of a 3-D tensor over its middle dimension (keepdim=False)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 3, "dim1": 50, "dim2": 24},
        "small": {"batch_size": 16, "dim1": 512, "dim2": 512},
        "large": {"batch_size": 128, "dim1": 4096, "dim2": 4096},
    },
}

batch_size = 16
dim1 = 512
dim2 = 512


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.std(x, dim=1, correction=1)


def get_inputs():
    return [torch.randn(batch_size, dim1, dim2)]


def get_init_inputs():
    return []

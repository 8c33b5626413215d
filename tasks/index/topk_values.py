"""The k=64 largest values of each row of a 2-D tensor along the last dimension, in descending order (values only)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 8, "dim": 200},
        "small": {"batch_size": 256, "dim": 8192},
        "large": {"batch_size": 16384, "dim": 131072},
    },
}

batch_size = 256
dim = 8192
k = 64


class Model(nn.Module):
    def __init__(self, k: int):
        super().__init__()
        self.k = k

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.topk(x, self.k, dim=-1, largest=True, sorted=True).values


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return [k]

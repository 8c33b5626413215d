"""Low-rank factorized projection y = x @ (U @ V) + b with learned factors U (in, rank), V (rank, out) and bias b."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 8, "in_features": 48, "rank": 4, "out_features": 40},
        "small": {"batch_size": 256, "in_features": 768, "rank": 32, "out_features": 768},
        "large": {"batch_size": 16384, "in_features": 8192, "rank": 128, "out_features": 8192},
    },
}

batch_size = 256
in_features = 768
rank = 32
out_features = 768


class Model(nn.Module):
    def __init__(self, in_features: int, rank: int, out_features: int):
        super().__init__()
        self.U = nn.Parameter(torch.randn(in_features, rank) / math.sqrt(in_features))
        self.V = nn.Parameter(torch.randn(rank, out_features) / math.sqrt(rank))
        self.bias = nn.Parameter(torch.randn(out_features) * 0.5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x @ (self.U @ self.V) + self.bias


def get_inputs():
    return [torch.randn(batch_size, in_features)]


def get_init_inputs():
    return [in_features, rank, out_features]

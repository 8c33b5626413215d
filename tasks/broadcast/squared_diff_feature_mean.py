"""Squared difference against a per-feature mean: (x[N, D] - mean[D])^2, the mean broadcast over rows."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"num_rows": 32, "num_features": 96},
        "small": {"num_rows": 4096, "num_features": 1024},
        "large": {"num_rows": 262144, "num_features": 2048},
    },
}

num_rows = 4096
num_features = 1024


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, mean: torch.Tensor) -> torch.Tensor:
        return (x - mean).square()


def get_inputs():
    return [torch.randn(num_rows, num_features), torch.randn(num_features)]


def get_init_inputs():
    return []

"""Bucket index (int64) of every element of a 2-D tensor against 255 sorted learned boundaries (torch.bucketize, right=False)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "shapes": {
        "tiny": {"rows": 16, "cols": 64, "num_boundaries": 15},
        "small": {"rows": 512, "cols": 512, "num_boundaries": 255},
        "large": {"rows": 16384, "cols": 16384, "num_boundaries": 4095},
    },
}

rows = 512
cols = 512
num_boundaries = 255


class Model(nn.Module):
    def __init__(self, num_boundaries: int):
        super().__init__()
        # strictly increasing boundaries (random draws, sorted once at construction)
        self.boundaries = nn.Parameter(torch.sort(torch.randn(num_boundaries)).values)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.bucketize(x, self.boundaries, right=False)


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return [num_boundaries]

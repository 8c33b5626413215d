"""Out-of-place index_put with accumulate=True: x[rows[k], cols[k]] += vals[k] on a 2-D tensor (duplicates add up)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"height": 32, "width": 40, "num_points": 500},
        "small": {"height": 2048, "width": 2048, "num_points": 65536},
        "large": {"height": 16384, "width": 16384, "num_points": 16777216},
    },
}

height = 2048
width = 2048
num_points = 65536


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, rows: torch.Tensor, cols: torch.Tensor, vals: torch.Tensor) -> torch.Tensor:
        return torch.index_put(x, (rows, cols), vals, accumulate=True)


def get_inputs():
    x = torch.randn(height, width)
    rows = torch.randint(0, height, (num_points,), dtype=torch.int64)
    cols = torch.randint(0, width, (num_points,), dtype=torch.int64)
    vals = torch.randn(num_points)
    return [x, rows, cols, vals]


def get_init_inputs():
    return []

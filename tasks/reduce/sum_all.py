"""Sum of every element of a 2-D tensor, returned as a 0-dim tensor."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"rows": 40, "cols": 50},
        "small": {"rows": 2048, "cols": 4096},
        "large": {"rows": 32768, "cols": 32768},
    },
}

rows = 2048
cols = 4096


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sum(x)


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []

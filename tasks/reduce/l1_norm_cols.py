"""L1 norm of each column of a 2-D tensor: sum(|x|) over the first dimension (dim=0)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"rows": 50, "cols": 40},
        "small": {"rows": 1024, "cols": 4096},
        "large": {"rows": 32768, "cols": 32768},
    },
}

rows = 1024
cols = 4096


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sum(torch.abs(x), dim=0)


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []

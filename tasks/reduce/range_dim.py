"""Range (peak-to-peak) of each row of a 2-D tensor: max minus min over the last dimension."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 16, "dim": 100},
        "small": {"batch_size": 8192, "dim": 1024},
        "large": {"batch_size": 65536, "dim": 16384},
    },
}

batch_size = 8192
dim = 1024


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.amax(x, dim=-1) - torch.amin(x, dim=-1)


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return []

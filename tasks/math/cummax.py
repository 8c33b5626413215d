"""Running maximum (values of torch.cummax) along the last dimension of a 2-D tensor: out[i, j] = max_{k <= j} x[i, k]."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-6, "rtol": 1e-6},
    "shapes": {
        "tiny": {"batch_size": 8, "length": 300},
        "small": {"batch_size": 256, "length": 4096},
        "large": {"batch_size": 8192, "length": 32768},
    },
}

batch_size = 256
length = 4096


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cummax(x, dim=-1).values


def get_inputs():
    # a drifting random walk so that the running maximum keeps changing along the row
    steps = torch.randn(batch_size, length)
    return [torch.cumsum(steps, dim=-1) * 0.05 + steps]


def get_init_inputs():
    return []

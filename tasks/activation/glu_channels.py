"""GLU over the channel dimension of a (batch, 2*channels, time) tensor: first half * sigmoid(second half)."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 16, "time": 64},
        "small": {"batch_size": 16, "channels": 256, "time": 1024},
        "large": {"batch_size": 64, "channels": 1024, "time": 4096},
    },
}

batch_size = 16
channels = 256
time = 1024


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.glu(x, dim=1)


def get_inputs():
    return [torch.randn(batch_size, 2 * channels, time)]


def get_init_inputs():
    return []

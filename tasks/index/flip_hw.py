"""Reverse an NCHW tensor along both spatial dimensions: torch.flip(x, dims=(2, 3))."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 3, "height": 17, "width": 23},
        "small": {"batch_size": 16, "channels": 64, "height": 64, "width": 64},
        "large": {"batch_size": 128, "channels": 256, "height": 128, "width": 128},
    },
}

batch_size = 16
channels = 64
height = 64
width = 64


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.flip(x, dims=(2, 3))


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return []

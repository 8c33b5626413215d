"""Adaptive 2-D max pooling of an NCHW tensor to a 5x5 grid (variable, overlapping windows when H, W % 5 != 0)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "adaptive",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 4, "height": 12, "width": 12},
        "small": {"batch_size": 16, "channels": 64, "height": 32, "width": 32},
        "large": {"batch_size": 128, "channels": 256, "height": 64, "width": 64},
    },
}

batch_size = 16
channels = 64
height = 32
width = 32
output_size = 5


class Model(nn.Module):
    def __init__(self, output_size: int):
        super().__init__()
        self.pool = nn.AdaptiveMaxPool2d(output_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(x)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [output_size]

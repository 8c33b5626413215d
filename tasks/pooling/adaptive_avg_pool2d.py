"""Adaptive 2-D average pooling of an NCHW tensor to a 7x7 grid (variable, overlapping windows when H, W % 7 != 0)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "adaptive",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 4, "height": 10, "width": 12},
        "small": {"batch_size": 16, "channels": 128, "height": 30, "width": 30},
        "large": {"batch_size": 128, "channels": 512, "height": 23, "width": 23},
    },
}

batch_size = 16
channels = 128
height = 30
width = 30
output_size = 7


class Model(nn.Module):
    def __init__(self, output_size: int):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(output_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(x)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [output_size]

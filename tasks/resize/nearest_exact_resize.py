"""Nearest-exact resize of an NCHW tensor to a non-integer-ratio size (mode='nearest-exact', half-pixel centres).

Output pixel i reads input floor((i + 0.5) * in_size / out_size), per axis; here 48x64 -> 80x120 at small.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "nearest",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 2, "height": 6, "width": 8, "out_height": 10, "out_width": 15},
        "small": {"batch_size": 8, "channels": 32, "height": 48, "width": 64, "out_height": 80, "out_width": 120},
        "large": {"batch_size": 16, "channels": 64, "height": 384, "width": 512, "out_height": 640, "out_width": 960},
    },
}

batch_size = 8
channels = 32
height = 48
width = 64
out_height = 80
out_width = 120


class Model(nn.Module):
    def __init__(self, out_height: int, out_width: int):
        super().__init__()
        self.out_height = out_height
        self.out_width = out_width

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.interpolate(x, size=(self.out_height, self.out_width), mode="nearest-exact")


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [out_height, out_width]

"""Bilinear resize of an NCHW tensor with align_corners=True to a non-integer-ratio size (64x64 -> 97x131 at small).

Corner pixels of input and output coincide: output pixel i samples input position i * (in - 1) / (out - 1).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "bilinear",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 2, "height": 8, "width": 8, "out_height": 13, "out_width": 17},
        "small": {"batch_size": 8, "channels": 32, "height": 64, "width": 64, "out_height": 97, "out_width": 131},
        "large": {"batch_size": 16, "channels": 64, "height": 256, "width": 256, "out_height": 385, "out_width": 513},
    },
}

batch_size = 8
channels = 32
height = 64
width = 64
out_height = 97
out_width = 131


class Model(nn.Module):
    def __init__(self, out_height: int, out_width: int):
        super().__init__()
        self.out_height = out_height
        self.out_width = out_width

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.interpolate(x, size=(self.out_height, self.out_width), mode="bilinear", align_corners=True)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [out_height, out_width]

"""Antialiased bilinear 2x downsampling of an NCHW tensor (mode='bilinear', antialias=True, align_corners=False).

The triangle filter is widened by the scale factor (support 2 * 2 input pixels per axis), as in PIL resize.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/resize/resize_with_antialias",
    "subcategory": "bilinear",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 2, "height": 16, "width": 16},
        "small": {"batch_size": 8, "channels": 16, "height": 128, "width": 128},
        "large": {"batch_size": 8, "channels": 64, "height": 512, "width": 512},
    },
}

batch_size = 8
channels = 16
height = 128
width = 128
scale_factor = 0.5


class Model(nn.Module):
    def __init__(self, scale_factor: float):
        super().__init__()
        self.scale_factor = scale_factor

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.interpolate(x, scale_factor=self.scale_factor, mode="bilinear", align_corners=False, antialias=True)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [scale_factor]

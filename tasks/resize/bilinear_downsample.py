"""Bilinear 4x downsampling of an NCHW tensor without antialiasing (240x320 -> 60x80 at small, align_corners=False)."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/resize/downsample_bilinear",
    "subcategory": "bilinear",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 2, "height": 16, "width": 24},
        "small": {"batch_size": 4, "channels": 32, "height": 240, "width": 320},
        "large": {"batch_size": 8, "channels": 128, "height": 960, "width": 1280},
    },
}

batch_size = 4
channels = 32
height = 240
width = 320
scale_factor = 0.25


class Model(nn.Module):
    def __init__(self, scale_factor: float):
        super().__init__()
        self.scale_factor = scale_factor

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.interpolate(x, scale_factor=self.scale_factor, mode="bilinear", align_corners=False)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [scale_factor]

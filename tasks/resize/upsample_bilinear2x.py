"""Bilinear 2x upsampling of an NCHW tensor (align_corners=False)."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/resize/upsample_bilinear2d",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 2, "height": 17, "width": 23},
        "small": {"batch_size": 8, "channels": 32, "height": 64, "width": 64},
        "large": {"batch_size": 8, "channels": 64, "height": 512, "width": 512},
    },
}

batch_size = 8
channels = 32
height = 64
width = 64
scale_factor = 2.0


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

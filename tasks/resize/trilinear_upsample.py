"""Trilinear 2x upsampling of an NCDHW volume (mode='trilinear', align_corners=True)."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/resize/trilinear_upsample",
    "subcategory": "trilinear",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 2, "depth": 4, "height": 6, "width": 6},
        "small": {"batch_size": 2, "channels": 16, "depth": 16, "height": 16, "width": 16},
        "large": {"batch_size": 4, "channels": 32, "depth": 64, "height": 64, "width": 64},
    },
}

batch_size = 2
channels = 16
depth = 16
height = 16
width = 16
scale_factor = 2.0


class Model(nn.Module):
    def __init__(self, scale_factor: float):
        super().__init__()
        self.scale_factor = scale_factor

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.interpolate(x, scale_factor=self.scale_factor, mode="trilinear", align_corners=True)


def get_inputs():
    return [torch.randn(batch_size, channels, depth, height, width)]


def get_init_inputs():
    return [scale_factor]

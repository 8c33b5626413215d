"""Bicubic 4x upsampling of an NCHW tensor (mode='bicubic', cubic convolution a = -0.75, align_corners=True)."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/resize/bicubic_upsample",
    "subcategory": "bicubic",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 2, "height": 8, "width": 8},
        "small": {"batch_size": 4, "channels": 16, "height": 32, "width": 32},
        "large": {"batch_size": 16, "channels": 64, "height": 128, "width": 128},
    },
}

batch_size = 4
channels = 16
height = 32
width = 32
scale_factor = 4.0


class Model(nn.Module):
    def __init__(self, scale_factor: float):
        super().__init__()
        self.scale_factor = scale_factor

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.interpolate(x, scale_factor=self.scale_factor, mode="bicubic", align_corners=True)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [scale_factor]

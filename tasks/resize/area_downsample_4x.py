"""Area (box-filter) 4x downsampling of an NCHW tensor (mode='area'): each output pixel is the mean of a 4x4 block."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "area",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 2, "height": 16, "width": 16},
        "small": {"batch_size": 16, "channels": 32, "height": 128, "width": 128},
        "large": {"batch_size": 16, "channels": 64, "height": 1024, "width": 1024},
    },
}

batch_size = 16
channels = 32
height = 128
width = 128
scale_factor = 0.25


class Model(nn.Module):
    def __init__(self, scale_factor: float):
        super().__init__()
        self.scale_factor = scale_factor

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.interpolate(x, scale_factor=self.scale_factor, mode="area")


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [scale_factor]

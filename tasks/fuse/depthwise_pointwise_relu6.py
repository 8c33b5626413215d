"""Depthwise-separable convolution core: depthwise 3x3 Conv2d (groups = in_channels, padding 1, with bias), pointwise 1x1 Conv2d (with bias), then ReLU6."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 4, "out_channels": 8, "height": 12, "width": 12},
        "small": {"batch_size": 8, "in_channels": 64, "out_channels": 128, "height": 56, "width": 56},
        "large": {"batch_size": 64, "in_channels": 256, "out_channels": 256, "height": 112, "width": 112},
    },
}

batch_size = 8
in_channels = 64
out_channels = 128
height = 56
width = 56


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int):
        super().__init__()
        self.depthwise = nn.Conv2d(in_channels, in_channels, 3, padding=1, groups=in_channels)
        self.pointwise = nn.Conv2d(in_channels, out_channels, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu6(self.pointwise(self.depthwise(x)))


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels]

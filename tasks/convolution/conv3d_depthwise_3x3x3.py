"""Depthwise 3-D convolution: one 3x3x3 filter per channel, stride 1, padding 1, with bias, over an NCDHW tensor."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "conv_depthwise",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 4, "depth": 6, "height": 8, "width": 8},
        "small": {"batch_size": 4, "channels": 32, "depth": 16, "height": 32, "width": 32},
        "large": {"batch_size": 16, "channels": 128, "depth": 32, "height": 64, "width": 64},
    },
}

batch_size = 4
channels = 32
depth = 16
height = 32
width = 32
kernel_size = 3


class Model(nn.Module):
    def __init__(self, channels: int, kernel_size: int):
        super().__init__()
        self.conv = nn.Conv3d(channels, channels, kernel_size, padding=kernel_size // 2, groups=channels, bias=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, channels, depth, height, width)]


def get_init_inputs():
    return [channels, kernel_size]

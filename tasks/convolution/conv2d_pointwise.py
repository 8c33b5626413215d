"""Pointwise (1x1) 2-D convolution over an NCHW tensor, no bias: a per-pixel channel mixing."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/87_conv_pointwise_2D.py",
    "subcategory": "conv_pointwise",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 8, "out_channels": 16, "height": 8, "width": 8},
        "small": {"batch_size": 8, "in_channels": 64, "out_channels": 128, "height": 64, "width": 64},
        "large": {"batch_size": 32, "in_channels": 256, "out_channels": 512, "height": 128, "width": 128},
    },
}

batch_size = 8
in_channels = 64
out_channels = 128
height = 64
width = 64


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size=1, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels]

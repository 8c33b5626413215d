"""Transposed 3-D convolution: 3x3x3 kernel, stride 1, no padding, no bias (each spatial size grows by 2)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/61_conv_transposed_3D__square_input__square_kernel.py",
    "subcategory": "conv_transposed",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "in_channels": 4, "out_channels": 2, "depth": 6, "height": 6, "width": 6},
        "small": {"batch_size": 2, "in_channels": 32, "out_channels": 16, "depth": 16, "height": 16, "width": 16},
        "large": {"batch_size": 16, "in_channels": 64, "out_channels": 32, "depth": 32, "height": 64, "width": 64},
    },
}

batch_size = 2
in_channels = 32
out_channels = 16
depth = 16
height = 16
width = 16
kernel_size = 3


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int):
        super().__init__()
        self.conv = nn.ConvTranspose3d(in_channels, out_channels, kernel_size, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, depth, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]

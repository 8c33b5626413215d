"""3-D convolution with an asymmetric 3x5x7 (depth x height x width) kernel, stride 1, no padding, no bias."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/60_conv_standard_3D__square_input__asymmetric_kernel.py",
    "subcategory": "conv_standard",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "in_channels": 2, "out_channels": 4, "depth": 10, "height": 10, "width": 10},
        "small": {"batch_size": 2, "in_channels": 8, "out_channels": 16, "depth": 32, "height": 32, "width": 32},
        "large": {"batch_size": 16, "in_channels": 32, "out_channels": 64, "depth": 64, "height": 64, "width": 64},
    },
}

batch_size = 2
in_channels = 8
out_channels = 16
depth = 32
height = 32
width = 32
kernel_d = 3
kernel_h = 5
kernel_w = 7


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_d: int, kernel_h: int, kernel_w: int):
        super().__init__()
        self.conv = nn.Conv3d(in_channels, out_channels, (kernel_d, kernel_h, kernel_w), bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, depth, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_d, kernel_h, kernel_w]

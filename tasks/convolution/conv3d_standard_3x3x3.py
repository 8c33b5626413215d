"""Standard 3-D convolution over a cubic NCDHW input: 3x3x3 kernel, stride 1, no padding, no bias."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/54_conv_standard_3D__square_input__square_kernel.py",
    "subcategory": "conv_standard",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "in_channels": 2, "out_channels": 4, "depth": 8, "height": 8, "width": 8},
        "small": {"batch_size": 2, "in_channels": 16, "out_channels": 32, "depth": 28, "height": 28, "width": 28},
        "large": {"batch_size": 16, "in_channels": 64, "out_channels": 64, "depth": 64, "height": 64, "width": 64},
    },
}

batch_size = 2
in_channels = 16
out_channels = 32
depth = 28
height = 28
width = 28
kernel_size = 3


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int):
        super().__init__()
        self.conv = nn.Conv3d(in_channels, out_channels, kernel_size, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, depth, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]

"""Transposed 2-D convolution: 3x3 kernel, stride 1, no padding, no bias (output (H + 2) x (W + 2))."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/57_conv_transposed_2D__square_input__square_kernel.py",
    "subcategory": "conv_transposed",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 4, "out_channels": 8, "height": 8, "width": 8},
        "small": {"batch_size": 8, "in_channels": 64, "out_channels": 32, "height": 32, "width": 32},
        "large": {"batch_size": 32, "in_channels": 128, "out_channels": 64, "height": 128, "width": 128},
    },
}

batch_size = 8
in_channels = 64
out_channels = 32
height = 32
width = 32
kernel_size = 3


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int):
        super().__init__()
        self.conv = nn.ConvTranspose2d(in_channels, out_channels, kernel_size, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]

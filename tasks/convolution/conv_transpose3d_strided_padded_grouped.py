"""Transposed 3-D convolution: 3x3x3 kernel, stride 2, padding 1, output_padding 1, 4 groups, no bias."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/73_conv_transposed_3D_asymmetric_input_square_kernel__strided_padded__grouped.py",
    "subcategory": "conv_transposed",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "in_channels": 4, "out_channels": 4, "depth": 4, "height": 6, "width": 8},
        "small": {"batch_size": 2, "in_channels": 32, "out_channels": 32, "depth": 8, "height": 12, "width": 16},
        "large": {"batch_size": 8, "in_channels": 64, "out_channels": 64, "depth": 16, "height": 64, "width": 64},
    },
}

batch_size = 2
in_channels = 32
out_channels = 32
depth = 8
height = 12
width = 16
kernel_size = 3
stride = 2
padding = 1
output_padding = 1
groups = 4


class Model(nn.Module):
    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: int, stride: int, padding: int, output_padding: int,
        groups: int,
    ):
        super().__init__()
        self.conv = nn.ConvTranspose3d(
            in_channels, out_channels, kernel_size, stride=stride, padding=padding,
            output_padding=output_padding, groups=groups, bias=False,
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, depth, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, stride, padding, output_padding, groups]

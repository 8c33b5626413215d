"""Transposed 2-D convolution: 3x3 kernel, stride 2, padding 1, output_padding 1, with bias (output 2H x 2W)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "conv_transposed",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 4, "out_channels": 4, "height": 8, "width": 8},
        "small": {"batch_size": 4, "in_channels": 64, "out_channels": 32, "height": 32, "width": 32},
        "large": {"batch_size": 32, "in_channels": 256, "out_channels": 128, "height": 64, "width": 64},
    },
}

batch_size = 4
in_channels = 64
out_channels = 32
height = 32
width = 32
kernel_size = 3
stride = 2
padding = 1
output_padding = 1


class Model(nn.Module):
    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: int, stride: int, padding: int, output_padding: int,
    ):
        super().__init__()
        self.conv = nn.ConvTranspose2d(
            in_channels, out_channels, kernel_size, stride=stride, padding=padding,
            output_padding=output_padding, bias=True,
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, stride, padding, output_padding]

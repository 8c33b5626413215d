"""Atrous 2-D convolution: 3x3 kernel with dilation 3 and padding 3 (spatial size kept), stride 1, with bias."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "conv_dilated",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 4, "out_channels": 8, "height": 16, "width": 16},
        "small": {"batch_size": 8, "in_channels": 32, "out_channels": 64, "height": 56, "width": 56},
        "large": {"batch_size": 16, "in_channels": 256, "out_channels": 256, "height": 128, "width": 128},
    },
}

batch_size = 8
in_channels = 32
out_channels = 64
height = 56
width = 56
kernel_size = 3
dilation = 3


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, dilation: int):
        super().__init__()
        self.conv = nn.Conv2d(
            in_channels, out_channels, kernel_size, dilation=dilation, padding=dilation * (kernel_size - 1) // 2,
            bias=True,
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, dilation]

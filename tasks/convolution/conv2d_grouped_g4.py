"""Grouped 2-D convolution with 4 groups: 3x3 kernel, stride 1, padding 1, no bias."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "conv_grouped",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 8, "out_channels": 8, "height": 16, "width": 16},
        "small": {"batch_size": 8, "in_channels": 64, "out_channels": 128, "height": 56, "width": 56},
        "large": {"batch_size": 32, "in_channels": 256, "out_channels": 512, "height": 112, "width": 112},
    },
}

batch_size = 8
in_channels = 64
out_channels = 128
height = 56
width = 56
kernel_size = 3
groups = 4


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, groups: int):
        super().__init__()
        self.conv = nn.Conv2d(
            in_channels, out_channels, kernel_size, padding=kernel_size // 2, groups=groups, bias=False,
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, groups]

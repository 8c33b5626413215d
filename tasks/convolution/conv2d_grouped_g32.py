"""Grouped 2-D convolution with 32 groups (ResNeXt cardinality 32): 3x3 kernel, stride 1, padding 1, no bias."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "conv_grouped",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "in_channels": 32, "out_channels": 32, "height": 8, "width": 8},
        "small": {"batch_size": 4, "in_channels": 256, "out_channels": 256, "height": 28, "width": 28},
        "large": {"batch_size": 64, "in_channels": 256, "out_channels": 256, "height": 56, "width": 56},
    },
}

batch_size = 4
in_channels = 256
out_channels = 256
height = 28
width = 28
kernel_size = 3
groups = 32


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

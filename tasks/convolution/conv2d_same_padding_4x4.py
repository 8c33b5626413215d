"""2-D convolution with an even 4x4 kernel, padding='same', stride 1, with bias.

The input is zero-padded by 1 before and 2 after in each spatial dimension, so H and W are kept.
"""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "conv_padded",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 3, "out_channels": 8, "height": 16, "width": 16},
        "small": {"batch_size": 4, "in_channels": 32, "out_channels": 32, "height": 64, "width": 64},
        "large": {"batch_size": 32, "in_channels": 128, "out_channels": 128, "height": 128, "width": 128},
    },
}

batch_size = 4
in_channels = 32
out_channels = 32
height = 64
width = 64
kernel_size = 4


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size, padding="same", bias=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]

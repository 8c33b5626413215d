"""Fold (col2im): overlap-add of (N, C * 3 * 3, H * W) sliding-window columns into an (N, C, H, W) image.

The inverse layout of unfold with a 3x3 window, stride 1, padding 1: each pixel sums the 9 column entries
that cover it.
"""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "fold",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 2, "height": 8, "width": 8},
        "small": {"batch_size": 8, "channels": 32, "height": 48, "width": 48},
        "large": {"batch_size": 16, "channels": 64, "height": 128, "width": 128},
    },
}

batch_size = 8
channels = 32
height = 48
width = 48
kernel_size = 3


class Model(nn.Module):
    def __init__(self, height: int, width: int, kernel_size: int):
        super().__init__()
        self.fold = nn.Fold(output_size=(height, width), kernel_size=kernel_size, padding=kernel_size // 2)

    def forward(self, cols: torch.Tensor) -> torch.Tensor:
        return self.fold(cols)


def get_inputs():
    return [torch.randn(batch_size, channels * kernel_size * kernel_size, height * width)]


def get_init_inputs():
    return [height, width, kernel_size]

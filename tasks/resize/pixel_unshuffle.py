"""Pixel unshuffle (space-to-depth) with downscale factor 2: (N, C, H, W) -> (N, 4C, H/2, W/2)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "pixel_shuffle",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 2, "height": 8, "width": 8},
        "small": {"batch_size": 16, "channels": 32, "height": 64, "width": 64},
        "large": {"batch_size": 32, "channels": 64, "height": 256, "width": 256},
    },
}

batch_size = 16
channels = 32
height = 64
width = 64
downscale_factor = 2


class Model(nn.Module):
    def __init__(self, downscale_factor: int):
        super().__init__()
        self.unshuffle = nn.PixelUnshuffle(downscale_factor)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.unshuffle(x)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [downscale_factor]

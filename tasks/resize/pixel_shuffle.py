"""Pixel shuffle (depth-to-space) with upscale factor 2: (N, 4C, H, W) -> (N, C, 2H, 2W)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "pixel_shuffle",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 8, "height": 8, "width": 8},
        "small": {"batch_size": 16, "channels": 128, "height": 32, "width": 32},
        "large": {"batch_size": 32, "channels": 256, "height": 128, "width": 128},
    },
}

batch_size = 16
channels = 128
height = 32
width = 32
upscale_factor = 2


class Model(nn.Module):
    def __init__(self, upscale_factor: int):
        super().__init__()
        self.shuffle = nn.PixelShuffle(upscale_factor)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.shuffle(x)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [upscale_factor]

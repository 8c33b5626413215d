"""Sub-pixel upsampling: Conv2d (3x3, padding 1, with bias) to out_channels * r^2 channels, PixelShuffle(r) to (N, out_channels, r*H, r*W), then ReLU."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 4, "out_channels": 3, "height": 8, "width": 8},
        "small": {"batch_size": 8, "in_channels": 32, "out_channels": 8, "height": 48, "width": 48},
        "large": {"batch_size": 32, "in_channels": 64, "out_channels": 32, "height": 256, "width": 256},
    },
}

batch_size = 8
in_channels = 32
out_channels = 8
height = 48
width = 48
upscale = 2


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, upscale: int):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels * upscale * upscale, 3, padding=1)
        self.upscale = upscale

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(F.pixel_shuffle(self.conv(x), self.upscale))


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, upscale]

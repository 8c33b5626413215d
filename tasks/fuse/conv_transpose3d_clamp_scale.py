"""ConvTranspose3d (3x3x3, stride 2, padding 1, output_padding 1: doubles D, H, W; with bias), clamp to [clamp_min, clamp_max], then multiplication by a constant scale."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "in_channels": 3, "out_channels": 2, "depth": 4, "height": 6, "width": 6},
        "small": {"batch_size": 4, "in_channels": 16, "out_channels": 16, "depth": 8, "height": 16, "width": 16},
        "large": {"batch_size": 16, "in_channels": 64, "out_channels": 32, "depth": 32, "height": 64, "width": 64},
    },
}

batch_size = 4
in_channels = 16
out_channels = 16
depth = 8
height = 16
width = 16
clamp_min = -0.2
clamp_max = 0.3
scale = 2.5


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, clamp_min: float, clamp_max: float, scale: float):
        super().__init__()
        self.deconv = nn.ConvTranspose3d(in_channels, out_channels, 3, stride=2, padding=1, output_padding=1)
        self.clamp_min = clamp_min
        self.clamp_max = clamp_max
        self.scale = scale

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.clamp(self.deconv(x), self.clamp_min, self.clamp_max) * self.scale


def get_inputs():
    return [torch.randn(batch_size, in_channels, depth, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, clamp_min, clamp_max, scale]

"""Conv2d (3x3, padding 1, with bias), softmax over the channel dimension, then the max over channels: (N, C_in, H, W) -> (N, H, W) confidence map."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 3, "out_channels": 5, "height": 12, "width": 14},
        "small": {"batch_size": 8, "in_channels": 8, "out_channels": 16, "height": 96, "width": 96},
        "large": {"batch_size": 32, "in_channels": 64, "out_channels": 64, "height": 256, "width": 256},
    },
}

batch_size = 8
in_channels = 8
out_channels = 16
height = 96
width = 96


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.conv(x), dim=1).amax(dim=1)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels]

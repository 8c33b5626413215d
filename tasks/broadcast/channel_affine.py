"""Per-channel affine transform of an NCHW tensor: x * scale[c] + shift[c], broadcast over batch and space."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/broadcast/add_bias_four_dim_broadcast",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 8, "height": 15, "width": 17},
        "small": {"batch_size": 16, "channels": 64, "height": 64, "width": 64},
        "large": {"batch_size": 16, "channels": 128, "height": 256, "width": 256},
    },
}

batch_size = 16
channels = 64
height = 64
width = 64


class Model(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.scale = nn.Parameter(torch.randn(channels))
        self.shift = nn.Parameter(torch.randn(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.scale[None, :, None, None] + self.shift[None, :, None, None]


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels]

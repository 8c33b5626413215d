"""Multiply an NCHW tensor by a per-channel tensor c[C, 1, 1] and a per-pixel tensor p[1, H, W]: x * c * p."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-6, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 4, "height": 15, "width": 17},
        "small": {"batch_size": 8, "channels": 64, "height": 64, "width": 64},
        "large": {"batch_size": 32, "channels": 256, "height": 128, "width": 128},
    },
}

batch_size = 8
channels = 64
height = 64
width = 64


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, c: torch.Tensor, p: torch.Tensor) -> torch.Tensor:
        return x * c * p


def get_inputs():
    x = torch.randn(batch_size, channels, height, width)
    c = torch.randn(channels, 1, 1)
    p = torch.randn(1, height, width)
    return [x, c, p]


def get_init_inputs():
    return []

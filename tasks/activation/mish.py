"""Mish, x * tanh(softplus(x)), applied elementwise to an NCHW feature map."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 8, "height": 16, "width": 16},
        "small": {"batch_size": 8, "channels": 64, "height": 64, "width": 64},
        "large": {"batch_size": 64, "channels": 256, "height": 128, "width": 128},
    },
}

batch_size = 8
channels = 64
height = 64
width = 64


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.mish(x)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return []

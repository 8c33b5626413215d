"""Residual add with a learned per-channel layer scale: residual + gamma[C] * x on channels-last (B, H, W, C) tensors (ConvNeXt)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-6, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "height": 7, "width": 7, "channels": 96},
        "small": {"batch_size": 16, "height": 56, "width": 56, "channels": 96},
        "large": {"batch_size": 128, "height": 56, "width": 56, "channels": 384},
    },
}

batch_size = 16
height = 56
width = 56
channels = 96


class Model(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.gamma = nn.Parameter(0.1 * torch.randn(channels))

    def forward(self, x: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return residual + self.gamma * x


def get_inputs():
    x = torch.randn(batch_size, height, width, channels)
    residual = torch.randn(batch_size, height, width, channels)
    return [x, residual]


def get_init_inputs():
    return [channels]

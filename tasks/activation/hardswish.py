"""HardSwish, x * clamp(x + 3, 0, 6) / 6, applied elementwise to an NCHW feature map (MobileNetV3)."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 16, "height": 14, "width": 14},
        "small": {"batch_size": 16, "channels": 72, "height": 56, "width": 56},
        "large": {"batch_size": 128, "channels": 240, "height": 112, "width": 112},
    },
}

batch_size = 16
channels = 72
height = 56
width = 56


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.hardswish(x)


def get_inputs():
    return [3.0 * torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return []

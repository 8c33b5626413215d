"""ReLU6, min(max(x, 0), 6), applied elementwise to an NCHW feature map (as in MobileNet blocks)."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-6, "rtol": 1e-6},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 8, "height": 14, "width": 14},
        "small": {"batch_size": 16, "channels": 96, "height": 56, "width": 56},
        "large": {"batch_size": 128, "channels": 144, "height": 112, "width": 112},
    },
}

batch_size = 16
channels = 96
height = 56
width = 56


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu6(x)


def get_inputs():
    # wide spread so that both the lower and the upper clip are hit
    return [4.0 * torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return []

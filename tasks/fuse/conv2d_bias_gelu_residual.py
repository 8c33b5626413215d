"""x + GELU(Conv2d(x) + b): a same-padding 3x3 convolution (channels in = out, no conv bias), a learned per-channel bias, exact (erf) GELU and a residual add of the input."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 4, "height": 10, "width": 14},
        "small": {"batch_size": 8, "channels": 32, "height": 48, "width": 48},
        "large": {"batch_size": 32, "channels": 128, "height": 128, "width": 128},
    },
}

batch_size = 8
channels = 32
height = 48
width = 48
kernel_size = 3


class Model(nn.Module):
    def __init__(self, channels: int, kernel_size: int):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, kernel_size, padding=kernel_size // 2, bias=False)
        self.bias = nn.Parameter(torch.randn(channels, 1, 1) * 0.2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + F.gelu(self.conv(x) + self.bias)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels, kernel_size]

"""2-D max pooling, 3x3 window, stride 2, no padding, ceil_mode=True (a last partial window is kept on each axis)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "max",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 3, "height": 16, "width": 16},
        "small": {"batch_size": 16, "channels": 32, "height": 64, "width": 64},
        "large": {"batch_size": 64, "channels": 96, "height": 112, "width": 112},
    },
}

batch_size = 16
channels = 32
height = 64
width = 64
kernel_size = 3
stride = 2


class Model(nn.Module):
    def __init__(self, kernel_size: int, stride: int):
        super().__init__()
        self.pool = nn.MaxPool2d(kernel_size, stride=stride, ceil_mode=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(x)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [kernel_size, stride]

"""2-D max pooling with a dilated 3x3 window (dilation 2, so a 5x5 footprint), stride 1, padding 1."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "max",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 3, "height": 16, "width": 16},
        "small": {"batch_size": 8, "channels": 32, "height": 64, "width": 64},
        "large": {"batch_size": 32, "channels": 64, "height": 256, "width": 256},
    },
}

batch_size = 8
channels = 32
height = 64
width = 64
kernel_size = 3
dilation = 2


class Model(nn.Module):
    def __init__(self, kernel_size: int, dilation: int):
        super().__init__()
        self.pool = nn.MaxPool2d(kernel_size, stride=1, padding=kernel_size // 2, dilation=dilation)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(x)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [kernel_size, dilation]

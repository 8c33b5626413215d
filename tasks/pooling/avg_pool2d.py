"""2-D average pooling over an NCHW tensor: non-overlapping 3x3 windows (stride 3), no padding."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/45_Average_Pooling_2D.py",
    "subcategory": "avg",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 3, "height": 24, "width": 24},
        "small": {"batch_size": 16, "channels": 32, "height": 128, "width": 128},
        "large": {"batch_size": 32, "channels": 64, "height": 512, "width": 512},
    },
}

batch_size = 16
channels = 32
height = 128
width = 128
kernel_size = 3


class Model(nn.Module):
    def __init__(self, kernel_size: int):
        super().__init__()
        self.pool = nn.AvgPool2d(kernel_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(x)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [kernel_size]

"""3-D average pooling over an NCDHW tensor: 3x3x3 window, stride 2, padding 1 (zero padding counted)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/46_Average_Pooling_3D.py",
    "subcategory": "avg",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 2, "depth": 8, "height": 10, "width": 10},
        "small": {"batch_size": 4, "channels": 16, "depth": 32, "height": 32, "width": 32},
        "large": {"batch_size": 16, "channels": 32, "depth": 64, "height": 128, "width": 128},
    },
}

batch_size = 4
channels = 16
depth = 32
height = 32
width = 32
kernel_size = 3
stride = 2
padding = 1


class Model(nn.Module):
    def __init__(self, kernel_size: int, stride: int, padding: int):
        super().__init__()
        self.pool = nn.AvgPool3d(kernel_size, stride=stride, padding=padding)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(x)


def get_inputs():
    return [torch.randn(batch_size, channels, depth, height, width)]


def get_init_inputs():
    return [kernel_size, stride, padding]

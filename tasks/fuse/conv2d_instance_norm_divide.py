"""Conv2d (3x3, no padding, with bias), InstanceNorm2d (per sample and channel statistics, no affine, eps 1e-5), then division by a constant."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "KernelBench",
    "mirrors": "KernelBench/level2/17_Conv2d_InstanceNorm_Divide.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 3, "out_channels": 4, "height": 12, "width": 12},
        "small": {"batch_size": 8, "in_channels": 16, "out_channels": 32, "height": 64, "width": 64},
        "large": {"batch_size": 128, "in_channels": 64, "out_channels": 128, "height": 128, "width": 128},
    },
}

batch_size = 8
in_channels = 16
out_channels = 32
height = 64
width = 64
kernel_size = 3
divide_by = 2.0


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, divide_by: float):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size)
        self.norm = nn.InstanceNorm2d(out_channels)
        self.divide_by = divide_by

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.norm(self.conv(x)) / self.divide_by


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, divide_by]

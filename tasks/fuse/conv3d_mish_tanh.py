"""Conv3d (3x3x3, stride 1, no padding, with bias) on an NCDHW volume, followed by Mish and then tanh."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "KernelBench",
    "mirrors": "KernelBench/level2/47_Conv3d_Mish_Tanh.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "in_channels": 2, "out_channels": 4, "depth": 6, "height": 8, "width": 8},
        "small": {"batch_size": 2, "in_channels": 8, "out_channels": 16, "depth": 16, "height": 32, "width": 32},
        "large": {"batch_size": 16, "in_channels": 32, "out_channels": 64, "depth": 32, "height": 64, "width": 64},
    },
}

batch_size = 2
in_channels = 8
out_channels = 16
depth = 16
height = 32
width = 32
kernel_size = 3


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int):
        super().__init__()
        self.conv = nn.Conv3d(in_channels, out_channels, kernel_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.tanh(F.mish(self.conv(x)))


def get_inputs():
    return [torch.randn(batch_size, in_channels, depth, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]

"""Depthwise-separable 2-D convolution: depthwise 3x3 (stride 1, padding 1) then pointwise 1x1, both without bias."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/86_conv_depthwise_separable_2D.py",
    "subcategory": "conv_depthwise",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 4, "out_channels": 8, "height": 16, "width": 16},
        "small": {"batch_size": 4, "in_channels": 64, "out_channels": 128, "height": 40, "width": 40},
        "large": {"batch_size": 32, "in_channels": 256, "out_channels": 512, "height": 112, "width": 112},
    },
}

batch_size = 4
in_channels = 64
out_channels = 128
height = 40
width = 40
kernel_size = 3


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int):
        super().__init__()
        self.depthwise = nn.Conv2d(in_channels, in_channels, kernel_size, padding=kernel_size // 2,
                                   groups=in_channels, bias=False)
        self.pointwise = nn.Conv2d(in_channels, out_channels, kernel_size=1, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pointwise(self.depthwise(x))


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]

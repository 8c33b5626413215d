"""Strided depthwise 2-D convolution: one 3x3 filter per channel, stride 2, padding 1, no bias, non-square input."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/84_conv_depthwise_2D_asymmetric_input_square_kernel.py",
    "subcategory": "conv_depthwise",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 4, "height": 16, "width": 24},
        "small": {"batch_size": 8, "channels": 128, "height": 64, "width": 96},
        "large": {"batch_size": 32, "channels": 144, "height": 224, "width": 320},
    },
}

batch_size = 8
channels = 128
height = 64
width = 96
kernel_size = 3
stride = 2


class Model(nn.Module):
    def __init__(self, channels: int, kernel_size: int, stride: int):
        super().__init__()
        self.conv = nn.Conv2d(
            channels, channels, kernel_size, stride=stride, padding=kernel_size // 2, groups=channels, bias=False,
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels, kernel_size, stride]

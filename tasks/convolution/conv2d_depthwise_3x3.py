"""Depthwise 2-D convolution (one 3x3 filter per channel, stride 1, padding 1, with bias) over an NCHW tensor."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/82_conv_depthwise_2D_square_input_square_kernel.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 3, "height": 19, "width": 23},
        "small": {"batch_size": 4, "channels": 64, "height": 112, "width": 112},
        "large": {"batch_size": 16, "channels": 64, "height": 512, "width": 512},
    },
}

batch_size = 4
channels = 64
height = 112
width = 112
kernel_size = 3
stride = 1
padding = 1


class Model(nn.Module):
    def __init__(self, channels: int, kernel_size: int, stride: int = 1, padding: int = 0):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, kernel_size, stride=stride, padding=padding,
                              groups=channels, bias=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels, kernel_size, stride, padding]

"""Depthwise 2-D convolution: one 3x7 (height x width) filter per channel, stride 1, padding (1, 3), no bias."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/83_conv_depthwise_2D_square_input_asymmetric_kernel.py",
    "subcategory": "conv_depthwise",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 4, "height": 16, "width": 16},
        "small": {"batch_size": 8, "channels": 64, "height": 64, "width": 64},
        "large": {"batch_size": 32, "channels": 128, "height": 256, "width": 256},
    },
}

batch_size = 8
channels = 64
height = 64
width = 64
kernel_h = 3
kernel_w = 7


class Model(nn.Module):
    def __init__(self, channels: int, kernel_h: int, kernel_w: int):
        super().__init__()
        self.conv = nn.Conv2d(
            channels, channels, (kernel_h, kernel_w), padding=(kernel_h // 2, kernel_w // 2), groups=channels,
            bias=False,
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels, kernel_h, kernel_w]

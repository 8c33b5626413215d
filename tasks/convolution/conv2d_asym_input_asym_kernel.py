"""2-D convolution, non-square NCHW input, asymmetric 5x7 (height x width) kernel, stride 1, no padding, no bias."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/56_conv_standard_2D__asymmetric_input__asymmetric_kernel.py",
    "subcategory": "conv_standard",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 3, "out_channels": 8, "height": 12, "width": 20},
        "small": {"batch_size": 4, "in_channels": 32, "out_channels": 32, "height": 48, "width": 80},
        "large": {"batch_size": 32, "in_channels": 64, "out_channels": 128, "height": 256, "width": 384},
    },
}

batch_size = 4
in_channels = 32
out_channels = 32
height = 48
width = 80
kernel_h = 5
kernel_w = 7


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_h: int, kernel_w: int):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, (kernel_h, kernel_w), bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_h, kernel_w]

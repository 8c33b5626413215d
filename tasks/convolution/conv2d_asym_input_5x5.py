"""2-D convolution over a non-square NCHW input (W = 2H) with a square 5x5 kernel, stride 1, padding 2, no bias."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/55_conv_standard_2D__asymmetric_input__square_kernel.py",
    "subcategory": "conv_standard",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 3, "out_channels": 8, "height": 12, "width": 24},
        "small": {"batch_size": 4, "in_channels": 32, "out_channels": 32, "height": 48, "width": 96},
        "large": {"batch_size": 32, "in_channels": 64, "out_channels": 128, "height": 256, "width": 512},
    },
}

batch_size = 4
in_channels = 32
out_channels = 32
height = 48
width = 96
kernel_size = 5
padding = 2


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, padding: int):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size, padding=padding, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, padding]

"""2-D convolution with an asymmetric 3x5 (height x width) kernel, stride 1, padding (1, 2), no bias."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/62_conv_standard_2D__square_input__asymmetric_kernel.py",
    "subcategory": "conv_standard",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 3, "out_channels": 8, "height": 16, "width": 16},
        "small": {"batch_size": 8, "in_channels": 32, "out_channels": 32, "height": 64, "width": 64},
        "large": {"batch_size": 32, "in_channels": 128, "out_channels": 128, "height": 128, "width": 128},
    },
}

batch_size = 8
in_channels = 32
out_channels = 32
height = 64
width = 64
kernel_h = 3
kernel_w = 5


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_h: int, kernel_w: int):
        super().__init__()
        self.conv = nn.Conv2d(
            in_channels, out_channels, (kernel_h, kernel_w), padding=(kernel_h // 2, kernel_w // 2), bias=False,
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_h, kernel_w]

"""2-D convolution with a 3x5 kernel, dilation (2, 3), padding (2, 6) (size kept), stride 1, no bias."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/80_conv_standard_2D_square_input_asymmetric_kernel___dilated____padded__.py",
    "subcategory": "conv_dilated",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 3, "out_channels": 8, "height": 16, "width": 16},
        "small": {"batch_size": 4, "in_channels": 32, "out_channels": 32, "height": 64, "width": 64},
        "large": {"batch_size": 32, "in_channels": 128, "out_channels": 128, "height": 128, "width": 128},
    },
}

batch_size = 4
in_channels = 32
out_channels = 32
height = 64
width = 64
kernel_h = 3
kernel_w = 5
dilation_h = 2
dilation_w = 3


class Model(nn.Module):
    def __init__(
        self, in_channels: int, out_channels: int, kernel_h: int, kernel_w: int, dilation_h: int, dilation_w: int,
    ):
        super().__init__()
        self.conv = nn.Conv2d(
            in_channels, out_channels, (kernel_h, kernel_w), dilation=(dilation_h, dilation_w),
            padding=(dilation_h * (kernel_h - 1) // 2, dilation_w * (kernel_w - 1) // 2), bias=False,
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_h, kernel_w, dilation_h, dilation_w]

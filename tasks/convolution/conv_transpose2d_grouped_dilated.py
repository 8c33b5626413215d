"""Transposed 2-D convolution: 3x5 kernel, stride (2, 3), padding (1, 2), dilation (2, 1), 4 groups, no bias."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/75_conv_transposed_2D_asymmetric_input_asymmetric_kernel_strided__grouped____padded____dilated__.py",
    "subcategory": "conv_transposed",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 8, "out_channels": 8, "height": 8, "width": 8},
        "small": {"batch_size": 8, "in_channels": 32, "out_channels": 64, "height": 32, "width": 32},
        "large": {"batch_size": 16, "in_channels": 128, "out_channels": 256, "height": 128, "width": 128},
    },
}

batch_size = 8
in_channels = 32
out_channels = 64
height = 32
width = 32
kernel_h = 3
kernel_w = 5
stride_h = 2
stride_w = 3
padding_h = 1
padding_w = 2
dilation_h = 2
dilation_w = 1
groups = 4


class Model(nn.Module):
    def __init__(
        self, in_channels: int, out_channels: int, kernel_h: int, kernel_w: int, stride_h: int, stride_w: int,
        padding_h: int, padding_w: int, dilation_h: int, dilation_w: int, groups: int,
    ):
        super().__init__()
        self.conv = nn.ConvTranspose2d(
            in_channels, out_channels, (kernel_h, kernel_w), stride=(stride_h, stride_w),
            padding=(padding_h, padding_w), dilation=(dilation_h, dilation_w), groups=groups, bias=False,
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_h, kernel_w, stride_h, stride_w, padding_h, padding_w,
            dilation_h, dilation_w, groups]

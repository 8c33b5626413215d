"""1-D convolution over an NCL tensor with kernel 3, stride 3, dilation 4, no padding and no bias."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/76_conv_standard_1D_dilated_strided__.py",
    "subcategory": "conv_dilated",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 4, "out_channels": 8, "length": 128},
        "small": {"batch_size": 16, "in_channels": 64, "out_channels": 128, "length": 2048},
        "large": {"batch_size": 64, "in_channels": 64, "out_channels": 128, "length": 262144},
    },
}

batch_size = 16
in_channels = 64
out_channels = 128
length = 2048
kernel_size = 3
stride = 3
dilation = 4


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, stride: int, dilation: int):
        super().__init__()
        self.conv = nn.Conv1d(in_channels, out_channels, kernel_size, stride=stride, dilation=dilation, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, length)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, stride, dilation]

"""Standard 1-D convolution over an NCL tensor: kernel 3, stride 1, no padding, no bias."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/67_conv_standard_1D.py",
    "subcategory": "conv_standard",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 4, "out_channels": 8, "length": 64},
        "small": {"batch_size": 8, "in_channels": 64, "out_channels": 128, "length": 1024},
        "large": {"batch_size": 64, "in_channels": 64, "out_channels": 128, "length": 65536},
    },
}

batch_size = 8
in_channels = 64
out_channels = 128
length = 1024
kernel_size = 3


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int):
        super().__init__()
        self.conv = nn.Conv1d(in_channels, out_channels, kernel_size, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, length)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]

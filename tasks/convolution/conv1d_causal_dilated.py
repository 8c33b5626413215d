"""Causal dilated 1-D convolution (WaveNet style): kernel 3, dilation 2, with bias, over an NCL tensor.

The input is zero-padded by (3 - 1) * 2 = 4 steps on the left only, so the output keeps the input length
and output step t depends on input steps <= t.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "conv_dilated",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 4, "out_channels": 4, "length": 64},
        "small": {"batch_size": 16, "in_channels": 64, "out_channels": 64, "length": 1024},
        "large": {"batch_size": 32, "in_channels": 256, "out_channels": 256, "length": 65536},
    },
}

batch_size = 16
in_channels = 64
out_channels = 64
length = 1024
kernel_size = 3
dilation = 2


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, dilation: int):
        super().__init__()
        self.left_pad = (kernel_size - 1) * dilation
        self.conv = nn.Conv1d(in_channels, out_channels, kernel_size, dilation=dilation, bias=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(F.pad(x, (self.left_pad, 0)))


def get_inputs():
    return [torch.randn(batch_size, in_channels, length)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, dilation]

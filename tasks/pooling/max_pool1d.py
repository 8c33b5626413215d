"""1-D max pooling over an NCL tensor: window 4, stride 2, padding 2, dilation 3."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/41_Max_Pooling_1D.py",
    "subcategory": "max",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 4, "length": 64},
        "small": {"batch_size": 16, "channels": 64, "length": 4096},
        "large": {"batch_size": 64, "channels": 128, "length": 65536},
    },
}

batch_size = 16
channels = 64
length = 4096
kernel_size = 4
stride = 2
padding = 2
dilation = 3


class Model(nn.Module):
    def __init__(self, kernel_size: int, stride: int, padding: int, dilation: int):
        super().__init__()
        self.pool = nn.MaxPool1d(kernel_size, stride=stride, padding=padding, dilation=dilation)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(x)


def get_inputs():
    return [torch.randn(batch_size, channels, length)]


def get_init_inputs():
    return [kernel_size, stride, padding, dilation]

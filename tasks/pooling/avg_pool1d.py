"""1-D average pooling over an NCL tensor: window 4, stride 2, padding 1 (zero padding counted in the average)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/44_Average_Pooling_1D.py",
    "subcategory": "avg",
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
padding = 1


class Model(nn.Module):
    def __init__(self, kernel_size: int, stride: int, padding: int):
        super().__init__()
        self.pool = nn.AvgPool1d(kernel_size, stride=stride, padding=padding)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(x)


def get_inputs():
    return [torch.randn(batch_size, channels, length)]


def get_init_inputs():
    return [kernel_size, stride, padding]

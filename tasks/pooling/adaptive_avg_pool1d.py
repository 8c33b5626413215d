"""Adaptive 1-D average pooling of an NCL tensor to 48 outputs (window i spans floor(i*L/48) to ceil((i+1)*L/48))."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "adaptive",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 4, "length": 100},
        "small": {"batch_size": 16, "channels": 64, "length": 1000},
        "large": {"batch_size": 64, "channels": 256, "length": 100000},
    },
}

batch_size = 16
channels = 64
length = 1000
output_size = 48


class Model(nn.Module):
    def __init__(self, output_size: int):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool1d(output_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(x)


def get_inputs():
    return [torch.randn(batch_size, channels, length)]


def get_init_inputs():
    return [output_size]

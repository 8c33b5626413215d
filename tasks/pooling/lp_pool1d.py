"""1-D power-average (LP) pooling, p = 2: sqrt of the sum of squares in windows of 3, stride 2, over an NCL tensor."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "lp",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 4, "length": 64},
        "small": {"batch_size": 8, "channels": 32, "length": 2048},
        "large": {"batch_size": 64, "channels": 128, "length": 65536},
    },
}

batch_size = 8
channels = 32
length = 2048
norm_type = 2.0
kernel_size = 3
stride = 2


class Model(nn.Module):
    def __init__(self, norm_type: float, kernel_size: int, stride: int):
        super().__init__()
        self.pool = nn.LPPool1d(norm_type, kernel_size, stride=stride)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(x)


def get_inputs():
    return [torch.randn(batch_size, channels, length)]


def get_init_inputs():
    return [norm_type, kernel_size, stride]

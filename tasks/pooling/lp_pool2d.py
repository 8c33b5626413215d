"""2-D power-average (LP) pooling, p = 2: sqrt of the sum of squares in 3x3 windows, stride 2, over NCHW."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "lp",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 3, "height": 16, "width": 16},
        "small": {"batch_size": 4, "channels": 32, "height": 64, "width": 64},
        "large": {"batch_size": 32, "channels": 64, "height": 256, "width": 256},
    },
}

batch_size = 4
channels = 32
height = 64
width = 64
norm_type = 2.0
kernel_size = 3
stride = 2


class Model(nn.Module):
    def __init__(self, norm_type: float, kernel_size: int, stride: int):
        super().__init__()
        self.pool = nn.LPPool2d(norm_type, kernel_size, stride=stride)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(x)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [norm_type, kernel_size, stride]

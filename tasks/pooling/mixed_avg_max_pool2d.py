"""Mixed pooling: 0.5 * (2x2 average pooling + 2x2 max pooling), both with stride 2, of an NCHW tensor."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "subcategory": "mixed",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 3, "height": 16, "width": 16},
        "small": {"batch_size": 8, "channels": 32, "height": 64, "width": 64},
        "large": {"batch_size": 32, "channels": 64, "height": 256, "width": 256},
    },
}

batch_size = 8
channels = 32
height = 64
width = 64
kernel_size = 2


class Model(nn.Module):
    def __init__(self, kernel_size: int):
        super().__init__()
        self.kernel_size = kernel_size

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return 0.5 * (F.avg_pool2d(x, self.kernel_size) + F.max_pool2d(x, self.kernel_size))


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [kernel_size]

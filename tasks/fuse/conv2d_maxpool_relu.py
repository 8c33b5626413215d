"""Conv2d (3x3, padding 1, with bias), 2x2 max pooling with stride 2, then ReLU, NCHW."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 3, "out_channels": 6, "height": 12, "width": 16},
        "small": {"batch_size": 8, "in_channels": 16, "out_channels": 48, "height": 64, "width": 64},
        "large": {"batch_size": 64, "in_channels": 64, "out_channels": 128, "height": 112, "width": 112},
    },
}

batch_size = 8
in_channels = 16
out_channels = 48
height = 64
width = 64


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(F.max_pool2d(self.conv(x), kernel_size=2, stride=2))


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels]

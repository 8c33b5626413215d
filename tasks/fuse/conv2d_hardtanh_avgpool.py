"""Conv2d (3x3, padding 1, with bias), HardTanh clamp to [-1, 1], then 2x2 average pooling with stride 2, NCHW."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 4, "out_channels": 6, "height": 10, "width": 12},
        "small": {"batch_size": 8, "in_channels": 24, "out_channels": 32, "height": 56, "width": 56},
        "large": {"batch_size": 64, "in_channels": 64, "out_channels": 128, "height": 128, "width": 128},
    },
}

batch_size = 8
in_channels = 24
out_channels = 32
height = 56
width = 56


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = F.hardtanh(self.conv(x), min_val=-1.0, max_val=1.0)
        return F.avg_pool2d(y, kernel_size=2, stride=2)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels]

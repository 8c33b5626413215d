"""Adaptive 3-D average pooling of an NCDHW tensor to a 4x6x6 (depth x height x width) grid."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "adaptive",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 2, "depth": 6, "height": 9, "width": 9},
        "small": {"batch_size": 8, "channels": 32, "depth": 10, "height": 20, "width": 20},
        "large": {"batch_size": 32, "channels": 256, "depth": 16, "height": 28, "width": 28},
    },
}

batch_size = 8
channels = 32
depth = 10
height = 20
width = 20
out_depth = 4
out_size = 6


class Model(nn.Module):
    def __init__(self, out_depth: int, out_size: int):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool3d((out_depth, out_size, out_size))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(x)


def get_inputs():
    return [torch.randn(batch_size, channels, depth, height, width)]


def get_init_inputs():
    return [out_depth, out_size]

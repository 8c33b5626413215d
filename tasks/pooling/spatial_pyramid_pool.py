"""Spatial pyramid pooling (SPP-net): adaptive max pooling of an NCHW tensor to 1x1, 2x2 and 4x4 grids.

Each level is flattened to (N, C * k * k) and the levels are concatenated in that order: (N, 21 * C).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "subcategory": "adaptive",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 4, "height": 13, "width": 13},
        "small": {"batch_size": 16, "channels": 256, "height": 26, "width": 26},
        "large": {"batch_size": 64, "channels": 256, "height": 13, "width": 13},
    },
}

batch_size = 16
channels = 256
height = 26
width = 26


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.levels = (1, 2, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([F.adaptive_max_pool2d(x, k).flatten(1) for k in self.levels], dim=1)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return []

"""Bilinear grid sampling of an NCHW tensor at the normalized (x, y) locations of an input grid (N, Ho, Wo, 2).

padding_mode='zeros', align_corners=False: locations outside [-1, 1] read zeros (a warp/flow resampler).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/resize/grid_sample_random_warp",
    "subcategory": "grid_sample",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 2, "height": 8, "width": 8, "out_height": 8, "out_width": 8},
        "small": {"batch_size": 8, "channels": 32, "height": 64, "width": 64, "out_height": 64, "out_width": 64},
        "large": {"batch_size": 16, "channels": 64, "height": 256, "width": 256, "out_height": 256, "out_width": 256},
    },
}

batch_size = 8
channels = 32
height = 64
width = 64
out_height = 64
out_width = 64


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, grid: torch.Tensor) -> torch.Tensor:
        return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def get_inputs():
    x = torch.randn(batch_size, channels, height, width)
    grid = torch.rand(batch_size, out_height, out_width, 2) * 2.2 - 1.1
    return [x, grid]


def get_init_inputs():
    return []

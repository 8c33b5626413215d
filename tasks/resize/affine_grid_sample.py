"""Spatial-transformer resampling: affine_grid from per-sample 2x3 matrices theta, then bilinear grid_sample.

Output has the input's size; align_corners=False, zero padding outside the input.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/resize/grid_sample_affine",
    "subcategory": "grid_sample",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 2, "height": 8, "width": 8},
        "small": {"batch_size": 8, "channels": 32, "height": 64, "width": 64},
        "large": {"batch_size": 16, "channels": 64, "height": 256, "width": 256},
    },
}

batch_size = 8
channels = 32
height = 64
width = 64


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, theta: torch.Tensor) -> torch.Tensor:
        grid = F.affine_grid(theta, list(x.shape), align_corners=False)
        return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def get_inputs():
    x = torch.randn(batch_size, channels, height, width)
    theta = torch.eye(2, 3).expand(batch_size, 2, 3) + 0.2 * torch.randn(batch_size, 2, 3)
    return [x, theta]


def get_init_inputs():
    return []

"""Polar to Cartesian coordinates: stack((r * cos(theta), r * sin(theta)), dim=-1) for (batch, points) radii and angles."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 4, "num_points": 256},
        "small": {"batch_size": 64, "num_points": 8192},
        "large": {"batch_size": 1024, "num_points": 131072},
    },
}

batch_size = 64
num_points = 8192


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, r: torch.Tensor, theta: torch.Tensor) -> torch.Tensor:
        return torch.stack((r * torch.cos(theta), r * torch.sin(theta)), dim=-1)


def get_inputs():
    r = torch.rand(batch_size, num_points) + 0.1
    theta = (2.0 * torch.rand(batch_size, num_points) - 1.0) * math.pi
    return [r, theta]


def get_init_inputs():
    return []

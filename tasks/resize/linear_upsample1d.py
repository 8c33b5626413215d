"""Linear 2x upsampling of an NCL sequence (mode='linear', align_corners=False, half-pixel centres, edges clamped)."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "linear",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 4, "length": 64},
        "small": {"batch_size": 8, "channels": 64, "length": 2048},
        "large": {"batch_size": 64, "channels": 256, "length": 65536},
    },
}

batch_size = 8
channels = 64
length = 2048
scale_factor = 2.0


class Model(nn.Module):
    def __init__(self, scale_factor: float):
        super().__init__()
        self.scale_factor = scale_factor

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.interpolate(x, scale_factor=self.scale_factor, mode="linear", align_corners=False)


def get_inputs():
    return [torch.randn(batch_size, channels, length)]


def get_init_inputs():
    return [scale_factor]

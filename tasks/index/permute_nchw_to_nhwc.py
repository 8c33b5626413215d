"""Layout transpose copy: NCHW -> NHWC, x.permute(0, 2, 3, 1).contiguous()."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 6, "height": 13, "width": 9},
        "small": {"batch_size": 8, "channels": 128, "height": 56, "width": 56},
        "large": {"batch_size": 128, "channels": 256, "height": 112, "width": 112},
    },
}

batch_size = 8
channels = 128
height = 56
width = 56


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.permute(0, 2, 3, 1).contiguous()


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return []

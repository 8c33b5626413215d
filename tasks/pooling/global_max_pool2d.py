"""Global 2-D max pooling: the maximum of each (sample, channel) plane of an NCHW tensor, giving an (N, C) tensor."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "global",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 8, "height": 7, "width": 7},
        "small": {"batch_size": 32, "channels": 256, "height": 28, "width": 28},
        "large": {"batch_size": 256, "channels": 2048, "height": 14, "width": 14},
    },
}

batch_size = 32
channels = 256
height = 28
width = 28


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.amax(x, dim=(2, 3))


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return []

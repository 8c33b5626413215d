"""PReLU with a learned slope per channel: x if x >= 0 else a[c] * x, on an NCHW feature map."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-6, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 8, "height": 12, "width": 12},
        "small": {"batch_size": 16, "channels": 64, "height": 64, "width": 64},
        "large": {"batch_size": 64, "channels": 128, "height": 128, "width": 128},
    },
}

batch_size = 16
channels = 64
height = 64
width = 64


class Model(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        # one learned negative slope per channel (drawn instead of PReLU's constant 0.25 init)
        self.weight = nn.Parameter(0.5 * torch.rand(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.prelu(x, self.weight)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels]

"""Sliding-window gather: x.unfold(-1, size=16, step=8) of a (batch, channels, length) tensor, copied contiguous."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 4, "length": 100},
        "small": {"batch_size": 16, "channels": 32, "length": 4096},
        "large": {"batch_size": 64, "channels": 256, "length": 65536},
    },
}

batch_size = 16
channels = 32
length = 4096
window = 16
step = 8


class Model(nn.Module):
    def __init__(self, window: int, step: int):
        super().__init__()
        self.window = window
        self.step = step

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.unfold(-1, self.window, self.step).contiguous()


def get_inputs():
    return [torch.randn(batch_size, channels, length)]


def get_init_inputs():
    return [window, step]

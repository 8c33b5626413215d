"""Circular shift of a 3-D tensor: torch.roll by +37 along dim 1 and -91 along dim 2."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "height": 40, "width": 100},
        "small": {"batch_size": 8, "height": 512, "width": 512},
        "large": {"batch_size": 256, "height": 2048, "width": 2048},
    },
}

batch_size = 8
height = 512
width = 512
shift_h = 37
shift_w = -91


class Model(nn.Module):
    def __init__(self, shift_h: int, shift_w: int):
        super().__init__()
        self.shifts = (shift_h, shift_w)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.roll(x, shifts=self.shifts, dims=(1, 2))


def get_inputs():
    return [torch.randn(batch_size, height, width)]


def get_init_inputs():
    return [shift_h, shift_w]

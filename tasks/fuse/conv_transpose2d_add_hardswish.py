"""ConvTranspose2d (3x3, stride 2, padding 1, output_padding 1: doubles H and W) plus a second input tensor of the output's shape, then HardSwish."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 4, "out_channels": 3, "height": 8, "width": 10},
        "small": {"batch_size": 8, "in_channels": 32, "out_channels": 32, "height": 32, "width": 32},
        "large": {"batch_size": 32, "in_channels": 128, "out_channels": 64, "height": 128, "width": 128},
    },
}

batch_size = 8
in_channels = 32
out_channels = 32
height = 32
width = 32


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int):
        super().__init__()
        self.deconv = nn.ConvTranspose2d(in_channels, out_channels, 3, stride=2, padding=1, output_padding=1)

    def forward(self, x: torch.Tensor, add: torch.Tensor) -> torch.Tensor:
        return F.hardswish(self.deconv(x) + add)


def get_inputs():
    x = torch.randn(batch_size, in_channels, height, width)
    add = torch.randn(batch_size, out_channels, 2 * height, 2 * width)
    return [x, add]


def get_init_inputs():
    return [in_channels, out_channels]

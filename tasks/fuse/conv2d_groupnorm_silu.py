"""Conv2d (3x3, padding 1, with bias), GroupNorm (learned affine, eps 1e-5) over channel groups, then SiLU, NCHW."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 3, "out_channels": 8, "num_groups": 2, "height": 10, "width": 10},
        "small": {"batch_size": 8, "in_channels": 16, "out_channels": 32, "num_groups": 8, "height": 64, "width": 64},
        "large": {"batch_size": 16, "in_channels": 128, "out_channels": 256, "num_groups": 32, "height": 128,
                  "width": 128},
    },
}

batch_size = 8
in_channels = 16
out_channels = 32
num_groups = 8
height = 64
width = 64


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, num_groups: int):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, 3, padding=1)
        self.norm = nn.GroupNorm(num_groups, out_channels)
        with torch.no_grad():  # non-trivial affine, so it cannot be skipped
            self.norm.weight.normal_(1.0, 0.2)
            self.norm.bias.normal_(0.0, 0.2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.silu(self.norm(self.conv(x)))


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, num_groups]

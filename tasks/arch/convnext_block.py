"""ConvNeXt block: 7x7 depthwise conv (padding 3, with bias), LayerNorm over channels (channels-last, eps 1e-6), Linear to 4x width, GELU, Linear back, per-channel layer scale, residual add; NCHW in and out."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 3,
    "source": "A ConvNet for the 2020s",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "dim": 8, "height": 8, "width": 8},
        "small": {"batch_size": 8, "dim": 64, "height": 24, "width": 24},
        "large": {"batch_size": 128, "dim": 128, "height": 56, "width": 56},
    },
}

batch_size = 8
dim = 64
height = 24
width = 24


class Model(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dwconv = nn.Conv2d(dim, dim, 7, padding=3, groups=dim)
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.pwconv1 = nn.Linear(dim, 4 * dim)
        self.pwconv2 = nn.Linear(4 * dim, dim)
        # A trained layer scale (the 1e-6 initial value would make the block an identity).
        self.gamma = nn.Parameter(torch.empty(dim).uniform_(0.1, 1.0))
        with torch.no_grad():
            self.norm.weight.normal_(1.0, 0.2)
            self.norm.bias.normal_(0.0, 0.2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.dwconv(x).permute(0, 2, 3, 1)
        h = self.pwconv2(F.gelu(self.pwconv1(self.norm(h))))
        h = (h * self.gamma).permute(0, 3, 1, 2)
        return x + h


def get_inputs():
    return [torch.randn(batch_size, dim, height, width)]


def get_init_inputs():
    return [dim]

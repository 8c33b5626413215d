"""GroupNorm over an NCHW tensor: 8 groups of channels, each normalised over (C/8, H, W), then a learned per-channel affine."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/35_GroupNorm_.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 16, "height": 6, "width": 7},
        "small": {"batch_size": 16, "channels": 64, "height": 56, "width": 56},
        "large": {"batch_size": 32, "channels": 256, "height": 128, "width": 128},
    },
}

batch_size = 16
channels = 64
height = 56
width = 56
num_groups = 8


class Model(nn.Module):
    def __init__(self, num_groups: int, channels: int, eps: float = 1e-5):
        super().__init__()
        self.gn = nn.GroupNorm(num_groups, channels, eps=eps, affine=True)
        with torch.no_grad():
            self.gn.weight.normal_(1.0, 0.2)
            self.gn.bias.normal_(0.0, 0.2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.gn(x)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [num_groups, channels]

"""GroupNorm with a single group: each sample normalised over all of (C, H, W), then a learned per-channel (not per-element) affine."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 5, "height": 6, "width": 7},
        "small": {"batch_size": 16, "channels": 64, "height": 48, "width": 48},
        "large": {"batch_size": 32, "channels": 256, "height": 64, "width": 64},
    },
}

batch_size = 16
channels = 64
height = 48
width = 48


class Model(nn.Module):
    def __init__(self, channels: int, eps: float = 1e-5):
        super().__init__()
        self.gn = nn.GroupNorm(1, channels, eps=eps, affine=True)
        with torch.no_grad():
            self.gn.weight.normal_(1.0, 0.2)
            self.gn.bias.normal_(0.0, 0.2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.gn(x)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels]

"""Weight-standardised 3x3 conv (stride 1, padding 1, bias): each filter is shifted to zero mean and scaled to unit variance over (C_in, 3, 3) before the conv."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 3, "out_channels": 4, "height": 8, "width": 9},
        "small": {"batch_size": 4, "in_channels": 32, "out_channels": 64, "height": 48, "width": 48},
        "large": {"batch_size": 32, "in_channels": 256, "out_channels": 256, "height": 56, "width": 56},
    },
}

batch_size = 4
in_channels = 32
out_channels = 64
height = 48
width = 48


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, eps: float = 1e-5):
        super().__init__()
        self.eps = eps
        self.conv = nn.Conv2d(in_channels, out_channels, 3, stride=1, padding=1, bias=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        w = self.conv.weight
        mean = w.mean(dim=(1, 2, 3), keepdim=True)
        var = w.var(dim=(1, 2, 3), unbiased=False, keepdim=True)
        w_hat = (w - mean) / torch.sqrt(var + self.eps)
        return F.conv2d(x, w_hat, self.conv.bias, stride=1, padding=1)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels]

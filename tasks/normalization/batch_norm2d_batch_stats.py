"""Training-style BatchNorm2d: normalise an NCHW tensor with its own per-channel mean and biased variance over (N, H, W), then a learned affine."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/33_BatchNorm.py",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 6, "height": 9, "width": 11},
        "small": {"batch_size": 16, "channels": 64, "height": 48, "width": 48},
        "large": {"batch_size": 64, "channels": 64, "height": 256, "width": 256},
    },
}

batch_size = 16
channels = 64
height = 48
width = 48


class Model(nn.Module):
    def __init__(self, channels: int, eps: float = 1e-5):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.empty(channels).normal_(1.0, 0.2))
        self.bias = nn.Parameter(torch.empty(channels).normal_(0.0, 0.2))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        mean = x.mean(dim=(0, 2, 3), keepdim=True)
        var = (x - mean).pow(2).mean(dim=(0, 2, 3), keepdim=True)  # biased variance
        x_hat = (x - mean) / torch.sqrt(var + self.eps)
        return x_hat * self.weight.view(1, -1, 1, 1) + self.bias.view(1, -1, 1, 1)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width) * 2.0 + 0.5]


def get_init_inputs():
    return [channels]

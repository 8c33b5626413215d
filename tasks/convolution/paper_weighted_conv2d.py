"""Weighted 2-D convolution: the 5x5 kernel is multiplied elementwise by the separable density Phi = alpha (x) alpha with alpha = [den, 1, flip(den)] before a stride-1, padding-2 NCHW convolution with bias.

Optimal weighted convolution weights each tap of the kernel by a spatial density of its offset
from the centre: alpha = [den, 1, flip(den)] (length k), Phi = outer(alpha, alpha), and
y = conv2d(x, W * Phi, b). The density values den are fixed per kernel size in the paper's
main experiments (k=3: [0.7], k=5: [0.2, 0.8], k=7: [0.25, 0.15, 0.55]) and learnable in its
trainable variant; here den is a parameter initialised to those values. A fused kernel applies
Phi on the fly.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "Optimal Weighted Convolution for Classification and Denoising",
    "subcategory": "conv_standard",
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 3, "out_channels": 4, "height": 10, "width": 9},
        "small": {"batch_size": 16, "in_channels": 64, "out_channels": 64, "height": 32, "width": 32},
        "large": {"batch_size": 64, "in_channels": 64, "out_channels": 64, "height": 256, "width": 256},
    },
}

batch_size = 16
in_channels = 64
out_channels = 64
height = 32
width = 32
kernel_size = 5

_DEN = {3: [0.7], 5: [0.2, 0.8], 7: [0.25, 0.15, 0.55]}


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int):
        super().__init__()
        self.padding = kernel_size // 2
        self.weight = nn.Parameter(torch.empty(out_channels, in_channels, kernel_size, kernel_size))
        nn.init.kaiming_normal_(self.weight, mode="fan_out", nonlinearity="relu")
        bound = 1.0 / (in_channels * kernel_size * kernel_size) ** 0.5
        self.bias = nn.Parameter(torch.empty(out_channels).uniform_(-bound, bound))
        self.den = nn.Parameter(torch.tensor(_DEN[kernel_size]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        alpha = torch.cat([self.den, self.den.new_ones(1), torch.flip(self.den, dims=[0])])
        phi = torch.outer(alpha, alpha)
        return F.conv2d(x, self.weight * phi, self.bias, padding=self.padding)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]

"""Weighted 3-D convolution: the 3x3x3 kernel is multiplied elementwise by Phi = alpha (x) alpha (x) alpha with alpha = [den, 1, den] before a stride-1, padding-1 NCDHW convolution with bias.

Optimal weighted convolution (volumetric form): each tap is weighted by a separable spatial
density of its offset from the centre, alpha = [den, 1, flip(den)], Phi = alpha (x) alpha (x) alpha,
y = conv3d(x, W * Phi, b). For k=3 the paper's density is den = [0.7]; here den is a parameter
(the trainable variant) initialised to it.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "Optimal Weighted Convolution for Classification and Denoising",
    "subcategory": "conv_standard",
    "shapes": {
        "tiny": {"batch_size": 1, "in_channels": 3, "out_channels": 4, "depth": 6, "height": 7, "width": 5},
        "small": {"batch_size": 2, "in_channels": 16, "out_channels": 16, "depth": 24, "height": 24, "width": 24},
        "large": {"batch_size": 4, "in_channels": 32, "out_channels": 32, "depth": 64, "height": 64, "width": 64},
    },
}

batch_size = 2
in_channels = 16
out_channels = 16
depth = 24
height = 24
width = 24
kernel_size = 3

_DEN = {3: [0.7], 5: [0.2, 0.8], 7: [0.25, 0.15, 0.55]}


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int):
        super().__init__()
        self.padding = kernel_size // 2
        self.weight = nn.Parameter(torch.empty(out_channels, in_channels, kernel_size, kernel_size, kernel_size))
        nn.init.kaiming_normal_(self.weight, mode="fan_out", nonlinearity="relu")
        bound = 1.0 / (in_channels * kernel_size ** 3) ** 0.5
        self.bias = nn.Parameter(torch.empty(out_channels).uniform_(-bound, bound))
        self.den = nn.Parameter(torch.tensor(_DEN[kernel_size]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        alpha = torch.cat([self.den, self.den.new_ones(1), torch.flip(self.den, dims=[0])])
        phi = torch.einsum("i,j,k->ijk", alpha, alpha, alpha)
        return F.conv3d(x, self.weight * phi, self.bias, padding=self.padding)


def get_inputs():
    return [torch.randn(batch_size, in_channels, depth, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]

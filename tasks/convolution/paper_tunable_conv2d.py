"""Tunable 2-D convolution: per-sample kernel and bias mixed from P learned kernels by the sample's tuning weights, then a 3x3 stride-1 zero-padded (k//2) NCHW convolution.

Tunable convolutions keep P kernels W_p and biases b_p. Each sample b carries P tuning
parameters px[b] (here first passed through a learned Linear(P, P), as in the reference
implementation), and is convolved with its own kernel W_b = sum_p px[b, p] W_p and bias
b_b = sum_p px[b, p] b_p. The reference runs it as one grouped convolution with groups=B
over the batch folded into channels.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "Tunable Convolutions with Parametric Multi-Loss Optimization",
    "subcategory": "conv_dynamic",
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 4, "out_channels": 6, "height": 10, "width": 12, "num_params": 2},
        "small": {"batch_size": 4, "in_channels": 64, "out_channels": 64, "height": 64, "width": 64, "num_params": 2},
        "large": {"batch_size": 16, "in_channels": 64, "out_channels": 64, "height": 256, "width": 256, "num_params": 4},
    },
}

batch_size = 4
in_channels = 64
out_channels = 64
height = 64
width = 64
num_params = 2
kernel_size = 3
stride = 1


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, num_params: int, stride: int = 1):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride
        self.mlp = nn.Linear(num_params, num_params)
        weight = torch.empty(num_params, out_channels, in_channels, kernel_size, kernel_size)
        for p in range(num_params):
            nn.init.kaiming_uniform_(weight[p], a=5 ** 0.5)
        self.weight = nn.Parameter(weight)
        bound = 1.0 / (in_channels * kernel_size * kernel_size) ** 0.5
        self.bias = nn.Parameter(torch.empty(num_params, out_channels).uniform_(-bound, bound))

    def forward(self, x: torch.Tensor, px: torch.Tensor) -> torch.Tensor:
        b, c, h, w = x.shape
        px = self.mlp(px)                                              # (B, P)
        weight = torch.einsum("bp,poikl->boikl", px, self.weight)      # (B, Co, Ci, k, k)
        bias = px @ self.bias                                          # (B, Co)
        co = weight.shape[1]
        y = F.conv2d(x.reshape(1, b * c, h, w), weight.reshape(b * co, c, self.kernel_size, self.kernel_size),
                     bias.reshape(b * co), stride=self.stride, padding=self.kernel_size // 2, groups=b)
        return y.reshape(b, co, y.shape[-2], y.shape[-1])


def get_inputs():
    x = torch.randn(batch_size, in_channels, height, width)
    px = torch.rand(batch_size, num_params)
    px = px / px.sum(dim=1, keepdim=True)  # tuning weights on the simplex, as at inference
    return [x, px]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, num_params, stride]

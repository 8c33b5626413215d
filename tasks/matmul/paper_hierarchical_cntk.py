"""Hierarchical deep CNTK (neural tangent kernel of a 1-D CNN with non-overlapping patches) between two input sets: normalised leaf-patch cosine matrices, then per level arc-cosine kernels averaged over sibling patches; returns the (Nx, Ny) kernel matrix.

What Can Be Learnt With Wide Convolutional Neural Networks? studies infinitely wide hierarchical CNNs
through their NTK (the authors' dcntk). Inputs x (Nx, d), y (Ny, d) are cut into a patch tree
(T = d / prod(s), s_L, ..., s_2, s_1) with filter size s at every level; every leaf patch (length s_1)
is normalised to the unit sphere and c = <x_leaf, y_leaf> gives (T, s_L, ..., s_2, Nx, Ny). Starting
from Theta = c, repeat L times: rho = kappa1(c).mean(dim=-3); Theta = (kappa0(c) * Theta).mean(dim=-3)
+ rho; c = rho, with kappa0(t) = (pi - arccos t)/pi and kappa1(t) = (sqrt(1 - t^2) + (pi - arccos t) t)/pi
(t clamped to [-1, 1]). The last level also averages over the T top patches.
"""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "What Can Be Learnt With Wide Convolutional Neural Networks?",
    "subcategory": "conv_kernel_method",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"num_x": 24, "num_y": 20, "input_dim": 8, "filter_size": 2, "depth": 3},
        "small": {"num_x": 384, "num_y": 384, "input_dim": 8, "filter_size": 2, "depth": 3},
        "large": {"num_x": 8192, "num_y": 8192, "input_dim": 64, "filter_size": 4, "depth": 3},
    },
}

num_x = 384
num_y = 384
input_dim = 8
filter_size = 2
depth = 3


def _kappa0(t: torch.Tensor) -> torch.Tensor:
    t = t.clamp(-1.0, 1.0)
    return (math.pi - torch.arccos(t)) / math.pi


def _kappa1(t: torch.Tensor) -> torch.Tensor:
    t = t.clamp(-1.0, 1.0)
    return (torch.sqrt(1.0 - t * t) + (math.pi - torch.arccos(t)) * t) / math.pi


class Model(nn.Module):
    def __init__(self, filter_size: int, depth: int):
        super().__init__()
        self.s = filter_size
        self.depth = depth

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        s, L = self.s, self.depth
        t = x.shape[1] // s ** L
        xp = x.reshape(x.shape[0], t, *([s] * L))
        yp = y.reshape(y.shape[0], t, *([s] * L))
        xp = xp / xp.norm(dim=-1, keepdim=True)
        yp = yp / yp.norm(dim=-1, keepdim=True)
        order = [*range(1, L + 1), 0, L + 1]
        c = torch.matmul(xp.permute(*order), yp.permute(*range(1, L + 1), L + 1, 0))   # (T, s.., Nx, Ny)
        theta = c
        for _ in range(L):
            rho = _kappa1(c).mean(dim=-3)
            theta = (_kappa0(c) * theta).mean(dim=-3) + rho
            c = rho
        return theta


def get_inputs():
    return [torch.randn(num_x, input_dim), torch.randn(num_y, input_dim)]


def get_init_inputs():
    return [filter_size, depth]

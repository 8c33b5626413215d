"""Generalized-mean (GeM) global pooling with p = 3 over an NCHW tensor: (mean over H, W of clamp(x, 1e-6)^3)^(1/3).

Used for image retrieval descriptors; gives an (N, C) tensor. The input is positive (post-ReLU features).
"""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "subcategory": "global",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "domain": "positive",
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 8, "height": 7, "width": 7},
        "small": {"batch_size": 16, "channels": 256, "height": 20, "width": 20},
        "large": {"batch_size": 256, "channels": 2048, "height": 16, "width": 16},
    },
}

batch_size = 16
channels = 256
height = 20
width = 20
p = 3.0
eps = 1e-6


class Model(nn.Module):
    def __init__(self, p: float, eps: float):
        super().__init__()
        self.p = p
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.clamp(min=self.eps).pow(self.p).mean(dim=(2, 3)).pow(1.0 / self.p)


def get_inputs():
    return [torch.rand(batch_size, channels, height, width)]


def get_init_inputs():
    return [p, eps]

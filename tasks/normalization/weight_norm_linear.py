"""Weight-normalised linear layer: W = g * v / ||v|| (L2 norm of each output row of v), then y = x @ W^T + b."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 8, "in_features": 48, "out_features": 40},
        "small": {"batch_size": 256, "in_features": 1024, "out_features": 512},
        "large": {"batch_size": 8192, "in_features": 8192, "out_features": 8192},
    },
}

batch_size = 256
in_features = 1024
out_features = 512


class Model(nn.Module):
    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        bound = 1.0 / math.sqrt(in_features)
        self.v = nn.Parameter(torch.empty(out_features, in_features).uniform_(-bound, bound))
        self.g = nn.Parameter(torch.empty(out_features, 1).normal_(1.0, 0.3))  # per-output gain, independent of ||v||
        self.bias = nn.Parameter(torch.empty(out_features).uniform_(-bound, bound))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        w = self.g * self.v / torch.linalg.vector_norm(self.v, ord=2, dim=1, keepdim=True)
        return torch.nn.functional.linear(x, w, self.bias)


def get_inputs():
    return [torch.randn(batch_size, in_features)]


def get_init_inputs():
    return [in_features, out_features]

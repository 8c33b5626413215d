"""Batched matmul of two inputs (B, M, K) @ (B, K, N), multiplied by a constant scale, then softmax over the last (N) dimension."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "m": 16, "k": 8, "n": 24},
        "small": {"batch_size": 16, "m": 256, "k": 64, "n": 256},
        "large": {"batch_size": 128, "m": 2048, "k": 128, "n": 2048},
    },
}

batch_size = 16
m = 256
k = 64
n = 256
scale = 0.125


class Model(nn.Module):
    def __init__(self, scale: float):
        super().__init__()
        self.scale = scale

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return torch.softmax(torch.bmm(a, b) * self.scale, dim=-1)


def get_inputs():
    return [torch.randn(batch_size, m, k), torch.randn(batch_size, k, n)]


def get_init_inputs():
    return [scale]

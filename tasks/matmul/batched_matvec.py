"""Batched matrix-vector product y[b] = A[b] @ x[b] of (batch, M, K) matrices with (batch, K) vectors, giving (batch, M)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 3, "M": 24, "K": 40},
        "small": {"batch_size": 16, "M": 512, "K": 512},
        "large": {"batch_size": 256, "M": 4096, "K": 1024},
    },
}

batch_size = 16
M = 512
K = 512


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return torch.bmm(A, x.unsqueeze(-1)).squeeze(-1)


def get_inputs():
    A = torch.randn(batch_size, M, K)
    x = torch.randn(batch_size, K)
    return [A, x]


def get_init_inputs():
    return []

"""Tensor contraction over two non-adjacent dims, C[b,i,n] = sum_{j,k} A[b,j,i,k] * B[j,k,n] (einsum 'bjik,jkn->bin')."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"b": 2, "j": 4, "i": 10, "k": 6, "n": 12},
        "small": {"b": 8, "j": 16, "i": 128, "k": 32, "n": 256},
        "large": {"b": 32, "j": 64, "i": 1024, "k": 64, "n": 1024},
    },
}

b = 8
j = 16
i = 128
k = 32
n = 256


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.einsum("bjik,jkn->bin", A, B)


def get_inputs():
    A = torch.randn(b, j, i, k)
    B = torch.randn(j, k, n)
    return [A, B]


def get_init_inputs():
    return []

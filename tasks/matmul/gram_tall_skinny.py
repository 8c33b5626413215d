"""Gram matrix G = A^T @ A of a tall-skinny (M, N) matrix with M >> N: a long reduction over M rows into a small (N, N) output."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"M": 256, "N": 8},
        "small": {"M": 16384, "N": 64},
        "large": {"M": 1048576, "N": 128},
    },
}

M = 16384
N = 64


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor) -> torch.Tensor:
        return torch.matmul(A.T, A)


def get_inputs():
    return [torch.randn(M, N)]


def get_init_inputs():
    return []

"""Symmetric rank-K product (SYRK) C = A @ A^T of a single (N, K) matrix with itself, giving a symmetric (N, N) matrix."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"N": 40, "K": 32},
        "small": {"N": 512, "K": 512},
        "large": {"N": 8192, "K": 8192},
    },
}

N = 512
K = 512


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor) -> torch.Tensor:
        return torch.matmul(A, A.T)


def get_inputs():
    return [torch.randn(N, K)]


def get_init_inputs():
    return []

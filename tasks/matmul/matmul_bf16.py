"""Bfloat16 matrix multiplication C = A @ B of (M, K) and (K, N) bfloat16 matrices, with a bfloat16 output."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "dtype": "bfloat16",
    "tolerance": {"atol": 2e-2, "rtol": 2e-2},
    "shapes": {
        "tiny": {"M": 24, "K": 32, "N": 16},
        "small": {"M": 192, "K": 256, "N": 256},
        "large": {"M": 8192, "K": 8192, "N": 8192},
    },
}

M = 192
K = 256
N = 256


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.matmul(A, B)


def get_inputs():
    A = torch.randn(M, K).to(torch.bfloat16)
    B = torch.randn(K, N).to(torch.bfloat16)
    return [A, B]


def get_init_inputs():
    return []

"""Batched matrix multiplication C[b] = A[b] @ B[b] of (batch, M, K) and (batch, K, N) fp32 tensors (torch.bmm)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/3_Batched_matrix_multiplication.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "M": 12, "K": 16, "N": 20},
        "small": {"batch_size": 16, "M": 256, "K": 128, "N": 256},
        "large": {"batch_size": 128, "M": 512, "K": 1024, "N": 2048},
    },
}

batch_size = 16
M = 256
K = 128
N = 256


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.bmm(A, B)


def get_inputs():
    A = torch.randn(batch_size, M, K)
    B = torch.randn(batch_size, K, N)
    return [A, B]


def get_init_inputs():
    return []

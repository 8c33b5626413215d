"""Broadcast batched matmul C[b, h] = A[b, h] @ B[h]: A is (batch, heads, M, K), B is (heads, K, N), shared across the batch."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "heads": 3, "M": 8, "K": 12, "N": 10},
        "small": {"batch_size": 4, "heads": 8, "M": 128, "K": 64, "N": 96},
        "large": {"batch_size": 32, "heads": 32, "M": 1024, "K": 128, "N": 128},
    },
}

batch_size = 4
heads = 8
M = 128
K = 64
N = 96


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.matmul(A, B)  # B (heads, K, N) broadcasts over the batch dimension of A


def get_inputs():
    A = torch.randn(batch_size, heads, M, K)
    B = torch.randn(heads, K, N)
    return [A, B]


def get_init_inputs():
    return []

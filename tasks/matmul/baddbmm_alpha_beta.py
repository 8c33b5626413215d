"""Batched scaled GEMM with accumulate, out[b] = beta * C[b] + alpha * (A[b] @ B[b]) (torch.baddbmm), beta=0.75, alpha=0.5."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "M": 12, "K": 16, "N": 20},
        "small": {"batch_size": 8, "M": 128, "K": 192, "N": 160},
        "large": {"batch_size": 64, "M": 1024, "K": 1024, "N": 1024},
    },
}

batch_size = 8
M = 128
K = 192
N = 160
alpha = 0.5
beta = 0.75


class Model(nn.Module):
    def __init__(self, alpha: float, beta: float):
        super().__init__()
        self.alpha = alpha
        self.beta = beta

    def forward(self, C: torch.Tensor, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.baddbmm(C, A, B, beta=self.beta, alpha=self.alpha)


def get_inputs():
    C = torch.randn(batch_size, M, N) * 8.0  # comparable in size to A @ B
    A = torch.randn(batch_size, M, K)
    B = torch.randn(batch_size, K, N)
    return [C, A, B]


def get_init_inputs():
    return [alpha, beta]

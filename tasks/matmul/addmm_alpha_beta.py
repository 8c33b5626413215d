"""Scaled GEMM with accumulate, out = beta * C + alpha * (A @ B) (torch.addmm), with C a full (M, N) input, beta=0.5, alpha=2.0."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"M": 24, "K": 40, "N": 32},
        "small": {"M": 384, "K": 512, "N": 256},
        "large": {"M": 8192, "K": 8192, "N": 8192},
    },
}

M = 384
K = 512
N = 256
alpha = 2.0
beta = 0.5


class Model(nn.Module):
    def __init__(self, alpha: float, beta: float):
        super().__init__()
        self.alpha = alpha
        self.beta = beta

    def forward(self, C: torch.Tensor, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.addmm(C, A, B, beta=self.beta, alpha=self.alpha)


def get_inputs():
    C = torch.randn(M, N) * 8.0  # comparable in size to A @ B
    A = torch.randn(M, K)
    B = torch.randn(K, N)
    return [C, A, B]


def get_init_inputs():
    return [alpha, beta]

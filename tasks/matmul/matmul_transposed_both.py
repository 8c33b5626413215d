"""Matrix multiplication with both operands transposed, C = A^T @ B^T, where A is stored (K, M) and B is stored (N, K)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/18_Matmul_with_transposed_both.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"M": 24, "K": 40, "N": 32},
        "small": {"M": 256, "K": 512, "N": 384},
        "large": {"M": 8192, "K": 4096, "N": 8192},
    },
}

M = 256
K = 512
N = 384


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.matmul(A.T, B.T)


def get_inputs():
    A = torch.randn(K, M)
    B = torch.randn(N, K)
    return [A, B]


def get_init_inputs():
    return []

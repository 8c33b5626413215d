"""Matrix multiplication with the first operand transposed, C = A^T @ B, where A is stored (K, M) and B is (K, N)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/16_Matmul_with_transposed_A.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"M": 24, "K": 40, "N": 32},
        "small": {"M": 384, "K": 512, "N": 256},
        "large": {"M": 8192, "K": 4096, "N": 8192},
    },
}

M = 384
K = 512
N = 256


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.matmul(A.T, B)


def get_inputs():
    A = torch.randn(K, M)
    B = torch.randn(K, N)
    return [A, B]


def get_init_inputs():
    return []

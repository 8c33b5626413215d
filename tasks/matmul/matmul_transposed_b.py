"""Matrix multiplication with the second operand transposed, C = A @ B^T, where A is (M, K) and B is stored (N, K)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/17_Matmul_with_transposed_B.py",
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
        return torch.matmul(A, B.T)


def get_inputs():
    A = torch.randn(M, K)
    B = torch.randn(N, K)
    return [A, B]


def get_init_inputs():
    return []

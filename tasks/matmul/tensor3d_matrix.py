"""3-D tensor times matrix, C[n] = A[n] @ B: A is (N, M, K), B is a single (K, L) matrix, C is (N, M, L)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/10_3D_tensor_matrix_multiplication.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"N": 2, "M": 12, "K": 24, "L": 16},
        "small": {"N": 8, "M": 256, "K": 256, "L": 192},
        "large": {"N": 16, "M": 1024, "K": 2048, "L": 768},
    },
}

N = 8
M = 256
K = 256
L = 192


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.matmul(A, B)


def get_inputs():
    A = torch.randn(N, M, K)
    B = torch.randn(K, L)
    return [A, B]


def get_init_inputs():
    return []

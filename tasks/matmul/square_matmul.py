"""Square matrix multiplication C = A @ B of two N x N fp32 matrices."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/1_Square_matrix_multiplication_.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"N": 40},
        "small": {"N": 384},
        "large": {"N": 4096},
    },
}

N = 384


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.matmul(A, B)


def get_inputs():
    A = torch.randn(N, N)
    B = torch.randn(N, N)
    return [A, B]


def get_init_inputs():
    return []

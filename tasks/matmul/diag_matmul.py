"""Diagonal-matrix product C = diag(d) @ B, with the diagonal given as a length-N vector d and B an (N, M) matrix."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/12_Matmul_with_diagonal_matrices_.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"N": 40, "M": 48},
        "small": {"N": 512, "M": 1024},
        "large": {"N": 4096, "M": 4096},
    },
}

N = 512
M = 1024


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, d: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.diag(d) @ B


def get_inputs():
    d = torch.randn(N)
    B = torch.randn(N, M)
    return [d, B]


def get_init_inputs():
    return []

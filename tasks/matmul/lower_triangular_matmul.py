"""Product of two lower-triangular (N, N) matrices, C = tril(A @ B), where the inputs A and B are lower-triangular."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/15_Matmul_for_lower_triangular_matrices.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "domain": "fixed",
    "shapes": {
        "tiny": {"N": 48},
        "small": {"N": 512},
        "large": {"N": 8192},
    },
}

N = 512


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.tril(torch.matmul(A, B))


def get_inputs():
    # the inputs are structured (zero above the diagonal), hence the fixed domain
    A = torch.tril(torch.randn(N, N))
    B = torch.tril(torch.randn(N, N))
    return [A, B]


def get_init_inputs():
    return []

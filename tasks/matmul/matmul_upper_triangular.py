"""Product with an upper-triangular factor, C = A @ triu(U): the triangle (diagonal included) of the (N, N) input U is used."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"M": 24, "N": 40},
        "small": {"M": 512, "N": 512},
        "large": {"M": 8192, "N": 8192},
    },
}

M = 512
N = 512


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, U: torch.Tensor) -> torch.Tensor:
        return torch.matmul(A, torch.triu(U))


def get_inputs():
    A = torch.randn(M, N)
    U = torch.randn(N, N)
    return [A, U]


def get_init_inputs():
    return []

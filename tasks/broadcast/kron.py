"""Kronecker product C = A (x) B (torch.kron) of an (m1, n1) and an (m2, n2) matrix, giving an (m1*m2, n1*n2) block matrix."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"m1": 6, "n1": 8, "m2": 5, "n2": 7},
        "small": {"m1": 48, "n1": 64, "m2": 40, "n2": 32},
        "large": {"m1": 128, "n1": 128, "m2": 96, "n2": 128},
    },
}

m1 = 48
n1 = 64
m2 = 40
n2 = 32


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.kron(A, B)


def get_inputs():
    A = torch.randn(m1, n1)
    B = torch.randn(m2, n2)
    return [A, B]


def get_init_inputs():
    return []

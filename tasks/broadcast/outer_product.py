"""Outer product C = u v^T of a length-M vector u and a length-N vector v, giving an (M, N) matrix (torch.outer)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"M": 48, "N": 40},
        "small": {"M": 2048, "N": 2048},
        "large": {"M": 32768, "N": 32768},
    },
}

M = 2048
N = 2048


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        return torch.outer(u, v)


def get_inputs():
    u = torch.randn(M)
    v = torch.randn(N)
    return [u, v]


def get_init_inputs():
    return []

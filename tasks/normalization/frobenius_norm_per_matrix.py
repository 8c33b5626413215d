"""Per-matrix Frobenius normalisation of a (batch, M, N) tensor: each matrix X[b] is divided by its own Frobenius norm ||X[b]||_F."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"batch_size": 3, "M": 12, "N": 20},
        "small": {"batch_size": 64, "M": 256, "N": 256},
        "large": {"batch_size": 64, "M": 2048, "N": 2048},
    },
}

batch_size = 64
M = 256
N = 256


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        norm = torch.linalg.matrix_norm(x, ord="fro", keepdim=True)
        return x / norm


def get_inputs():
    return [torch.randn(batch_size, M, N)]


def get_init_inputs():
    return []

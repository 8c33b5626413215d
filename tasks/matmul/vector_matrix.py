"""Vector-matrix product y = x @ B of a length-K vector with a row-major (K, N) fp32 matrix, giving a length-N vector."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"K": 64, "N": 48},
        "small": {"K": 2048, "N": 2048},
        "large": {"K": 16384, "N": 16384},
    },
}

K = 2048
N = 2048


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.matmul(x, B)


def get_inputs():
    x = torch.randn(K)
    B = torch.randn(K, N)
    return [x, B]


def get_init_inputs():
    return []

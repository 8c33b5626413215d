"""Half-precision matrix multiplication C = A @ B of (M, K) and (K, N) float16 matrices, with a float16 output."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "dtype": "float16",
    "tolerance": {"atol": 1e-2, "rtol": 1e-2},
    "shapes": {
        "tiny": {"M": 16, "K": 32, "N": 24},
        "small": {"M": 256, "K": 256, "N": 192},
        "large": {"M": 8192, "K": 8192, "N": 8192},
    },
}

M = 256
K = 256
N = 192


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.matmul(A, B)


def get_inputs():
    A = torch.randn(M, K).half()
    B = torch.randn(K, N).half()
    return [A, B]


def get_init_inputs():
    return []

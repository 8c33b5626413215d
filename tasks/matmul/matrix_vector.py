"""Matrix-vector product y = A @ x of an (M, K) fp32 matrix with a length-K vector, giving a length-M vector."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/4_Matrix_vector_multiplication_.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"M": 48, "K": 64},
        "small": {"M": 2048, "K": 2048},
        "large": {"M": 16384, "K": 16384},
    },
}

M = 2048
K = 2048


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return torch.mv(A, x)


def get_inputs():
    A = torch.randn(M, K)
    x = torch.randn(K)
    return [A, x]


def get_init_inputs():
    return []

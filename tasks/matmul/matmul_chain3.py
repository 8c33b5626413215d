"""Chained product of three matrices D = A @ B @ C (torch.linalg.multi_dot) with shapes where the association order matters."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"M": 24, "K1": 8, "K2": 32, "N": 16},
        "small": {"M": 512, "K1": 64, "K2": 512, "N": 256},
        "large": {"M": 8192, "K1": 512, "K2": 8192, "N": 4096},
    },
}

M = 512
K1 = 64
K2 = 512
N = 256


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor, C: torch.Tensor) -> torch.Tensor:
        # A: (M, K1), B: (K1, K2), C: (K2, N); computing B @ C first is far cheaper when K1 << M
        return torch.linalg.multi_dot([A, B, C])


def get_inputs():
    A = torch.randn(M, K1)
    B = torch.randn(K1, K2)
    C = torch.randn(K2, N)
    return [A, B, C]


def get_init_inputs():
    return []

"""relu(A @ B^T), each row divided by its sum (+1e-6), then multiplied by C: (Bt, M, K), (Bt, N, K), (Bt, N, P) -> (Bt, M, P)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "m": 12, "n": 16, "k": 8, "p": 8},
        "small": {"batch_size": 8, "m": 256, "n": 256, "k": 64, "p": 64},
        "large": {"batch_size": 64, "m": 2048, "n": 2048, "k": 128, "p": 128},
    },
}

batch_size = 8
m = 256
n = 256
k = 64
p = 64
eps = 1e-6


class Model(nn.Module):
    def __init__(self, eps: float):
        super().__init__()
        self.eps = eps

    def forward(self, a: torch.Tensor, b: torch.Tensor, c: torch.Tensor) -> torch.Tensor:
        s = torch.relu(torch.bmm(a, b.transpose(1, 2)))
        s = s / (s.sum(dim=-1, keepdim=True) + self.eps)
        return torch.bmm(s, c)


def get_inputs():
    return [torch.randn(batch_size, m, k), torch.randn(batch_size, n, k), torch.randn(batch_size, n, p)]


def get_init_inputs():
    return [eps]

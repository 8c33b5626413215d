"""SwiGLU feed-forward on RMS-normalised tokens: h = RMSNorm(x) (learned scale, eps 1e-6); out = W2(silu(W1 h) * (W3 h)), bias-free linears."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 8, "dim": 32, "hidden_dim": 64},
        "small": {"batch_size": 4, "seq_len": 64, "dim": 512, "hidden_dim": 1024},
        "large": {"batch_size": 8, "seq_len": 2048, "dim": 4096, "hidden_dim": 11008},
    },
}

batch_size = 4
seq_len = 64
dim = 512
hidden_dim = 1024
eps = 1e-6


class Model(nn.Module):
    def __init__(self, dim: int, hidden_dim: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(dim).uniform_(0.5, 1.5))
        self.w1 = nn.Linear(dim, hidden_dim, bias=False)
        self.w3 = nn.Linear(dim, hidden_dim, bias=False)
        self.w2 = nn.Linear(hidden_dim, dim, bias=False)
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = x * torch.rsqrt(x.pow(2).mean(dim=-1, keepdim=True) + self.eps) * self.weight
        return self.w2(F.silu(self.w1(h)) * self.w3(h))


def get_inputs():
    return [torch.randn(batch_size, seq_len, dim)]


def get_init_inputs():
    return [dim, hidden_dim, eps]

"""Performer (FAVOR+) attention with positive random features: phi(x) = (exp(W x' - |x'|^2 / 2 - c) + 1e-4) / sqrt(m), x' = x d^(-1/4), with a FIXED Gaussian projection W (m x d) drawn at construction; out = phi(Q) (phi(K)^T V) / (phi(Q) sum_j phi(K_j)), no mask.

The stabiliser c is the row maximum of the query logits and the maximum over all keys' logits (per batch and head).
"""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "Rethinking Attention with Performers",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"batch_size": 1, "num_heads": 2, "seq_len": 16, "head_dim": 16, "num_features": 32},
        "small": {"batch_size": 2, "num_heads": 8, "seq_len": 512, "head_dim": 64, "num_features": 128},
        "large": {"batch_size": 16, "num_heads": 16, "seq_len": 8192, "head_dim": 64, "num_features": 256},
    },
}

batch_size = 2
num_heads = 8
seq_len = 512
head_dim = 64
num_features = 128
eps = 1e-4


class Model(nn.Module):
    def __init__(self, head_dim: int, num_features: int, eps: float):
        super().__init__()
        self.register_buffer("projection", torch.randn(num_features, head_dim))
        self.eps = eps

    def _features(self, x: torch.Tensor, is_query: bool) -> torch.Tensor:
        x = x * x.size(-1) ** -0.25
        logits = x @ self.projection.t() - 0.5 * (x * x).sum(dim=-1, keepdim=True)
        if is_query:
            stab = logits.amax(dim=-1, keepdim=True)
        else:
            stab = logits.amax(dim=(-2, -1), keepdim=True)
        return (torch.exp(logits - stab) + self.eps) / math.sqrt(self.projection.size(0))

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        phi_q = self._features(q, True)
        phi_k = self._features(k, False)
        kv = phi_k.transpose(-2, -1) @ v  # (b, h, m, d)
        denom = phi_q @ phi_k.sum(dim=-2).unsqueeze(-1)  # (b, h, s, 1)
        return (phi_q @ kv) / denom


def get_inputs():
    shape = (batch_size, num_heads, seq_len, head_dim)
    return [torch.randn(shape), torch.randn(shape), torch.randn(shape)]


def get_init_inputs():
    return [head_dim, num_features, eps]

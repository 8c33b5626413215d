"""Causal differential attention: Q and K split into two halves give two causal softmax maps A1, A2 (scale 1/sqrt(d_half)); out = RMSNorm((A1 - lambda A2) V) * (1 - lambda_init) per head, with lambda = exp(lq1 . lk1) - exp(lq2 . lk2) + lambda_init from learned vectors.

Inputs are (batch, heads, seq, 2 * d_half) for Q, K and V; the RMSNorm (eps 1e-5, no affine) runs over each head's 2 * d_half outputs.
"""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "Differential Transformer",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "num_heads": 2, "seq_len": 12, "head_dim": 16},
        "small": {"batch_size": 2, "num_heads": 8, "seq_len": 256, "head_dim": 64},
        "large": {"batch_size": 4, "num_heads": 16, "seq_len": 2048, "head_dim": 128},
    },
}

batch_size = 2
num_heads = 8
seq_len = 256
head_dim = 64  # 2 * d_half
layer_index = 4
eps = 1e-5


class Model(nn.Module):
    def __init__(self, head_dim: int, layer_index: int, eps: float):
        super().__init__()
        half = head_dim // 2
        self.lambda_init = 0.8 - 0.6 * math.exp(-0.3 * (layer_index - 1))
        self.lambda_q1 = nn.Parameter(torch.randn(half) * 0.1)
        self.lambda_k1 = nn.Parameter(torch.randn(half) * 0.1)
        self.lambda_q2 = nn.Parameter(torch.randn(half) * 0.1)
        self.lambda_k2 = nn.Parameter(torch.randn(half) * 0.1)
        self.eps = eps

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        s = q.size(-2)
        q1, q2 = q.chunk(2, dim=-1)
        k1, k2 = k.chunk(2, dim=-1)
        scale = 1.0 / math.sqrt(q1.size(-1))
        future = torch.ones(s, s, dtype=torch.bool, device=q.device).triu(1)
        a1 = torch.softmax((q1 @ k1.transpose(-2, -1) * scale).masked_fill(future, float("-inf")), dim=-1)
        a2 = torch.softmax((q2 @ k2.transpose(-2, -1) * scale).masked_fill(future, float("-inf")), dim=-1)
        lam = (torch.exp(torch.dot(self.lambda_q1, self.lambda_k1))
               - torch.exp(torch.dot(self.lambda_q2, self.lambda_k2)) + self.lambda_init)
        out = (a1 - lam * a2) @ v
        out = out * torch.rsqrt(out.pow(2).mean(dim=-1, keepdim=True) + self.eps)
        return out * (1.0 - self.lambda_init)


def get_inputs():
    shape = (batch_size, num_heads, seq_len, head_dim)
    return [torch.randn(shape), torch.randn(shape), torch.randn(shape)]


def get_init_inputs():
    return [head_dim, layer_index, eps]

"""Causal attention with ALiBi linear biases: softmax(Q K^T / sqrt(d) - m_h (i - j)) V for keys j <= i, with head slopes m_h = 2^(-8 (h + 1) / H)."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "Train Short, Test Long: Attention with Linear Biases Enables Input Length Extrapolation",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "num_heads": 4, "seq_len": 12, "head_dim": 8},
        "small": {"batch_size": 2, "num_heads": 8, "seq_len": 256, "head_dim": 64},
        "large": {"batch_size": 8, "num_heads": 32, "seq_len": 2048, "head_dim": 128},
    },
}

batch_size = 2
num_heads = 8
seq_len = 256
head_dim = 64


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        h, s = q.size(1), q.size(2)
        slopes = torch.pow(2.0, -8.0 * torch.arange(1, h + 1, device=q.device, dtype=q.dtype) / h)
        pos = torch.arange(s, device=q.device)
        dist = (pos[:, None] - pos[None, :]).to(q.dtype)  # i - j
        bias = -slopes[:, None, None] * dist  # (h, s, s)
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(q.size(-1)) + bias
        scores = scores.masked_fill(dist < 0, float("-inf"))
        return torch.matmul(torch.softmax(scores, dim=-1), v)


def get_inputs():
    shape = (batch_size, num_heads, seq_len, head_dim)
    return [torch.randn(shape), torch.randn(shape), torch.randn(shape)]


def get_init_inputs():
    return []

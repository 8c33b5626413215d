"""Causal scaled dot-product attention softmax(Q K^T / sqrt(d) + M) V over (batch, heads, seq, head_dim) inputs, M masking every key after the query position with -inf."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "num_heads": 2, "seq_len": 16, "head_dim": 16},
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
        s = q.size(-2)
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(q.size(-1))
        future = torch.ones(s, s, dtype=torch.bool, device=q.device).triu(1)
        scores = scores.masked_fill(future, float("-inf"))
        return torch.matmul(torch.softmax(scores, dim=-1), v)


def get_inputs():
    shape = (batch_size, num_heads, seq_len, head_dim)
    return [torch.randn(shape), torch.randn(shape), torch.randn(shape)]


def get_init_inputs():
    return []

"""Non-causal scaled dot-product attention softmax(Q K^T / sqrt(d)) V over (batch, heads, seq, head_dim) inputs."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/97_ScaledDotProductAttention.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "num_heads": 2, "seq_len": 24, "head_dim": 16},
        "small": {"batch_size": 2, "num_heads": 8, "seq_len": 256, "head_dim": 64},
        "large": {"batch_size": 16, "num_heads": 32, "seq_len": 1024, "head_dim": 128},
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
        scale = 1.0 / math.sqrt(q.size(-1))
        scores = torch.matmul(q, k.transpose(-2, -1)) * scale
        probs = torch.softmax(scores, dim=-1)
        return torch.matmul(probs, v)


def get_inputs():
    q = torch.randn(batch_size, num_heads, seq_len, head_dim)
    k = torch.randn(batch_size, num_heads, seq_len, head_dim)
    v = torch.randn(batch_size, num_heads, seq_len, head_dim)
    return [q, k, v]


def get_init_inputs():
    return []

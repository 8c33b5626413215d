"""Causal grouped-query attention: queries have num_q_heads heads, keys/values num_kv_heads heads, each KV head shared by num_q_heads / num_kv_heads consecutive query heads; softmax(Q K^T / sqrt(d)) V with a causal mask."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "GQA: Training Generalized Multi-Query Transformer Models from Multi-Head Checkpoints",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "num_q_heads": 4, "num_kv_heads": 2, "seq_len": 12, "head_dim": 16},
        "small": {"batch_size": 2, "num_q_heads": 16, "num_kv_heads": 4, "seq_len": 256, "head_dim": 64},
        "large": {"batch_size": 8, "num_q_heads": 32, "num_kv_heads": 8, "seq_len": 2048, "head_dim": 128},
    },
}

batch_size = 2
num_q_heads = 16
num_kv_heads = 4
seq_len = 256
head_dim = 64


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        group = q.size(1) // k.size(1)
        k = k.repeat_interleave(group, dim=1)
        v = v.repeat_interleave(group, dim=1)
        s = q.size(-2)
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(q.size(-1))
        future = torch.ones(s, s, dtype=torch.bool, device=q.device).triu(1)
        scores = scores.masked_fill(future, float("-inf"))
        return torch.matmul(torch.softmax(scores, dim=-1), v)


def get_inputs():
    q = torch.randn(batch_size, num_q_heads, seq_len, head_dim)
    k = torch.randn(batch_size, num_kv_heads, seq_len, head_dim)
    v = torch.randn(batch_size, num_kv_heads, seq_len, head_dim)
    return [q, k, v]


def get_init_inputs():
    return []

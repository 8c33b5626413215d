"""Softmax-free causal self-attention layer: fused QKV projection (with bias) of (batch, seq, embed), per-head scores Q K^T / sqrt(d) with future keys masked, ReLU instead of softmax, times V, heads concatenated (no output projection)."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 3,
    "source": "KernelBench",
    "mirrors": "KernelBench/level3/50_ReLUSelfAttention.py",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 8, "n_embd": 32, "n_head": 4},
        "small": {"batch_size": 4, "seq_len": 128, "n_embd": 256, "n_head": 4},
        "large": {"batch_size": 16, "seq_len": 1024, "n_embd": 768, "n_head": 12},
    },
}

batch_size = 4
seq_len = 128
n_embd = 256
n_head = 4


class Model(nn.Module):
    def __init__(self, n_embd: int, n_head: int):
        super().__init__()
        self.n_head = n_head
        self.c_attn = nn.Linear(n_embd, 3 * n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, t, c = x.shape
        h = self.n_head
        q, k, v = self.c_attn(x).split(c, dim=2)
        q = q.view(b, t, h, c // h).transpose(1, 2)
        k = k.view(b, t, h, c // h).transpose(1, 2)
        v = v.view(b, t, h, c // h).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(c // h))
        future = torch.ones(t, t, dtype=torch.bool, device=x.device).triu(1)
        att = torch.relu(att.masked_fill(future, float("-inf")))
        return (att @ v).transpose(1, 2).reshape(b, t, c)


def get_inputs():
    return [torch.randn(batch_size, seq_len, n_embd)]


def get_init_inputs():
    return [n_embd, n_head]

"""Multi-head self-attention layer on (batch, seq, embed): separate Q, K, V input projections (with bias), per-head softmax(Q K^T / sqrt(d)) V without mask, heads concatenated, output projection."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 3,
    "source": "Attention Is All You Need",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 8, "embed_dim": 32, "num_heads": 4},
        "small": {"batch_size": 4, "seq_len": 128, "embed_dim": 256, "num_heads": 8},
        "large": {"batch_size": 32, "seq_len": 1024, "embed_dim": 1024, "num_heads": 16},
    },
}

batch_size = 4
seq_len = 128
embed_dim = 256
num_heads = 8


class Model(nn.Module):
    def __init__(self, embed_dim: int, num_heads: int):
        super().__init__()
        self.num_heads = num_heads
        self.q_proj = nn.Linear(embed_dim, embed_dim)
        self.k_proj = nn.Linear(embed_dim, embed_dim)
        self.v_proj = nn.Linear(embed_dim, embed_dim)
        self.out_proj = nn.Linear(embed_dim, embed_dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, s, e = x.shape
        h = self.num_heads
        q = self.q_proj(x).view(b, s, h, e // h).transpose(1, 2)
        k = self.k_proj(x).view(b, s, h, e // h).transpose(1, 2)
        v = self.v_proj(x).view(b, s, h, e // h).transpose(1, 2)
        att = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(e // h), dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, s, e)
        return self.out_proj(y)


def get_inputs():
    return [torch.randn(batch_size, seq_len, embed_dim)]


def get_init_inputs():
    return [embed_dim, num_heads]

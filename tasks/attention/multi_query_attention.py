"""Multi-query attention layer on (batch, seq, embed): a per-head query projection but a single shared key head and value head (projections with bias), softmax(Q K^T / sqrt(d)) V without mask, output projection."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 3,
    "source": "Fast Transformer Decoding: One Write-Head is All You Need",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 8, "embed_dim": 32, "num_heads": 4},
        "small": {"batch_size": 4, "seq_len": 128, "embed_dim": 512, "num_heads": 8},
        "large": {"batch_size": 8, "seq_len": 2048, "embed_dim": 4096, "num_heads": 32},
    },
}

batch_size = 4
seq_len = 128
embed_dim = 512
num_heads = 8


class Model(nn.Module):
    def __init__(self, embed_dim: int, num_heads: int):
        super().__init__()
        self.num_heads = num_heads
        self.head_dim = embed_dim // num_heads
        self.q_proj = nn.Linear(embed_dim, embed_dim)
        self.k_proj = nn.Linear(embed_dim, self.head_dim)
        self.v_proj = nn.Linear(embed_dim, self.head_dim)
        self.out_proj = nn.Linear(embed_dim, embed_dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, s, e = x.shape
        q = self.q_proj(x).view(b, s, self.num_heads, self.head_dim).transpose(1, 2)  # (b, h, s, d)
        k = self.k_proj(x).unsqueeze(1)  # (b, 1, s, d), shared by all heads
        v = self.v_proj(x).unsqueeze(1)
        att = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(self.head_dim), dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, s, e)
        return self.out_proj(y)


def get_inputs():
    return [torch.randn(batch_size, seq_len, embed_dim)]


def get_init_inputs():
    return [embed_dim, num_heads]

"""Multi-head latent attention (no decoupled RoPE): keys and values are up-projected from a shared low-rank latent c = RMSNorm(W_dkv x) (rank r, learned scale); per-head queries from x; causal softmax(Q K^T / sqrt(d)) V; output projection. All projections bias-free."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 3,
    "source": "DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts Language Model",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 8, "embed_dim": 32, "num_heads": 2, "head_dim": 16, "kv_rank": 8},
        "small": {"batch_size": 4, "seq_len": 128, "embed_dim": 512, "num_heads": 8, "head_dim": 64,
                  "kv_rank": 128},
        "large": {"batch_size": 4, "seq_len": 2048, "embed_dim": 4096, "num_heads": 32, "head_dim": 128,
                  "kv_rank": 512},
    },
}

batch_size = 4
seq_len = 128
embed_dim = 512
num_heads = 8
head_dim = 64
kv_rank = 128
eps = 1e-6


class Model(nn.Module):
    def __init__(self, embed_dim: int, num_heads: int, head_dim: int, kv_rank: int, eps: float):
        super().__init__()
        self.num_heads = num_heads
        self.head_dim = head_dim
        self.eps = eps
        self.q_proj = nn.Linear(embed_dim, num_heads * head_dim, bias=False)
        self.kv_down = nn.Linear(embed_dim, kv_rank, bias=False)
        self.kv_norm_weight = nn.Parameter(torch.empty(kv_rank).uniform_(0.5, 1.5))
        self.k_up = nn.Linear(kv_rank, num_heads * head_dim, bias=False)
        self.v_up = nn.Linear(kv_rank, num_heads * head_dim, bias=False)
        self.out_proj = nn.Linear(num_heads * head_dim, embed_dim, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, s, _ = x.shape
        h, d = self.num_heads, self.head_dim
        c = self.kv_down(x)
        c = c * torch.rsqrt(c.pow(2).mean(dim=-1, keepdim=True) + self.eps) * self.kv_norm_weight
        q = self.q_proj(x).view(b, s, h, d).transpose(1, 2)
        k = self.k_up(c).view(b, s, h, d).transpose(1, 2)
        v = self.v_up(c).view(b, s, h, d).transpose(1, 2)
        scores = q @ k.transpose(-2, -1) / math.sqrt(d)
        future = torch.ones(s, s, dtype=torch.bool, device=x.device).triu(1)
        att = torch.softmax(scores.masked_fill(future, float("-inf")), dim=-1)
        return self.out_proj((att @ v).transpose(1, 2).reshape(b, s, h * d))


def get_inputs():
    return [torch.randn(batch_size, seq_len, embed_dim)]


def get_init_inputs():
    return [embed_dim, num_heads, head_dim, kv_rank, eps]

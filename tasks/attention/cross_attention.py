"""Multi-head cross-attention: queries projected from x (batch, q_len, embed), keys and values projected from a context (batch, kv_len, context_dim) of another length; softmax(Q K^T / sqrt(d)) V, output projection."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 3,
    "source": "Attention Is All You Need",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"batch_size": 2, "q_len": 8, "kv_len": 6, "embed_dim": 32, "context_dim": 24, "num_heads": 4},
        "small": {"batch_size": 4, "q_len": 256, "kv_len": 77, "embed_dim": 256, "context_dim": 384,
                  "num_heads": 8},
        "large": {"batch_size": 16, "q_len": 4096, "kv_len": 77, "embed_dim": 640, "context_dim": 768,
                  "num_heads": 8},
    },
}

batch_size = 4
q_len = 256
kv_len = 77
embed_dim = 256
context_dim = 384
num_heads = 8


class Model(nn.Module):
    def __init__(self, embed_dim: int, context_dim: int, num_heads: int):
        super().__init__()
        self.num_heads = num_heads
        self.q_proj = nn.Linear(embed_dim, embed_dim)
        self.k_proj = nn.Linear(context_dim, embed_dim)
        self.v_proj = nn.Linear(context_dim, embed_dim)
        self.out_proj = nn.Linear(embed_dim, embed_dim)

    def forward(self, x: torch.Tensor, context: torch.Tensor) -> torch.Tensor:
        b, sq, e = x.shape
        skv = context.size(1)
        h = self.num_heads
        q = self.q_proj(x).view(b, sq, h, e // h).transpose(1, 2)
        k = self.k_proj(context).view(b, skv, h, e // h).transpose(1, 2)
        v = self.v_proj(context).view(b, skv, h, e // h).transpose(1, 2)
        att = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(e // h), dim=-1)
        return self.out_proj((att @ v).transpose(1, 2).reshape(b, sq, e))


def get_inputs():
    return [torch.randn(batch_size, q_len, embed_dim), torch.randn(batch_size, kv_len, context_dim)]


def get_init_inputs():
    return [embed_dim, context_dim, num_heads]

"""Attention over right-padded sequences: lengths (batch,) int64 gives each sequence's valid length; keys at positions >= length are masked with -inf, softmax(Q K^T / sqrt(d)) V, and outputs at padded query positions are set to zero."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 3, "num_heads": 2, "seq_len": 16, "head_dim": 8},
        "small": {"batch_size": 4, "num_heads": 8, "seq_len": 256, "head_dim": 64},
        "large": {"batch_size": 8, "num_heads": 16, "seq_len": 2048, "head_dim": 128},
    },
}

batch_size = 4
num_heads = 8
seq_len = 256
head_dim = 64


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        s = q.size(-2)
        valid = torch.arange(s, device=q.device)[None, :] < lengths[:, None]  # (b, s)
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(q.size(-1))
        scores = scores.masked_fill(~valid[:, None, None, :], float("-inf"))
        out = torch.matmul(torch.softmax(scores, dim=-1), v)
        return out * valid[:, None, :, None].to(out.dtype)


def get_inputs():
    shape = (batch_size, num_heads, seq_len, head_dim)
    lengths = torch.randint(1, seq_len + 1, (batch_size,), dtype=torch.int64)
    return [torch.randn(shape), torch.randn(shape), torch.randn(shape), lengths]


def get_init_inputs():
    return []

"""Bidirectional attention with a learned relative position bias: softmax(Q K^T / sqrt(d) + B[h, j - i]) V, B a (heads, 2 * max_len - 1) table indexed by the key-minus-query offset."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "num_heads": 2, "seq_len": 12, "head_dim": 16},
        "small": {"batch_size": 2, "num_heads": 8, "seq_len": 256, "head_dim": 64},
        "large": {"batch_size": 16, "num_heads": 16, "seq_len": 2048, "head_dim": 64},
    },
}

batch_size = 2
num_heads = 8
seq_len = 256
head_dim = 64


class Model(nn.Module):
    def __init__(self, num_heads: int, max_len: int):
        super().__init__()
        self.max_len = max_len
        self.bias_table = nn.Parameter(torch.randn(num_heads, 2 * max_len - 1) * 0.5)

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        s = q.size(-2)
        pos = torch.arange(s, device=q.device)
        offset = pos[None, :] - pos[:, None] + (self.max_len - 1)  # j - i, shifted to be >= 0
        bias = self.bias_table[:, offset]  # (h, s, s)
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(q.size(-1)) + bias
        return torch.matmul(torch.softmax(scores, dim=-1), v)


def get_inputs():
    shape = (batch_size, num_heads, seq_len, head_dim)
    return [torch.randn(shape), torch.randn(shape), torch.randn(shape)]


def get_init_inputs():
    return [num_heads, seq_len]

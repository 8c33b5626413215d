"""Causal sliding-window (local) attention over (batch, heads, seq, head_dim): query i attends only to keys j with i - window < j <= i (a band mask), softmax(Q K^T / sqrt(d)) V."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "Longformer: The Long-Document Transformer",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "num_heads": 2, "seq_len": 16, "head_dim": 8, "window": 4},
        "small": {"batch_size": 2, "num_heads": 8, "seq_len": 512, "head_dim": 64, "window": 64},
        "large": {"batch_size": 2, "num_heads": 16, "seq_len": 4096, "head_dim": 128, "window": 1024},
    },
}

batch_size = 2
num_heads = 8
seq_len = 512
head_dim = 64
window = 64


class Model(nn.Module):
    def __init__(self, window: int):
        super().__init__()
        self.window = window

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        s = q.size(-2)
        pos = torch.arange(s, device=q.device)
        dist = pos[:, None] - pos[None, :]  # i - j
        blocked = (dist < 0) | (dist >= self.window)
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(q.size(-1))
        scores = scores.masked_fill(blocked, float("-inf"))
        return torch.matmul(torch.softmax(scores, dim=-1), v)


def get_inputs():
    shape = (batch_size, num_heads, seq_len, head_dim)
    return [torch.randn(shape), torch.randn(shape), torch.randn(shape)]


def get_init_inputs():
    return [window]

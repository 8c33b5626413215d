"""Block-sparse attention with a fixed block pattern: the sequence is cut into blocks of block_size; a query in block b attends to keys in blocks b - 1, b (local) and 0 (global); softmax(Q K^T / sqrt(d)) V over the allowed keys."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "Generating Long Sequences with Sparse Transformers",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "num_heads": 2, "seq_len": 16, "head_dim": 8, "block_size": 4},
        "small": {"batch_size": 2, "num_heads": 8, "seq_len": 512, "head_dim": 64, "block_size": 64},
        "large": {"batch_size": 2, "num_heads": 16, "seq_len": 4096, "head_dim": 128, "block_size": 128},
    },
}

batch_size = 2
num_heads = 8
seq_len = 512
head_dim = 64
block_size = 64


class Model(nn.Module):
    def __init__(self, block_size: int):
        super().__init__()
        self.block_size = block_size

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        s = q.size(-2)
        blk = torch.arange(s, device=q.device) // self.block_size
        qb, kb = blk[:, None], blk[None, :]
        allowed = (kb == qb) | (kb == qb - 1) | (kb == 0)
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(q.size(-1))
        scores = scores.masked_fill(~allowed, float("-inf"))
        return torch.matmul(torch.softmax(scores, dim=-1), v)


def get_inputs():
    shape = (batch_size, num_heads, seq_len, head_dim)
    return [torch.randn(shape), torch.randn(shape), torch.randn(shape)]


def get_init_inputs():
    return [block_size]
